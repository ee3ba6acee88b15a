using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using WebCrm.Data;
using WebCrm.Data.Auditing;
using WebCrm.Domain.Administration;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Security;

/// <summary>
/// Finding 4, on a database that already holds two accounts with one email: the UniqueEmails migration keeps the email
/// on the older account, removes it from the younger one and reports that in the security log, then makes it unique.
/// Runs on a database of its own, migrated step by step.
/// </summary>
public abstract class UniqueEmailsMigrationTests
{
    protected abstract CrmDbContext NewContext();

    protected virtual Task DropAsync() => Task.CompletedTask;

    [Fact]
    public async Task Existing_duplicate_emails_are_reported_and_cleared_before_the_index_turns_unique()
    {
        try
        {
            await using (var db = NewContext())
            {
                var migrations = db.Database.GetMigrations().ToList();
                var before = migrations[migrations.FindIndex(m => m.EndsWith("_UniqueEmails", StringComparison.Ordinal)) - 1];
                await db.GetService<IMigrator>().MigrateAsync(before);
                var older = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
                var younger = older.AddDays(3);
                foreach (var (id, name, email, created) in new[]
                {
                    ("u-old", "keeper", "Same@Example.com", older), ("u-new", "latecomer", "same@example.com", younger),
                    ("u-other", "other", "other@example.com", younger),
                })
                {
                    await db.Database.ExecuteSqlInterpolatedAsync($"""
                        INSERT INTO "AspNetUsers" ("Id", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed",
                            "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount", "DisplayName", "IsDisabled", "CreatedAtUtc")
                        VALUES ({id}, {name}, {name.ToUpperInvariant()}, {email}, {email.ToUpperInvariant()}, true, false, false, true, 0, {name}, false, {created})
                        """);
                }
                await db.Database.MigrateAsync();
            }
            await using (var db = NewContext())
            {
                var emails = await db.Users.AsNoTracking().OrderBy(u => u.Id).Select(u => new { u.Id, u.Email, u.NormalizedEmail }).ToListAsync();
                Assert.Equal("Same@Example.com", emails.Single(u => u.Id == "u-old").Email);
                Assert.Null(emails.Single(u => u.Id == "u-new").Email);
                Assert.Null(emails.Single(u => u.Id == "u-new").NormalizedEmail);
                Assert.Equal("other@example.com", emails.Single(u => u.Id == "u-other").Email);
                var report = await db.SecurityEvents.AsNoTracking().Where(e => e.Kind == SecurityEventKind.DuplicateEmailCleared).ToListAsync();
                var entry = Assert.Single(report);
                Assert.Equal("u-new", entry.TargetUserId);
                Assert.Equal("latecomer", entry.TargetUserName);
                Assert.Equal("email=same@example.com kept-by=keeper", entry.Details);
                // And the index is unique now.
                await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync(
                    "UPDATE \"AspNetUsers\" SET \"NormalizedEmail\" = 'SAME@EXAMPLE.COM' WHERE \"Id\" = 'u-other'"));
            }
        }
        finally
        {
            await DropAsync();
        }
    }
}

public sealed class UniqueEmailsMigrationTestsSqlite : UniqueEmailsMigrationTests
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"webcrm-mig-{Guid.NewGuid():N}.db");

    protected override CrmDbContext NewContext()
    {
        var options = new DbContextOptionsBuilder<SqliteCrmDbContext>();
        DbContextOptionsSetup.UseSqlite(options, $"Data Source={_file}");
        return new SqliteCrmDbContext(options.Options, SystemUser.Instance, TimeProvider.System);
    }

    protected override Task DropAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_file + suffix);
        }
        return Task.CompletedTask;
    }
}

/// <summary>Takes the shared PostgreSQL app only so a missing server fails it with the usual message; the database is its own.</summary>
public sealed class UniqueEmailsMigrationTestsPostgreSql(PostgreSqlApp server) : UniqueEmailsMigrationTests
{
    private readonly string _connection = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(PostgreSqlApp.ServerVariable) ?? "")
    {
        Database = $"crm_mig_{Guid.NewGuid():N}",
    }.ConnectionString;

    protected override CrmDbContext NewContext()
    {
        _ = server;
        var options = new DbContextOptionsBuilder<PostgreSqlCrmDbContext>();
        DbContextOptionsSetup.UsePostgreSql(options, _connection);
        return new PostgreSqlCrmDbContext(options.Options, SystemUser.Instance, TimeProvider.System);
    }

    protected override async Task DropAsync()
    {
        using (var own = new NpgsqlConnection(_connection))
        {
            NpgsqlConnection.ClearPool(own);
        }
        var builder = new NpgsqlConnectionStringBuilder(_connection);
        var database = builder.Database;
        builder.Database = "postgres";
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
