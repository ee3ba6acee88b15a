using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Calendar;
using WebCrm.Domain.Common;
using WebCrm.Domain.Reference;

namespace WebCrm.DataGenerator;

/// <summary>
/// Calendar activities at scale: each about one company of the run, with its responsible manager, often with its first
/// contact person; working hours from four years back to three months ahead; past ones mostly done with a result, some
/// cancelled or left planned (overdue), future ones planned. The first 20 companies get 500 each (the company card's
/// history at its worst). No "created" history entries and no reminders (the reminder job would email a million).
/// </summary>
public sealed class ActivityGenerator(CrmDbContext db, bool isPostgreSql, Random random, DateTime nowUtc, Action<Entity> stamp)
{
    public const int HeavyCompanies = 20;
    public const int PerHeavyCompany = 500;

    private static readonly string[] Subjects = ["Звонок клиенту", "Встреча в офисе клиента", "Отправить КП", "Согласовать договор", "Напомнить об оплате", "Демонстрация"];

    public async Task<long> RunAsync(GeneratedCompanies companies, int count)
    {
        var types = await db.ReferenceItems.AsNoTracking().Where(r => r.Kind == ReferenceListKind.ActivityType && r.IsActive).Select(r => r.Id).ToListAsync();
        var zone = TimeZoneInfo.Local;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(nowUtc, zone));
        var first = today.AddYears(-4);
        var days = today.AddMonths(3).DayNumber - first.DayNumber;
        var heavy = Math.Min(HeavyCompanies, companies.Ids.Length / 1000);
        await using TableWriter<Activity> writer = isPostgreSql
            ? PostgreSqlCopyWriter<Activity>.Open(db, databaseGeneratesKey: true)
            : SqliteInsertWriter<Activity>.Open(db, databaseGeneratesKey: true);
        var a = new Activity();
        for (var i = 0; i < count; i++)
        {
            var index = i < heavy * PerHeavyCompany ? i / PerHeavyCompany : random.Next(companies.Ids.Length);
            var day = DateOnly.FromDayNumber(first.DayNumber + random.Next(days));
            var start = Recurrence.ToUtc(day.ToDateTime(new TimeOnly(random.Next(9, 18), random.Next(4) * 15)), zone);
            a.TypeId = types[random.Next(types.Count)];
            a.Subject = Subjects[random.Next(Subjects.Length)];
            a.Description = null;
            a.StartUtc = start;
            a.EndUtc = start.AddMinutes(random.Next(1, 5) * 15);
            a.ResponsibleId = companies.ResponsibleIds[index];
            a.CompanyId = companies.Ids[index];
            a.ContactPersonId = random.Next(2) == 0 ? companies.FirstContactIds[index] : null;
            var roll = random.NextDouble();
            a.Status = ActivityStatus.Planned;
            a.Result = null;
            a.CompletedAtUtc = null;
            if (a.EndUtc < nowUtc && roll < 0.85)
            {
                a.MarkDone("Договорились о следующем шаге", a.EndUtc);
            }
            else if (a.EndUtc < nowUtc && roll < 0.95)
            {
                a.Status = ActivityStatus.Cancelled;
            }
            stamp(a);
            writer.Write(a);
        }
        await writer.CompleteAsync();
        return writer.Rows;
    }
}
