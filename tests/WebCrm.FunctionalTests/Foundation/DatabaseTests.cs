using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebCrm.Data;
using WebCrm.Data.Auditing;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Foundation;

public abstract class DatabaseTests(CrmApp app)
{
    [Fact]
    public async Task Every_migration_is_applied_at_start()
    {
        var pending = await app.WithServiceAsync<CrmDbContext, IEnumerable<string>>(db => db.Database.GetPendingMigrationsAsync());
        Assert.Empty(pending);
        var applied = await app.WithServiceAsync<CrmDbContext, IEnumerable<string>>(db => db.Database.GetAppliedMigrationsAsync());
        Assert.NotEmpty(applied);
    }

    [Fact]
    public async Task Data_protection_keys_are_kept_in_the_database()
    {
        using var client = await app.SignedInAsync("manager1", "demo-crm-2026");
        var keys = await app.WithServiceAsync<CrmDbContext, int>(db => db.DataProtectionKeys.CountAsync());
        Assert.True(keys >= 1);
    }

    [Fact]
    public async Task Timestamps_come_back_as_utc()
    {
        var (id, _) = await app.CreateUserAsync([]);
        var kind = await app.WithServiceAsync<CrmDbContext, DateTimeKind>(async db =>
            (await db.Users.AsNoTracking().SingleAsync(u => u.Id == id)).CreatedAtUtc.Kind);
        Assert.Equal(DateTimeKind.Utc, kind);
    }

    /// <summary>Every test app runs in Development, so a page or a "first" of rows in no stated order fails the test that reaches it.</summary>
    [Fact]
    public async Task A_page_or_a_first_row_without_an_order_fails_loudly_in_development()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            app.WithServiceAsync<CrmDbContext, int>(async db => (await db.Companies.AsNoTracking().Skip(1).Take(2).ToListAsync()).Count));
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            app.WithServiceAsync<CrmDbContext, int>(async db => (await db.Companies.AsNoTracking().FirstOrDefaultAsync())?.Id ?? 0));
        var ordered = await app.WithServiceAsync<CrmDbContext, int>(async db =>
            (await db.Companies.AsNoTracking().OrderBy(c => c.Id).Skip(0).Take(2).ToListAsync()).Count);
        Assert.InRange(ordered, 0, 2);
    }
}

public sealed class DatabaseTestsSqlite(SqliteApp app) : DatabaseTests(app)
{
    [Fact]
    public async Task Sqlite_runs_in_wal_mode_with_a_busy_timeout()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        command.CommandText = "PRAGMA busy_timeout;";
        Assert.Equal(5000L, (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
    }
}

public sealed class DatabaseTestsPostgreSql(PostgreSqlApp app) : DatabaseTests(app);

/// <summary>Both migration sets must describe the current model; a model change without migrations fails here.</summary>
public sealed class MigrationSyncTests
{
    [Fact]
    public void Sqlite_migrations_match_the_model()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "Run scripts/add-migration.sh: the SQLite migrations lag the model.");
    }

    [Fact]
    public void PostgreSql_migrations_match_the_model()
    {
        using var db = new PostgreSqlDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "Run scripts/add-migration.sh: the PostgreSQL migrations lag the model.");
    }

    [Fact]
    public void Both_sets_have_the_same_migrations()
    {
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var postgres = new PostgreSqlDesignTimeFactory().CreateDbContext([]);
        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(m => m[(m.IndexOf('_') + 1)..]);
        Assert.Equal(Names(sqlite), Names(postgres));
    }
}
