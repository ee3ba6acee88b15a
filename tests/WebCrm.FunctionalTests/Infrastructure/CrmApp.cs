using System.Security.Claims;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WebCrm.Data.Identity;
using WebCrm.Domain.Security;

namespace WebCrm.FunctionalTests.Infrastructure;

/// <summary>
/// The real application on a real database of one provider. One instance per provider is shared by the
/// whole test assembly; tests that change users create their own.
/// </summary>
public abstract class CrmApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "Xylophone-Harbor-42";

    protected abstract string Provider { get; }
    protected abstract string ConnectionString { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", Provider);
        builder.UseSetting("ConnectionStrings:Crm", ConnectionString);
        // Validate the security stamp on every request so rights changes show on the very next one.
        builder.UseSetting("Security:StampValidationInterval", "00:00:00");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // No demo companies: tests make their own data (DemoDataTests runs the seeder on purpose).
        builder.UseSetting("Seed:DemoData", "false");
    }

    /// <summary>Starts the server before any test runs: parallel first requests would each try to start (and seed) it.</summary>
    public ValueTask InitializeAsync()
    {
        _ = Server;
        return ValueTask.CompletedTask;
    }

    public CrmClient Client() => new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    public async Task<CrmClient> SignedInAsync(string userName, string password = Password)
    {
        var client = Client();
        var response = await client.SignInAsync(userName, password);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>Creates a user with the given rights straight through Identity.</summary>
    public async Task<(string Id, string UserName)> CreateUserAsync(IEnumerable<string> permissions, string? prefix = null)
    {
        var userName = $"{prefix ?? "u"}{Guid.NewGuid():N}"[..20];
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = userName, DisplayName = "Test " + userName, CreatedAtUtc = DateTime.UtcNow };
        var result = await users.CreateAsync(user, Password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        await users.AddClaimsAsync(user, permissions.Select(p => new Claim(Permissions.ClaimType, p)));
        return (user.Id, userName);
    }

    public async Task<T> WithServiceAsync<TService, T>(Func<TService, Task<T>> action) where TService : notnull
    {
        using var scope = Services.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }
}

public sealed class SqliteApp : CrmApp
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"webcrm-test-{Guid.NewGuid():N}.db");

    protected override string Provider => "Sqlite";
    protected override string ConnectionString => $"Data Source={_file}";

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_file + suffix);
        }
    }
}

public sealed class PostgreSqlApp : CrmApp
{
    private readonly string _connectionString;

    public PostgreSqlApp()
    {
        var server = Environment.GetEnvironmentVariable("WEBCRM_TEST_PG")
            ?? throw new InvalidOperationException("WEBCRM_TEST_PG is not set: run the tests through ./test.sh, which starts PostgreSQL.");
        _connectionString = new NpgsqlConnectionStringBuilder(server) { Database = $"crm_test_{Guid.NewGuid():N}" }.ConnectionString;
    }

    protected override string Provider => "PostgreSQL";
    protected override string ConnectionString => _connectionString;
}
