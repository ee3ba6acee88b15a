using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace WebCrm.FunctionalTests.Infrastructure;

/// <summary>A browser-like client: keeps cookies, reads antiforgery tokens from the page a form lives on.</summary>
public sealed partial class CrmClient(HttpClient http) : IDisposable
{
    public HttpClient Http => http;

    /// <summary>Makes the client ask for English pages, as the tests read English texts.</summary>
    public static HttpClient English(HttpClient client)
    {
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        return client;
    }

    public Task<HttpResponseMessage> GetAsync(string url) => http.GetAsync(url);

    public async Task<IHtmlDocument> PageAsync(string url)
    {
        var response = await http.GetAsync(url);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Fail($"GET {url} answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 1500)]}");
        }
        return await ParseAsync(response);
    }

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

    public async Task<string> TokenAsync(string pageUrl)
    {
        var response = await http.GetAsync(pageUrl);
        var html = await response.Content.ReadAsStringAsync();
        var match = TokenRegex().Match(html);
        Assert.True(match.Success, $"No antiforgery token on {pageUrl} ({(int)response.StatusCode} {response.Headers.Location}): {html[..Math.Min(html.Length, 600)]}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>Posts a form the way the page at <paramref name="pageUrl"/> would, token included.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string url, IEnumerable<KeyValuePair<string, string>> fields, string? pageUrl = null)
    {
        var token = await TokenAsync(pageUrl ?? url);
        var all = fields.Append(new("__RequestVerificationToken", token));
        return await http.PostAsync(url, new FormUrlEncodedContent(all));
    }

    public Task<HttpResponseMessage> PostFormAsync(string url, object fields, string? pageUrl = null) =>
        PostFormAsync(url, fields.GetType().GetProperties().Select(p => new KeyValuePair<string, string>(p.Name, p.GetValue(fields)?.ToString() ?? "")), pageUrl);

    public Task<HttpResponseMessage> SignInAsync(string userName, string password) =>
        PostFormAsync("/account/login", new { UserName = userName, Password = password }, "/account/login");

    public void Dispose() => http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();
}
