using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using WebCrm.Data;
using WebCrm.Data.Auditing;
using WebCrm.Data.Identity;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Common;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Calendar;

/// <summary>
/// The stored month-day of a contact person's birthday: the BirthdayMonthDay migration fills it for the contact persons
/// already stored, a save keeps it in step with the birthday, and it is not a change of its own in the history. On a
/// database of its own, migrated down past the migration and up again.
/// </summary>
public abstract class BirthdayMonthDayTests(OwnDatabase database)
{
    protected CrmDbContext NewContext() => database.NewContext();

    protected Task DropAsync() => database.DropAsync();

    [Fact]
    public async Task The_migration_fills_the_month_day_of_stored_birthdays_and_a_save_keeps_it_in_step()
    {
        try
        {
            int[] ids;
            await using (var db = NewContext())
            {
                await db.Database.MigrateAsync();
                db.Users.Add(new AppUser { Id = "u-bd", UserName = "bd", NormalizedUserName = "BD", DisplayName = "Bd", SecurityStamp = "s" });
                var company = new Company { Name = "Birthdays Ltd", ResponsibleId = "u-bd" };
                company.Contacts.AddRange(
                    new ContactPerson { FullName = "May", Birthday = new DateOnly(1980, 5, 17) },
                    new ContactPerson { FullName = "Leap", Birthday = new DateOnly(1992, 2, 29) },
                    new ContactPerson { FullName = "New year", Birthday = new DateOnly(1975, 12, 31) },
                    new ContactPerson { FullName = "Unknown" });
                db.Companies.Add(company);
                await db.SaveChangesAsync();
                ids = company.Contacts.Select(c => c.Id).ToArray();
                // Back to before the migration (its Down drops the column) and up again: the migration's own fill.
                var migrations = db.Database.GetMigrations().ToList();
                var before = migrations[migrations.FindIndex(m => m.EndsWith("_BirthdayMonthDay", StringComparison.Ordinal)) - 1];
                await db.GetService<IMigrator>().MigrateAsync(before);
                await db.Database.MigrateAsync();
            }
            await using (var db = NewContext())
            {
                var stored = await db.ContactPersons.AsNoTracking().Where(c => ids.Contains(c.Id)).OrderBy(c => c.Id)
                    .Select(c => new { c.FullName, c.BirthdayMonthDay }).ToListAsync();
                Assert.Equal([("May", (int?)517), ("Leap", 229), ("New year", 1231), ("Unknown", null)],
                    stored.Select(s => (s.FullName, s.BirthdayMonthDay)));

                var may = await db.ContactPersons.SingleAsync(c => c.Id == ids[0]);
                may.Birthday = new DateOnly(1980, 1, 2);
                var unknown = await db.ContactPersons.SingleAsync(c => c.Id == ids[3]);
                unknown.Birthday = new DateOnly(2000, 10, 9);
                var leap = await db.ContactPersons.SingleAsync(c => c.Id == ids[1]);
                leap.Birthday = null;
                await db.SaveChangesAsync();
            }
            await using (var db = NewContext())
            {
                var stored = await db.ContactPersons.AsNoTracking().Where(c => ids.Contains(c.Id)).OrderBy(c => c.Id)
                    .Select(c => c.BirthdayMonthDay).ToListAsync();
                Assert.Equal([102, null, 1231, 1009], stored);
                var fields = await db.ChangeLog.AsNoTracking().Where(e => e.Kind == ChangeKind.Updated && e.EntityType == nameof(ContactPerson) && e.EntityId == ids[0].ToString())
                    .Select(e => e.Field).ToListAsync();
                Assert.Equal(["Birthday"], fields);
            }
        }
        finally
        {
            await DropAsync();
        }
    }
}

public sealed class BirthdayMonthDayTestsSqlite() : BirthdayMonthDayTests(new SqliteOwnDatabase("bd"));

/// <summary>Takes the shared PostgreSQL app only so a missing server fails it with the usual message; the database is its own.</summary>
public sealed class BirthdayMonthDayTestsPostgreSql(PostgreSqlApp server) : BirthdayMonthDayTests(new PostgreSqlOwnDatabase("crm_bd"))
{
    public PostgreSqlApp Server { get; } = server;
}
