using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Foundation;

public abstract class SignInTests(CrmApp app)
{
    [Fact]
    public async Task Demo_user_signs_in_and_is_greeted()
    {
        using var client = await app.SignedInAsync("manager1", "demo-crm-2026");
        var home = await client.PageAsync("/");
        // The greeting names the user by his full name, as the card headers do.
        Assert.Contains("Пётр Продажин", home.QuerySelector("h1")!.TextContent);
        Assert.NotNull(home.QuerySelector("nav#modules, nav .nav#modules, #modules"));
    }

    [Fact]
    public async Task Wrong_password_and_unknown_user_get_the_same_message()
    {
        var (_, user) = await app.CreateUserAsync([]);
        using var client = app.Client();
        var wrongPassword = await CrmClient.ParseAsync(await client.SignInAsync(user, "not-the-password-1"));
        var unknownUser = await CrmClient.ParseAsync(await client.SignInAsync("nobody-" + Guid.NewGuid().ToString("N")[..8], "not-the-password-1"));
        var a = wrongPassword.QuerySelector(".validation-summary-errors")?.TextContent.Trim();
        var b = unknownUser.QuerySelector(".validation-summary-errors")?.TextContent.Trim();
        Assert.False(string.IsNullOrEmpty(a));
        Assert.Equal(a, b);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Sign_in_by_email_works()
    {
        using var client = app.Client();
        var response = await client.SignInAsync("manager2@demo.webcrm.local", "demo-crm-2026");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Five_failures_lock_the_account()
    {
        var (_, user) = await app.CreateUserAsync([Permissions.Clients.ViewOwn]);
        using var client = app.Client();
        for (var i = 0; i < 5; i++)
        {
            await client.SignInAsync(user, "wrong-password-" + i);
        }
        var locked = await client.SignInAsync(user, CrmApp.Password);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        var text = (await CrmClient.ParseAsync(locked)).QuerySelector(".validation-summary-errors")!.TextContent;
        // The message is the generic one (finding 3: it must not tell a real, locked account from an unknown name).
        Assert.Contains("locked for a while", text);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Four_failures_do_not_lock()
    {
        var (_, user) = await app.CreateUserAsync([]);
        using var client = app.Client();
        for (var i = 0; i < 4; i++)
        {
            await client.SignInAsync(user, "wrong-password-" + i);
        }
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(user, CrmApp.Password)).StatusCode);
    }

    [Fact]
    public async Task Anonymous_requests_are_sent_to_sign_in()
    {
        using var client = app.Client();
        foreach (var url in new[] { "/", "/clients", "/admin/users", "/reports" })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Pages_without_an_authorize_attribute_still_need_a_signed_in_user()
    {
        var fallback = app.Services.GetRequiredService<IOptions<AuthorizationOptions>>().Value.FallbackPolicy;
        Assert.NotNull(fallback);
        Assert.Contains(fallback.Requirements, r => r is DenyAnonymousAuthorizationRequirement);

        // Every GET action that declares neither [Authorize] nor [AllowAnonymous] is covered by the fallback alone.
        var unmarked = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ControllerActionDescriptor>() is not null
                && e.Metadata.GetMetadata<IAllowAnonymous>() is null
                && !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any()
                && (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("GET") ?? true))
            .Select(e => "/" + string.Join("/", e.RoutePattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
            {
                RoutePatternLiteralPart literal => literal.Content,
                RoutePatternParameterPart => "1",
                _ => "",
            })))))
            .Distinct().ToList();
        Assert.Contains("/", unmarked); // the home page has no attribute of its own
        using var client = app.Client();
        foreach (var url in unmarked)
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"GET {url} answered {(int)response.StatusCode} to an anonymous request");
            Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Sign_in_page_static_files_and_health_are_open()
    {
        using var client = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/css/site.css")).StatusCode);
        var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Return_url_is_followed_only_when_local()
    {
        using var client = app.Client();
        var local = await client.PostFormAsync("/account/login", new { UserName = "manager1", Password = "demo-crm-2026", ReturnUrl = "/clients" }, "/account/login");
        Assert.Equal("/clients", local.Headers.Location!.OriginalString);
        using var other = app.Client();
        var external = await other.PostFormAsync("/account/login", new { UserName = "manager1", Password = "demo-crm-2026", ReturnUrl = "https://evil.example/" }, "/account/login");
        Assert.Equal("/", external.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        using var client = await app.SignedInAsync("manager1", "demo-crm-2026");
        var response = await client.PostFormAsync("/account/logout", Array.Empty<KeyValuePair<string, string>>(), "/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task User_changes_own_password_with_policy_checks()
    {
        var (_, user) = await app.CreateUserAsync([]);
        using var client = await app.SignedInAsync(user);
        var tooShort = await CrmClient.ParseAsync(await client.PostFormAsync("/account/password",
            new { CurrentPassword = CrmApp.Password, NewPassword = "short", ConfirmPassword = "short" }));
        Assert.Contains("at least 10", tooShort.Body!.TextContent);
        var common = await CrmClient.ParseAsync(await client.PostFormAsync("/account/password",
            new { CurrentPassword = CrmApp.Password, NewPassword = "password12345", ConfirmPassword = "password12345" }));
        Assert.Contains("too common", common.Body!.TextContent);
        var ok = await client.PostFormAsync("/account/password",
            new { CurrentPassword = CrmApp.Password, NewPassword = "Lantern river 7 oak", ConfirmPassword = "Lantern river 7 oak" });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        using var again = app.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await again.SignInAsync(user, "Lantern river 7 oak")).StatusCode);
    }
}

public sealed class SignInTestsSqlite(SqliteApp app) : SignInTests(app);
public sealed class SignInTestsPostgreSql(PostgreSqlApp app) : SignInTests(app);
