using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Security;

/// <summary>
/// Finding 7 on a Production-configured app behind a TLS proxy at 10.9.8.7 serving crm.example.com: the Host header
/// is checked against AllowedHosts, forwarded headers are believed from the known proxy only, and then the session
/// cookie is Secure, HSTS is sent and redirects name the configured host.
/// </summary>
public abstract partial class DeploymentTests(CrmApp app)
{
    private const string Proxy = "10.9.8.7", Host = "crm.example.com";

    /// <summary>TestServer has no peer address: this sets it from a test header, before the app's own pipeline.</summary>
    private sealed class PeerFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => builder =>
        {
            builder.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers["X-Test-Peer"] is [{ } peer])
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
                }
                return nextMiddleware(context);
            });
            next(builder);
        };
    }

    private WebApplicationFactory<Program> Production() => app.WithWebHostBuilder(b =>
    {
        b.UseEnvironment("Production");
        b.UseSetting("AllowedHosts", Host);
        b.UseSetting("Security:KnownProxies:0", Proxy);
        b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter>(new PeerFromHeader()));
    });

    private static HttpRequestMessage Request(HttpMethod method, string url, string peer, string host = Host, bool forwardedHttps = true, string? cookies = null)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Host = host;
        request.Headers.Add("X-Test-Peer", peer);
        if (forwardedHttps)
        {
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        }
        if (cookies is not null)
        {
            request.Headers.Add("Cookie", cookies);
        }
        return request;
    }

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    [Fact]
    public async Task Behind_the_known_proxy_cookies_are_secure_hsts_is_sent_and_redirects_use_the_configured_host()
    {
        await using var production = Production();
        using var http = production.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        // A foreign Host header is refused instead of being copied into redirects.
        var evil = await http.SendAsync(Request(HttpMethod.Get, "/clients", Proxy, host: "evil.example"));
        Assert.Equal(HttpStatusCode.BadRequest, evil.StatusCode);
        Assert.Null(evil.Headers.Location);

        // Through the proxy: the redirect is to https://crm.example.com, with HSTS.
        var redirect = await http.SendAsync(Request(HttpMethod.Get, "/clients", Proxy));
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.StartsWith($"https://{Host}/account/login", redirect.Headers.Location!.OriginalString);
        Assert.True(redirect.Headers.Contains("Strict-Transport-Security"));

        // Another peer claiming to be a proxy is not believed: plain http, no HSTS.
        var spoofed = await http.SendAsync(Request(HttpMethod.Get, "/clients", "10.1.1.1"));
        Assert.StartsWith($"http://{Host}/account/login", spoofed.Headers.Location!.OriginalString);
        Assert.False(spoofed.Headers.Contains("Strict-Transport-Security"));

        // Signing in through the proxy: the session cookie (and the antiforgery cookie) are Secure.
        var (_, name) = await app.CreateUserAsync([]);
        var form = await http.SendAsync(Request(HttpMethod.Get, "/account/login", Proxy));
        var antiforgery = SetCookies(form).Single(c => c.StartsWith("WebCrm.Antiforgery=", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        var token = WebUtility.HtmlDecode(TokenRegex().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value);
        var post = Request(HttpMethod.Post, "/account/login", Proxy, cookies: antiforgery.Split(';')[0]);
        post.Content = new FormUrlEncodedContent([new("UserName", name), new("Password", CrmApp.Password), new("__RequestVerificationToken", token)]);
        var signedIn = await http.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var auth = SetCookies(signedIn).Single(c => c.StartsWith("WebCrm.Auth=", StringComparison.Ordinal));
        Assert.Contains("secure", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", auth, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();
}

public sealed class DeploymentTestsSqlite(SqliteApp app) : DeploymentTests(app);
public sealed class DeploymentTestsPostgreSql(PostgreSqlApp app) : DeploymentTests(app);

/// <summary>docker-compose.yml, rendered by Debian's docker-compose (test.sh installs it): valid with the passwords, refused without.</summary>
public sealed class ComposeFileTests
{
    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "docker-compose.yml")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("docker-compose.yml not found");
    }

    private static (int Code, string Output) Config(params (string Name, string Value)[] environment) => Render(quiet: true, environment);

    private static (int Code, string Output) Render(bool quiet, params (string Name, string Value)[] environment)
    {
        var binary = new[] { "/usr/bin/docker-compose", "/usr/local/bin/docker-compose" }.FirstOrDefault(File.Exists);
        Assert.True(binary is not null, "docker-compose is not installed: apt-get install docker-compose (test.sh does this as root)");
        var start = new ProcessStartInfo(binary!, quiet ? ["-f", Path.Combine(Root(), "docker-compose.yml"), "config", "-q"] : ["-f", Path.Combine(Root(), "docker-compose.yml"), "config"])
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        foreach (var name in new[] { "WEBCRM_DB_PASSWORD", "WEBCRM_ADMIN_PASSWORD" })
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    [Fact]
    public void Compose_renders_with_the_passwords_and_refuses_without_them()
    {
        var ok = Config(("WEBCRM_DB_PASSWORD", "db-secret-1"), ("WEBCRM_ADMIN_PASSWORD", "admin-secret-1"));
        Assert.True(ok.Code == 0, ok.Output);
        var noDb = Config(("WEBCRM_ADMIN_PASSWORD", "admin-secret-1"));
        Assert.NotEqual(0, noDb.Code);
        Assert.Contains("set WEBCRM_DB_PASSWORD", noDb.Output);
        var noAdmin = Config(("WEBCRM_DB_PASSWORD", "db-secret-1"));
        Assert.NotEqual(0, noAdmin.Code);
        Assert.Contains("set WEBCRM_ADMIN_PASSWORD", noAdmin.Output);
        Assert.Contains("healthcheck", File.ReadAllText(Path.Combine(Root(), "docker-compose.yml")));
    }

    /// <summary>
    /// The development mail catcher is a service of the file, and the app's rendered environment, read the way the app reads
    /// its configuration, sends the outbox's letters to it (Mailpit takes SMTP on 1025 and shows the letters on 8025).
    /// </summary>
    [Fact]
    public void The_app_sends_its_letters_to_the_mail_catcher_of_the_compose_file()
    {
        var rendered = Render(quiet: false, ("WEBCRM_DB_PASSWORD", "db-secret-1"), ("WEBCRM_ADMIN_PASSWORD", "admin-secret-1"));
        Assert.True(rendered.Code == 0, rendered.Output);
        var lines = rendered.Output.Replace("\r", "").Split('\n');
        var services = Sections(lines, "services:", 2);
        Assert.Contains("mailpit", services.Keys);
        Assert.Contains("    image: axllent/mailpit", services["mailpit"]);
        Assert.Contains(services["mailpit"], l => l.Trim() is "target: 8025");

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings(services["app"])).Build();
        var smtp = configuration.GetSection("Smtp").Get<WebCrm.Web.Features.Packages.Outbox.SmtpOptions>()!;
        Assert.Equal(("mailpit", 1025, "None"), (smtp.Host, smtp.Port, smtp.Security));
    }

    /// <summary>The blocks of a rendered YAML mapping under <paramref name="header"/>, by key, at the given indent.</summary>
    private static Dictionary<string, List<string>> Sections(IReadOnlyList<string> lines, string header, int indent)
    {
        var result = new Dictionary<string, List<string>>();
        var start = lines.ToList().FindIndex(l => l.TrimEnd() == header);
        if (start < 0)
        {
            return result;
        }
        var headerIndent = header.Length - header.TrimStart().Length;
        List<string>? current = null;
        foreach (var line in lines.Skip(start + 1))
        {
            var lead = line.Length - line.TrimStart().Length;
            if (line.Trim().Length > 0 && lead <= headerIndent)
            {
                break;
            }
            if (lead == indent && line.TrimEnd().EndsWith(':'))
            {
                result[line.Trim().TrimEnd(':')] = current = [];
            }
            else
            {
                current?.Add(line);
            }
        }
        return result;
    }

    /// <summary>A service's <c>environment:</c> entries as configuration keys (<c>Smtp__Host</c> → <c>Smtp:Host</c>).</summary>
    private static Dictionary<string, string?> Settings(IReadOnlyList<string> service)
    {
        var result = new Dictionary<string, string?>();
        var inside = false;
        foreach (var line in service)
        {
            var lead = line.Length - line.TrimStart().Length;
            if (lead == 4)
            {
                inside = line.Trim() == "environment:";
                continue;
            }
            if (inside && lead == 6 && line.IndexOf(": ", StringComparison.Ordinal) is var colon and > 0)
            {
                result[line[..colon].Trim().Replace("__", ":", StringComparison.Ordinal)] = line[(colon + 2)..].Trim().Trim('\'', '"');
            }
        }
        return result;
    }
}
