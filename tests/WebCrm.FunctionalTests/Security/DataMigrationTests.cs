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
/// Hand-written data steps of migrations, each on a database of its own migrated step by step: finding 4 (UniqueEmails
/// keeps a shared email on the older account, removes it from the younger one and reports that in the security log, then
/// makes it unique) and TwoFactorPerTemplate (mandatory two-factor sign-in moves from groups of rights to templates,
/// everyone obliged before still obliged).
/// </summary>
public abstract class DataMigrationTests(OwnDatabase database)
{
    protected CrmDbContext NewContext() => database.NewContext();

    protected Task DropAsync() => database.DropAsync();

    private static async Task MigrateToJustBeforeAsync(CrmDbContext db, string migration)
    {
        var migrations = db.Database.GetMigrations().ToList();
        await db.GetService<IMigrator>().MigrateAsync(migrations[migrations.FindIndex(m => m.EndsWith("_" + migration, StringComparison.Ordinal)) - 1]);
    }

    private static FormattableString InsertUser(string id, string name) => $"""
        INSERT INTO "AspNetUsers" ("Id", "UserName", "NormalizedUserName", "EmailConfirmed",
            "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnabled", "AccessFailedCount", "DisplayName", "IsDisabled", "CreatedAtUtc")
        VALUES ({id}, {name}, {name.ToUpperInvariant()}, true, false, false, true, 0, {name}, false, {new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc)})
        """;

    [Fact]
    public async Task Mandatory_two_factor_moves_to_templates_and_every_user_obliged_before_still_is()
    {
        try
        {
            // Before: mandatory for "directors" (a "view all"), not for "administrators".
            var users = new (string Id, string[] Rights, string? Template)[]
            {
                ("u-admin", ["Users.Manage", "Clients.ViewAll", "Deals.ViewAll"], "Administrator"),
                ("u-director", ["Clients.ViewOwn", "Clients.ViewAll", "Deals.ViewOwn", "Deals.ViewAll"], "Director"),
                ("u-clients-director", ["Clients.ViewAll", "Deals.ViewOwn"], "Director"),
                ("u-support", ["Clients.ViewOwn", "Clients.ViewAll", "KnowledgeBase.View"], "Support"),
                ("u-manager", ["Clients.ViewOwn", "Deals.ViewOwn", "Deals.Edit"], "Manager"),
                ("u-reader", ["KnowledgeBase.View"], null),
            };
            await using (var db = NewContext())
            {
                await MigrateToJustBeforeAsync(db, "TwoFactorPerTemplate");
                foreach (var (id, rights, _) in users)
                {
                    await db.Database.ExecuteSqlAsync(InsertUser(id, id));
                    foreach (var right in rights)
                    {
                        await db.Database.ExecuteSqlAsync($"""INSERT INTO "AspNetUserClaims" ("UserId", "ClaimType", "ClaimValue") VALUES ({id}, 'crm:perm', {right})""");
                    }
                }
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO "SecurityPolicies" ("TwoFactorForAdministrators", "TwoFactorForDirectors", "ConcurrencyStamp", "CreatedAtUtc", "UpdatedAtUtc")
                    VALUES (false, true, {Guid.NewGuid()}, {DateTime.UtcNow}, {DateTime.UtcNow})
                    """);
                await db.Database.MigrateAsync();
            }
            await using (var db = NewContext())
            {
                var templates = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, u => u.RightsTemplate);
                foreach (var (id, _, template) in users)
                {
                    Assert.Equal(template, templates[id]);
                }
                var policy = await db.SecurityPolicies.AsNoTracking().SingleAsync();
                Assert.Equal(new HashSet<string> { "Administrator", "Director", "Support" }, policy.TwoFactorTemplateKeys);
                // Obliged now: exactly the users who held a "view all", as before (the administrator holds one too).
                var obliged = users.Where(u => policy.RequiresTwoFactor(templates[u.Id])).Select(u => u.Id).Order(StringComparer.Ordinal).ToList();
                var before = users.Where(u => u.Rights.Any(r => r is "Clients.ViewAll" or "Deals.ViewAll")).Select(u => u.Id).Order(StringComparer.Ordinal).ToList();
                Assert.Equal(before, obliged);
                Assert.Equal(4, obliged.Count);
            }
        }
        finally
        {
            await DropAsync();
        }
    }

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

public sealed class DataMigrationTestsSqlite() : DataMigrationTests(new SqliteOwnDatabase("mig"));

/// <summary>Takes the shared PostgreSQL app only so a missing server fails it with the usual message; the database is its own.</summary>
public sealed class DataMigrationTestsPostgreSql(PostgreSqlApp server) : DataMigrationTests(new PostgreSqlOwnDatabase("crm_mig"))
{
    public PostgreSqlApp Server { get; } = server;
}
