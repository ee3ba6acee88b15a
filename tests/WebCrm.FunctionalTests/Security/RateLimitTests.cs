using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Security;

/// <summary>
/// The rate limiter on sign-in, exports and search: past the configured limit the answer is 429 with Retry-After and the
/// page in the user's language; the per-user and per-address counts are separate; sign-in also counts per user name,
/// the same for a name with an account and one without. The shared apps set limits no test reaches; each test runs a
/// node of its own with small ones, whose client address the test sets (TestServer has none).
/// </summary>
public abstract class RateLimitTests(CrmApp app)
{
    private const string PeerHeader = "X-Test-Peer";

    /// <summary>Sets the connection's address from a test header, before the app's own pipeline.</summary>
    private sealed class PeerFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => builder =>
        {
            builder.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers[PeerHeader] is [{ } peer])
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
                }
                return nextMiddleware(context);
            });
            next(builder);
        };
    }

    private WebApplicationFactory<Program> Node(params (string Key, string Value)[] settings) => app.WithWebHostBuilder(b =>
    {
        foreach (var (key, value) in settings)
        {
            b.UseSetting(key, value);
        }
        b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter>(new PeerFromHeader()));
    });

    private static CrmClient ClientOf(WebApplicationFactory<Program> factory, string language, string peer)
    {
        var http = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        var client = new CrmClient(http);
        From(client, peer);
        return client;
    }

    /// <summary>The same browser, from another address.</summary>
    private static void From(CrmClient client, string peer)
    {
        client.Http.DefaultRequestHeaders.Remove(PeerHeader);
        client.Http.DefaultRequestHeaders.Add(PeerHeader, peer);
    }

    private static int _addresses;

    /// <summary>A new address each time (a documentation range; each node counts on its own anyway).</summary>
    private static string Address()
    {
        var n = Interlocked.Increment(ref _addresses);
        return $"198.51.{n / 250 % 256}.{n % 250 + 1}";
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string text = "Too many requests")
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var wait = int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(wait, 1, 600);
        Assert.Contains(text, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Sign_in_and_export_past_their_limits_answer_429_with_retry_after_in_the_users_language()
    {
        await using var node = Node(("RateLimits:SignIn:PermitLimit", "3"), ("RateLimits:SignIn:Window", "00:10:00"),
            ("RateLimits:SignInName:PermitLimit", "100"),
            ("RateLimits:Export:PermitLimit", "2"), ("RateLimits:Export:Window", "00:10:00"));
        var (_, user) = await app.CreateUserAsync([Permissions.Clients.ViewOwn, Permissions.Clients.Export]);
        var address = Address();
        using var en = ClientOf(node, "en", address);
        Assert.Equal(HttpStatusCode.Redirect, (await en.SignInAsync(user, CrmApp.Password)).StatusCode);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await en.GetAsync("/clients/export")).StatusCode);
        }
        await AssertRefusedAsync(await en.GetAsync("/clients/export"));
        // The list itself (no search) is not limited.
        Assert.Equal(HttpStatusCode.OK, (await en.GetAsync("/clients")).StatusCode);

        // One sign-in is spent from this address; two more pass, the next is refused, in Russian for a Russian browser.
        using var ru = ClientOf(node, "ru", address);
        var name = "nobody" + Guid.NewGuid().ToString("N")[..10];
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await ru.SignInAsync(name, "wrong-password")).StatusCode);
        }
        await AssertRefusedAsync(await ru.SignInAsync(name, "wrong-password"), "Слишком много запросов");
        // Reading the sign-in page is not limited; from another address the same user signs in.
        Assert.Equal(HttpStatusCode.OK, (await ru.GetAsync("/account/login")).StatusCode);
        From(ru, Address());
        Assert.Equal(HttpStatusCode.Redirect, (await ru.SignInAsync(user, CrmApp.Password)).StatusCode);
    }

    [Fact]
    public async Task Search_past_its_limit_answers_429_and_the_per_user_and_per_address_counts_are_separate()
    {
        await using var node = Node(("RateLimits:Search:PermitLimit", "3"), ("RateLimits:Search:Window", "00:10:00"));
        string[] rights = [Permissions.Clients.ViewOwn, Permissions.Deals.ViewOwn];
        var (_, first) = await app.CreateUserAsync(rights);
        var (_, second) = await app.CreateUserAsync(rights);
        string home = Address(), elsewhere = Address(), third = Address();
        using var a = ClientOf(node, "en", home);
        using var b = ClientOf(node, "en", home);
        Assert.Equal(HttpStatusCode.Redirect, (await a.SignInAsync(first, CrmApp.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await b.SignInAsync(second, CrmApp.Password)).StatusCode);

        // Three searches (company list, deal list with the capital Q the list's own form sends) use up both counts.
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync("/clients?q=alpha")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync("/deals?Q=beta")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync("/clients?q=gamma")).StatusCode);
        await AssertRefusedAsync(await a.GetAsync("/clients?q=delta"));
        // A page that does not search is not counted.
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync("/clients")).StatusCode);

        // The user's count follows him to another address, where nobody has searched yet...
        From(a, elsewhere);
        await AssertRefusedAsync(await a.GetAsync("/clients?q=epsilon"));
        // ...and the address's count holds for another user, who has not searched yet.
        await AssertRefusedAsync(await b.GetAsync("/clients?q=zeta"));
        // That other user from a third address is within both of his counts.
        From(b, third);
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync("/clients?q=eta")).StatusCode);
    }

    [Fact]
    public async Task Sign_in_counts_per_user_name_from_any_address_the_same_for_a_name_with_and_without_an_account()
    {
        await using var node = Node(("RateLimits:SignIn:PermitLimit", "100"),
            ("RateLimits:SignInName:PermitLimit", "3"), ("RateLimits:SignInName:Window", "00:10:00"));
        var (_, known) = await app.CreateUserAsync([Permissions.Clients.ViewOwn]);
        var unknown = "nobody" + Guid.NewGuid().ToString("N")[..10];
        using var client = ClientOf(node, "en", Address());

        var answers = new Dictionary<string, List<string>>();
        foreach (var name in new[] { known, unknown })
        {
            var seen = answers[name] = [];
            // Three wrong passwords, each from another address (the lockout needs five), in the name's other spellings.
            foreach (var typed in new[] { name, name.ToUpperInvariant(), " " + name + " " })
            {
                From(client, Address());
                var response = await client.SignInAsync(typed, "wrong-password");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                seen.Add((await CrmClient.ParseAsync(response)).QuerySelector(".validation-summary-errors, [data-valmsg-summary], .alert-danger")?.TextContent.Trim() ?? "");
            }
            From(client, Address());
            var refused = await client.SignInAsync(name, "wrong-password");
            await AssertRefusedAsync(refused);
            seen.Add(((int)refused.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        // Nothing tells the two names apart: the same generic message three times, then the same refusal.
        Assert.All(answers[known].Take(3), m => Assert.Contains("The user name or password is wrong", m));
        Assert.Equal(answers[known], answers[unknown]);

        // The right password from a fresh address is refused as well until the window ends; another name is not affected.
        From(client, Address());
        await AssertRefusedAsync(await client.SignInAsync(known, CrmApp.Password));
        var (_, other) = await app.CreateUserAsync([Permissions.Clients.ViewOwn]);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(other, CrmApp.Password)).StatusCode);
    }
}

public sealed class RateLimitTestsSqlite(SqliteApp app) : RateLimitTests(app);
public sealed class RateLimitTestsPostgreSql(PostgreSqlApp app) : RateLimitTests(app);
