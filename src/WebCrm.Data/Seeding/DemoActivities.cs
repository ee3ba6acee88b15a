using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Calendar;
using WebCrm.Domain.Reference;

namespace WebCrm.Data.Seeding;

/// <summary>
/// The demo calendar: a few hundred activities per demo manager and the director around today (two months back, one
/// ahead), in working hours of the server's time zone, most about one of his companies (a contact person, sometimes a
/// deal); past ones mostly done with a result, some cancelled, a few forgotten (overdue); some future ones with reminders.
/// </summary>
public sealed class DemoActivities(CrmDbContext db, Random random, TimeProvider clock)
{
    public const int PerUser = 300;

    private static readonly string[] Subjects =
    [
        "Обсудить коммерческое предложение", "Презентация продукта", "Уточнить потребности", "Согласовать договор", "Напомнить об оплате",
        "Отправить счет", "Встреча с руководством", "Демонстрация системы", "Обсудить поставку", "Поздравить с праздником",
    ];

    private static readonly string[] Results =
    [
        "Договорились о встрече на следующей неделе", "Клиент просит скидку", "Отправили КП", "Ждут согласования бюджета",
        "Оплата на этой неделе", "Перезвонить через месяц", "Интересуются обучением",
    ];

    public async Task SeedAsync(IReadOnlyList<(int Id, string ResponsibleId)> companies, IReadOnlyList<string> users, CancellationToken ct)
    {
        var types = await db.ReferenceItems.AsNoTracking().Where(r => r.Kind == ReferenceListKind.ActivityType && r.IsActive).Select(r => r.Id).ToListAsync(ct);
        if (types.Count == 0)
        {
            return;
        }
        var companyIds = companies.Select(c => c.Id).ToList();
        var contacts = (await db.ContactPersons.AsNoTracking().Where(p => companyIds.Contains(p.CompanyId)).Select(p => new { p.Id, p.CompanyId }).ToListAsync(ct))
            .ToLookup(p => p.CompanyId, p => p.Id);
        var deals = (await db.Deals.AsNoTracking().Where(d => companyIds.Contains(d.CompanyId)).Select(d => new { d.Id, d.CompanyId }).ToListAsync(ct))
            .ToLookup(d => d.CompanyId, d => d.Id);
        var zone = clock.LocalTimeZone;
        var nowUtc = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(nowUtc, zone));
        foreach (var user in users)
        {
            var own = companies.Where(c => c.ResponsibleId == user).Select(c => c.Id).ToList();
            var batch = new List<Activity>(PerUser);
            for (var i = 0; i < PerUser; i++)
            {
                var day = today.AddDays(random.Next(-60, 31));
                while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
                {
                    day = day.AddDays(1);
                }
                var local = day.ToDateTime(new TimeOnly(random.Next(9, 18), random.Next(0, 4) * 15));
                var start = Recurrence.ToUtc(local, zone);
                var a = new Activity
                {
                    TypeId = types[random.Next(types.Count)], Subject = Subjects[random.Next(Subjects.Length)], ResponsibleId = user,
                    StartUtc = start, EndUtc = start.AddMinutes(random.Next(1, 5) * 15),
                };
                if (own.Count > 0 && random.NextDouble() < 0.85)
                {
                    var company = own[random.Next(own.Count)];
                    a.CompanyId = company;
                    var people = contacts[company].ToList();
                    a.ContactPersonId = people.Count > 0 && random.NextDouble() < 0.6 ? people[random.Next(people.Count)] : null;
                    var ofCompany = deals[company].ToList();
                    a.DealId = ofCompany.Count > 0 && random.NextDouble() < 0.3 ? ofCompany[random.Next(ofCompany.Count)] : null;
                }
                if (a.EndUtc < nowUtc)
                {
                    var roll = random.NextDouble();
                    if (roll < 0.8)
                    {
                        a.MarkDone(Results[random.Next(Results.Length)], a.EndUtc);
                    }
                    else if (roll < 0.9)
                    {
                        a.Status = ActivityStatus.Cancelled;
                    }
                }
                else if (random.NextDouble() < 0.3)
                {
                    a.SetReminder(15, false);
                }
                batch.Add(a);
            }
            db.Activities.AddRange(batch);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }
}
