using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.BrowserTests.Infrastructure;

/// <summary>
/// The real application served by Kestrel on a loopback port (a browser cannot reach the in-memory test server),
/// in the Development environment with its demo users, on a SQLite file of its own, sending its mail to a real SMTP
/// server on loopback (<see cref="Mail"/>, the functional tests' <see cref="TestSmtpServer"/>). Shared by the whole assembly.
/// </summary>
public sealed class CrmServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string DemoPassword = "demo-crm-2026";

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"webcrm-browser-{Guid.NewGuid():N}.db");

    /// <summary>The root URL of the running server, without a trailing slash.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The mail server the app delivers its outbox to; it keeps every letter.</summary>
    public TestSmtpServer Mail { get; private set; } = null!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Crm", $"Data Source={_file}");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Many tests sign in and search from one address: limits no test reaches (RateLimitTests sets its own).
        foreach (var group in new[] { "SignIn", "Export", "Search" })
        {
            builder.UseSetting($"RateLimits:{group}:PermitLimit", "1000000");
        }
        builder.UseSetting("Smtp:Host", "127.0.0.1");
        builder.UseSetting("Smtp:Port", Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Smtp:Security", "None");
    }

    public async ValueTask InitializeAsync()
    {
        Mail = await TestSmtpServer.StartAsync();
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("Kestrel reported no addresses.");
        BaseUrl = addresses.First().TrimEnd('/');
    }

    public string Url(string path) => BaseUrl + path;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Mail is not null)
        {
            await Mail.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_file + suffix);
        }
    }
}
