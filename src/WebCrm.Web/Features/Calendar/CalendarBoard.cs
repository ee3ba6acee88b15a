using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Calendar;
using WebCrm.Domain.Common;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Security;
using WebCrm.Web.Features.Clients;
using WebCrm.Web.Features.Deals;

namespace WebCrm.Web.Features.Calendar;

/// <summary>
/// The day, week and month views of one or several users' calendars side by side: their activities, the deadlines of
/// the open deal stages they run and their clients' contact persons' birthdays (read-only entries). Another user's
/// calendar needs Calendar.ViewOthers (refused with 403 otherwise, by URL too); deadlines and birthdays come only from
/// deals and companies the viewer may see.
/// </summary>
public sealed class CalendarBoard(CrmDbContext db, ActivityAccess access, DealAccess deals, CompanyAccess companies, ReferenceLookup lookup, CalendarClock clock)
{
    public const int MaxPeople = 8;

    public async Task<Result<CalendarViewModel>> BuildAsync(CalendarMode mode, DateOnly? date, IReadOnlyList<string> userIds, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = UserAccess.From(principal);
        var ids = userIds.Where(i => !string.IsNullOrWhiteSpace(i)).Distinct().Take(MaxPeople).ToList();
        if (ids.Count == 0)
        {
            ids.Add(user.UserId);
        }
        if (ids.Any(i => !access.SeesCalendarOf(user, i)))
        {
            return Result<CalendarViewModel>.From(Result.Forbidden);
        }
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        if (names.Count != ids.Count)
        {
            return Result<CalendarViewModel>.From(Result.NotFound);
        }
        var day = date ?? clock.Today;
        var (from, to, previous, next) = Range(mode, day);
        var fromUtc = clock.StartOfDayUtc(from);
        var toUtc = clock.StartOfDayUtc(to);
        var entries = new List<CalendarEntry>();
        var nowUtc = clock.UtcNow;
        foreach (var id in ids)
        {
            var rows = await access.CalendarOf(user, id, fromUtc, toUtc).OrderBy(a => a.StartUtc).ThenBy(a => a.Id).Take(2000)
                .Select(a => new { a.Id, a.Subject, a.TypeId, a.StartUtc, a.EndUtc, a.AllDay, a.Status, a.ConcurrencyStamp }).ToListAsync(ct);
            var types = await TypeNamesAsync();
            // Everything in his own calendar is his; in another's, changing needs Calendar.EditOthers (the server checks again).
            var movable = id == user.UserId || user.Has(Permissions.Calendar.EditOthers);
            entries.AddRange(rows.Select(a => new CalendarEntry(CalendarEntryKind.Activity, id, a.Subject, types.GetValueOrDefault(a.TypeId),
                clock.ToLocal(a.StartUtc), clock.ToLocal(a.EndUtc), a.AllDay, a.Status, $"/calendar/activities/{a.Id}",
                a.Status == ActivityStatus.Planned && a.EndUtc < nowUtc,
                movable && a.Status == ActivityStatus.Planned ? $"/calendar/activities/{a.Id}/move" : null, a.ConcurrencyStamp)));
            entries.AddRange(await DeadlinesAsync(user, id, from, to, ct));
            entries.AddRange(await BirthdaysAsync(user, id, from, to, ct));
        }
        var others = user.Has(Permissions.Calendar.ViewOthers)
            ? (await lookup.UsersAsync(null, ct)).Where(u => !ids.Contains(u.Id)).AsOptions()
            : [];
        return new CalendarViewModel
        {
            Mode = mode, Date = day, From = from, To = to, Today = clock.Today, Previous = previous, Next = next,
            People = ids.Select(i => new CalendarPerson(i, names[i])).ToList(),
            Entries = entries, OtherUsers = others,
        };
    }

