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
public abstract class UniqueEmailsMigrationTests(OwnDatabase database)
{
    protected CrmDbContext NewContext() => database.NewContext();

    protected Task DropAsync() => database.DropAsync();

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

public sealed class UniqueEmailsMigrationTestsSqlite() : UniqueEmailsMigrationTests(new SqliteOwnDatabase("mig"));

/// <summary>Takes the shared PostgreSQL app only so a missing server fails it with the usual message; the database is its own.</summary>
public sealed class UniqueEmailsMigrationTestsPostgreSql(PostgreSqlApp server) : UniqueEmailsMigrationTests(new PostgreSqlOwnDatabase("crm_mig"))
{
    public PostgreSqlApp Server { get; } = server;
}
