using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Security;

/// <summary>
/// Finding 6: a signed-out session cookie kept working for up to 10 hours. Now sessions live on the server: the old
/// cookie is refused after sign-out (on this node at once, on another within the stamp interval — zero in tests), a user
/// sees his sessions and ends the others, an administrator ends all of a user's.
/// </summary>
public abstract class SessionTests(CrmApp app)
{
    /// <summary>The sign-in cookie as a browser would send it, taken from the sign-in answer.</summary>
    private static string AuthCookie(HttpResponseMessage signIn) =>
        signIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("WebCrm.Auth=", StringComparison.Ordinal));

    /// <summary>A request carrying only <paramref name="cookie"/>, on <paramref name="factory"/> (another node when it is not the app).</summary>
    private static async Task<HttpStatusCode> WithCookieAsync(WebApplicationFactory<Program> factory, string cookie, string url = "/")
    {
        using var http = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", cookie);
        return (await http.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task The_old_cookie_is_refused_after_sign_out_here_and_on_another_node()
    {
        var (_, name) = await app.CreateUserAsync([]);
        await using var otherNode = app.WithWebHostBuilder(_ => { });
        using var client = app.Client();
        var cookie = AuthCookie(await client.SignInAsync(name, CrmApp.Password));
        Assert.Equal(HttpStatusCode.OK, await WithCookieAsync(app, cookie));
        Assert.Equal(HttpStatusCode.OK, await WithCookieAsync(otherNode, cookie));

        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync("/account/logout", Array.Empty<KeyValuePair<string, string>>(), "/")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, await WithCookieAsync(app, cookie));
        Assert.Equal(HttpStatusCode.Redirect, await WithCookieAsync(otherNode, cookie));
    }

    [Fact]
    public async Task A_user_sees_his_sessions_and_ends_the_others()
    {
        var (id, name) = await app.CreateUserAsync([]);
        using var here = app.Client();
        here.Http.DefaultRequestHeaders.UserAgent.ParseAdd("HereBrowser/1.0");
        await here.SignInAsync(name, CrmApp.Password);
        using var there = app.Client();
        there.Http.DefaultRequestHeaders.UserAgent.ParseAdd("ThereBrowser/2.0");
        await there.SignInAsync(name, CrmApp.Password);

        var page = await here.PageAsync("/account/sessions");
        var rows = page.QuerySelectorAll("#sessions tbody tr");
        Assert.Equal(2, rows.Length);
        Assert.Contains("HereBrowser/1.0", rows[0].TextContent);
        Assert.Contains("this browser", rows[0].TextContent);
        Assert.Contains("ThereBrowser/2.0", rows[1].TextContent);
        Assert.Equal(2, await app.InDbAsync(db => db.UserSessions.CountAsync(s => s.UserId == id && s.EndedAtUtc == null)));

        Assert.Equal(HttpStatusCode.Redirect, (await here.PostFormAsync("/account/sessions/end-others", Array.Empty<KeyValuePair<string, string>>(), "/account/sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await there.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/")).StatusCode);
        Assert.Single((await here.PageAsync("/account/sessions")).QuerySelectorAll("#sessions tbody tr"));
    }

    [Fact]
    public async Task An_administrator_ends_every_session_of_a_user()
    {
        var (id, name) = await app.CreateUserAsync([]);
        using var user = await app.SignedInAsync(name);
        using var admin = await app.SignedInAsync("admin", "demo-crm-2026");
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/")).StatusCode);
        Assert.NotNull((await admin.PageAsync($"/admin/users/{id}")).QuerySelector($"form[action='/admin/users/{id}/sessions/end']"));

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/admin/users/{id}/sessions/end", Array.Empty<KeyValuePair<string, string>>(), $"/admin/users/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await user.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/")).StatusCode);
        Assert.Contains("Sessions ended", (await admin.PageAsync($"/admin/users/{id}")).Body!.TextContent);
        // Without Users.Manage nobody ends anyone's sessions.
        using var other = await app.SignedInAsync((await app.CreateUserAsync([])).UserName);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostFormAsync($"/admin/users/{id}/sessions/end", Array.Empty<KeyValuePair<string, string>>(), "/")).StatusCode);
    }

    [Fact]
    public async Task A_session_ends_at_its_maximum_age_however_active()
    {
        var (id, name) = await app.CreateUserAsync([]);
        using var client = await app.SignedInAsync(name);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        // Signed in eight days ago (the maximum is seven) and seen a moment ago.
        await app.InDbAsync(db => db.UserSessions.Where(s => s.UserId == id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.CreatedAtUtc, DateTime.UtcNow.AddDays(-8))));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }
}

public sealed class SessionTestsSqlite(SqliteApp app) : SessionTests(app);
public sealed class SessionTestsPostgreSql(PostgreSqlApp app) : SessionTests(app);