    /// <summary>The shown days: the day; Monday to Sunday; the whole weeks covering the month.</summary>
    public static (DateOnly From, DateOnly To, DateOnly Previous, DateOnly Next) Range(CalendarMode mode, DateOnly day)
    {
        static DateOnly Monday(DateOnly d) => d.AddDays(-(((int)d.DayOfWeek + 6) % 7));
        switch (mode)
        {
            case CalendarMode.Day:
                return (day, day.AddDays(1), day.AddDays(-1), day.AddDays(1));
            case CalendarMode.Week:
                var monday = Monday(day);
                return (monday, monday.AddDays(7), day.AddDays(-7), day.AddDays(7));
            default:
                var first = new DateOnly(day.Year, day.Month, 1);
                var start = Monday(first);
                var end = Monday(first.AddMonths(1).AddDays(-1)).AddDays(7);
                return (start, end, first.AddMonths(-1), first.AddMonths(1));
        }
    }

    private Dictionary<int, string>? _types;

    /// <summary>From the reference cache (no round trip).</summary>
    private async Task<Dictionary<int, string>> TypeNamesAsync() =>
        _types ??= ActivityTypes.Names(await lookup.DataAsync());

    /// <summary>Planned ends of open stages the user runs (the stage's responsible, else the deal's), on deals the viewer sees.</summary>
    private async Task<IEnumerable<CalendarEntry>> DeadlinesAsync(UserAccess viewer, string userId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var visible = deals.Query(viewer).Where(d => d.Status == DealStatus.Open).Select(d => d.Id);
        var ru = FormText.IsRussian;
        var rows = await db.DealStages.AsNoTracking()
            .Where(s => s.PlannedEnd >= from && s.PlannedEnd < to && s.CompletedOn == null
                && (s.ResponsibleId ?? s.Deal!.ResponsibleId) == userId && visible.Contains(s.DealId))
            .OrderBy(s => s.PlannedEnd).ThenBy(s => s.Id)
            .Select(s => new { s.DealId, s.Deal!.Title, Stage = ru ? s.Stage!.NameRu : s.Stage!.NameEn, s.PlannedEnd })
            .Take(500).ToListAsync(ct);
        var today = clock.Today;
        return rows.Select(r =>
        {
            var d = r.PlannedEnd!.Value.ToDateTime(TimeOnly.MinValue);
            return new CalendarEntry(CalendarEntryKind.StageDeadline, userId, $"{r.Title}: {r.Stage}", null, d, d.AddDays(1), true, null,
                $"/deals/{r.DealId}", r.PlannedEnd < today);
        });
    }

    /// <summary>
    /// Birthdays of the contact persons of the companies the user is responsible for, among companies the viewer sees: by
    /// the stored month-day (<see cref="MonthDay"/>, its index), so a week across the new year asks for 1229, 1230, 1231, 101, … 104.
    /// </summary>
    private async Task<IEnumerable<CalendarEntry>> BirthdaysAsync(UserAccess viewer, string userId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var days = MonthDay.Days(from, to);
        var keys = days.Keys.ToList();
        var visible = companies.Query(viewer).Where(c => c.ResponsibleId == userId).Select(c => c.Id);
        var rows = await db.ContactPersons.AsNoTracking()
            .Where(p => p.BirthdayMonthDay != null && keys.Contains(p.BirthdayMonthDay.Value) && visible.Contains(p.CompanyId))
            .OrderBy(p => p.BirthdayMonthDay).ThenBy(p => p.CompanyId).ThenBy(p => p.FullName)
            .Select(p => new { p.CompanyId, p.FullName, p.BirthdayMonthDay }).Take(2000).ToListAsync(ct);
        return rows.Select(r =>
        {
            var d = days[r.BirthdayMonthDay!.Value].ToDateTime(TimeOnly.MinValue);
            return new CalendarEntry(CalendarEntryKind.Birthday, userId, r.FullName, null, d, d.AddDays(1), true, null, $"/clients/{r.CompanyId}", false);
        });
    }
}
