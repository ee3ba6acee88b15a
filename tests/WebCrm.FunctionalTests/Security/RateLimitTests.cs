using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Security;

/// <summary>
/// The rate limiter on sign-in and exports: past the configured limit the answer is 429 with Retry-After and the page in
/// the user's language. The shared apps set limits no test reaches; this test runs a node of its own with small ones.
/// The limiter keeps its counts in the node's memory, whatever the database, so SQLite alone covers it.
/// </summary>
public sealed class RateLimitTests(SqliteApp app)
{
    private static CrmClient ClientOf(WebApplicationFactory<Program> factory, string language)
    {
        var http = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return new CrmClient(http);
    }

    [Fact]
    public async Task Sign_in_and_export_past_their_limits_answer_429_with_retry_after_in_the_users_language()
    {
        await using var node = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("RateLimits:SignIn:PermitLimit", "3");
            b.UseSetting("RateLimits:SignIn:Window", "00:10:00");
            b.UseSetting("RateLimits:Export:PermitLimit", "2");
            b.UseSetting("RateLimits:Export:Window", "00:10:00");
        });
        var (_, user) = await app.CreateUserAsync([Permissions.Clients.ViewOwn, Permissions.Clients.Export]);
        using var en = ClientOf(node, "en");
        Assert.Equal(HttpStatusCode.Redirect, (await en.SignInAsync(user, CrmApp.Password)).StatusCode);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await en.GetAsync("/clients/export")).StatusCode);
        }
        var noExport = await en.GetAsync("/clients/export");
        Assert.Equal(HttpStatusCode.TooManyRequests, noExport.StatusCode);
        Assert.Contains("Too many requests", await noExport.Content.ReadAsStringAsync());
        // The list itself (no search) is not limited.
        Assert.Equal(HttpStatusCode.OK, (await en.GetAsync("/clients")).StatusCode);

        // One sign-in is spent; two more from this address pass, the next is refused, in Russian for a Russian browser.
        using var ru = ClientOf(node, "ru");
        var name = "nobody" + Guid.NewGuid().ToString("N")[..10];
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await ru.SignInAsync(name, "wrong-password")).StatusCode);
        }
        var refused = await ru.SignInAsync(name, "wrong-password");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var wait = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(wait, 1, 600);
        Assert.Contains("Слишком много запросов", await refused.Content.ReadAsStringAsync());
        // Reading the sign-in page is not limited; the shared app (its own limiter) still signs in.
        Assert.Equal(HttpStatusCode.OK, (await ru.GetAsync("/account/login")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.Client().SignInAsync(user, CrmApp.Password)).StatusCode);
    }
}
