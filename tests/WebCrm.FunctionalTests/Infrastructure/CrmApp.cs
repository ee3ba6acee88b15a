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
/// The real application on a real database of one provider. <see cref="SqliteApp"/> and <see cref="PostgreSqlApp"/>
/// are shared by the whole test assembly: tests on them only add uniquely named rows and look only at their own.
/// A test class that changes data every page reads (reference lists, custom fields, currencies and rates, users and
/// rights, the demo seed) takes <see cref="IsolatedSqliteApp"/> / <see cref="IsolatedPostgreSqlApp"/> as a class
/// fixture instead: an app and database of its own.
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
        // Many tests sign in and search from one address: limits no test reaches (RateLimitTests sets its own).
        foreach (var group in new[] { "SignIn", "Export", "Search" })
        {
            builder.UseSetting($"RateLimits:{group}:PermitLimit", "1000000");
        }
        // No demo companies: tests make their own data (DemoDataTests runs the seeder on purpose).
        builder.UseSetting("Seed:DemoData", "false");
    }

    /// <summary>Starts the server before any test runs: parallel first requests would each try to start (and seed) it.</summary>
    public ValueTask InitializeAsync()
    {
        // Without a PostgreSQL server nothing starts here; RequiresDatabaseAttribute fails each PostgreSQL test instead,
        // so the SQLite tests in the same assembly still run.
        if (IsAvailable)
        {
            _ = Server;
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>The database this app uses (for a test that starts further app processes on it).</summary>
    public string DatabaseConnectionString => ConnectionString;

    /// <summary>False when the database server this app needs is not configured.</summary>
    public virtual bool IsAvailable => true;

    /// <summary>A client whose "browser" asks for English (the app's default, for a browser that asks for nothing, is Russian).</summary>
    public CrmClient Client() => new(CrmClient.English(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true })));

    /// <summary>A client that sends no Accept-Language at all.</summary>
    public CrmClient ClientWithoutLanguage() => new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

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

public class SqliteApp : CrmApp
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

public class PostgreSqlApp : CrmApp
{
    public const string ServerVariable = "WEBCRM_TEST_PG";

    /// <summary>The one-line failure of every PostgreSQL test when no server is configured.</summary>
    public const string MissingServerMessage =
        "PostgreSQL tests need " + ServerVariable + " (a connection string to a server where the role may CREATE DATABASE); "
        + "run ./test.sh, which starts a throwaway server, or scripts/pg-test-server.sh -- dotnet test ...";

    private static readonly string? ConfiguredServer = Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } s ? s : null;

    private readonly string? _connectionString = ConfiguredServer is null
        ? null
        : new NpgsqlConnectionStringBuilder(ConfiguredServer) { Database = $"crm_test_{Guid.NewGuid():N}" }.ConnectionString;

    public static bool ServerConfigured => ConfiguredServer is not null;

    public override bool IsAvailable => ServerConfigured;

    protected override string Provider => "PostgreSQL";
    protected override string ConnectionString => _connectionString ?? throw new InvalidOperationException(MissingServerMessage);

    /// <summary>Drops this app's database, so a server of one's own (WEBCRM_TEST_PG) does not collect them.</summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_connectionString is null)
        {
            return;
        }
        var builder = new NpgsqlConnectionStringBuilder(_connectionString);
        var database = builder.Database;
        builder.Database = "postgres";
        builder.Pooling = false;
        try
        {
            // Only this database's pool: other apps' databases are still in use by tests running in parallel.
            using (var own = new NpgsqlConnection(_connectionString))
            {
                NpgsqlConnection.ClearPool(own);
            }
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
            drop.CommandTimeout = 30;
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // Best effort: a leftover database on a throwaway server is harmless.
        }
    }
}

/// <summary>A SQLite app and database for one test class alone (use as its class fixture).</summary>
public sealed class IsolatedSqliteApp : SqliteApp;

/// <summary>A PostgreSQL app and database for one test class alone (use as its class fixture).</summary>
public sealed class IsolatedPostgreSqlApp : PostgreSqlApp;
