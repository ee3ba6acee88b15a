using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Calendar;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;

namespace WebCrm.Web.Features.Calendar;

public enum AnalysisGrouping
{
    User,
    Company,
    Region,
}

public sealed class AnalysisQuery
{
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public AnalysisGrouping By { get; set; }
    /// <summary>One user only (someone else needs Calendar.ViewOthers).</summary>
    public string? U { get; set; }
}

/// <summary>Counts of one group (user, company or region) and activity type, by status, in the period and the one before.</summary>
public sealed record AnalysisRow(string Group, string GroupKey, int TypeId, string Type, IReadOnlyDictionary<ActivityStatus, int> Current, IReadOnlyDictionary<ActivityStatus, int> Previous)
{
    public int CurrentTotal => Current.Values.Sum();
    public int PreviousTotal => Previous.Values.Sum();
}

public sealed class AnalysisViewModel
{
    public AnalysisQuery Query { get; init; } = new();
    public DateOnly From { get; init; }
    public DateOnly To { get; init; }
    public DateOnly PreviousFrom { get; init; }
    public DateOnly PreviousTo { get; init; }
    public IReadOnlyList<AnalysisRow> Rows { get; init; } = [];
    public IReadOnlyList<Option> Users { get; init; } = [];
    public bool SeesOthers { get; init; }
    /// <summary>Per activity type over all groups: the bar chart's data.</summary>
    public IReadOnlyList<(string Type, int Current, int Previous)> ByType { get; init; } = [];
}

/// <summary>
/// "How many times did you meet clients last month?": activities by type and status per user, company or region for a
/// period, beside the previous period of the same length, counted in the database over the activities the user may see.
/// Without Calendar.ViewOthers a user counts only his own (activities he is responsible for); the director sees everyone.
/// An activity counts in the period its start falls in (local days).
/// </summary>
public sealed class ContactAnalysis(ActivityAccess access, Clients.CompanyAccess companies, ReferenceLookup lookup, CalendarClock clock)
{
    public const int MaxDays = 3660;

    public async Task<Result<AnalysisViewModel>> BuildAsync(AnalysisQuery q, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = UserAccess.From(principal);
        var seesOthers = user.Has(Permissions.Calendar.ViewOthers);
        if (!string.IsNullOrEmpty(q.U) && !access.SeesCalendarOf(user, q.U))
        {
            return Result<AnalysisViewModel>.From(Result.Forbidden);
        }
        var today = clock.Today;
        var from = q.From ?? new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var to = q.To ?? (q.From is null ? new DateOnly(today.Year, today.Month, 1).AddDays(-1) : from.AddMonths(1).AddDays(-1));
        if (to < from || to.DayNumber - from.DayNumber > MaxDays || from.Year < 2000 || to.Year > 2100)
        {
            return Result<AnalysisViewModel>.From(Result.Invalid("To", "period"));
        }
        var days = to.DayNumber - from.DayNumber + 1;
        var previousTo = from.AddDays(-1);
        var previousFrom = from.AddDays(-days);
        var activities = access.Query(user);
        var only = !seesOthers ? user.UserId : string.IsNullOrEmpty(q.U) ? null : q.U;
        if (only is not null)
        {
            activities = activities.Where(a => a.ResponsibleId == only);
        }
        // Both periods in one grouped command over one range of the start index: each row says which period it counts.
        var counts = await CountAsync(activities, q.By, clock.StartOfDayUtc(previousFrom), clock.StartOfDayUtc(from), clock.StartOfDayUtc(to.AddDays(1)), ct);
        var current = counts.Where(c => c.Current).ToList();
        var previous = counts.Where(c => !c.Current).ToList();
        // Type, user and region names from the reference cache; only companies' names need the database.
        var data = await lookup.DataAsync();
        var types = ActivityTypes.Names(data);
        var groups = await GroupNamesAsync(q.By, counts.Select(c => c.Key).Distinct().ToList(), user, data, ct);
        var rows = current.Concat(previous).Select(c => (c.Key, c.TypeId)).Distinct()
            .Select(k => new AnalysisRow(groups.GetValueOrDefault(k.Key ?? "", "—"), k.Key ?? "", k.TypeId, types.GetValueOrDefault(k.TypeId, ""),
                Statuses(current.Where(c => c.Key == k.Key && c.TypeId == k.TypeId)), Statuses(previous.Where(c => c.Key == k.Key && c.TypeId == k.TypeId))))
            .OrderBy(r => r.Group, StringComparer.CurrentCulture).ThenBy(r => r.Type, StringComparer.CurrentCulture).ToList();
        return new AnalysisViewModel
        {
            Query = q, From = from, To = to, PreviousFrom = previousFrom, PreviousTo = previousTo, Rows = rows, SeesOthers = seesOthers,
            Users = seesOthers ? (await lookup.UsersAsync(q.U, ct)).AsOptions() : [],
            ByType = rows.GroupBy(r => r.Type).OrderBy(g => g.Key, StringComparer.CurrentCulture)
                .Select(g => (g.Key, g.Sum(r => r.CurrentTotal), g.Sum(r => r.PreviousTotal))).ToList(),
        };
    }

    private static Dictionary<ActivityStatus, int> Statuses(IEnumerable<Count> counts) =>
        Enum.GetValues<ActivityStatus>().ToDictionary(s => s, s => counts.Where(c => c.Status == s).Sum(c => c.N));

    private sealed record Count(bool Current, string? Key, int TypeId, ActivityStatus Status, int N);

    /// <summary>Counts by period (true: from <paramref name="fromUtc"/> on), group, type and status over [previousFromUtc, toUtc).</summary>
    private static async Task<List<Count>> CountAsync(IQueryable<Activity> activities, AnalysisGrouping by, DateTime previousFromUtc, DateTime fromUtc, DateTime toUtc,
        CancellationToken ct)
    {
        var inPeriods = activities.Where(a => a.StartUtc >= previousFromUtc && a.StartUtc < toUtc);
        static string? Key(int? id) => id?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        switch (by)
        {
            case AnalysisGrouping.Company:
                return (await inPeriods.GroupBy(a => new { Current = a.StartUtc >= fromUtc, a.CompanyId, a.TypeId, a.Status })
                        .Select(g => new { g.Key.Current, g.Key.CompanyId, g.Key.TypeId, g.Key.Status, N = g.Count() }).ToListAsync(ct))
                    .Select(g => new Count(g.Current, Key(g.CompanyId), g.TypeId, g.Status, g.N)).ToList();
            case AnalysisGrouping.Region:
                return (await inPeriods.GroupBy(a => new { Current = a.StartUtc >= fromUtc, a.Company!.RegionId, a.TypeId, a.Status })
                        .Select(g => new { g.Key.Current, g.Key.RegionId, g.Key.TypeId, g.Key.Status, N = g.Count() }).ToListAsync(ct))
                    .Select(g => new Count(g.Current, Key(g.RegionId), g.TypeId, g.Status, g.N)).ToList();
            default:
                return (await inPeriods.GroupBy(a => new { Current = a.StartUtc >= fromUtc, a.ResponsibleId, a.TypeId, a.Status })
                        .Select(g => new { g.Key.Current, g.Key.ResponsibleId, g.Key.TypeId, g.Key.Status, N = g.Count() }).ToListAsync(ct))
                    .Select(g => new Count(g.Current, g.ResponsibleId, g.TypeId, g.Status, g.N)).ToList();
        }
    }

    private async Task<Dictionary<string, string>> GroupNamesAsync(AnalysisGrouping by, List<string?> keys, UserAccess user, ReferenceData data, CancellationToken ct)
    {
        var present = keys.OfType<string>().ToList();
        switch (by)
        {
            case AnalysisGrouping.Company:
                var ids = present.Select(int.Parse).ToList();
                // Only companies the user may see are named; another's stays "—".
                return await companies.Query(user).Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), c => c.Name, ct);
            case AnalysisGrouping.Region:
                var ru = FormText.IsRussian;
                return present.Select(k => (k, Item: data.ItemsById.GetValueOrDefault(int.Parse(k, System.Globalization.CultureInfo.InvariantCulture))))
                    .Where(r => r.Item is { Kind: ReferenceListKind.Region })
                    .ToDictionary(r => r.k, r => ru ? r.Item!.NameRu : r.Item!.NameEn);
            default:
                return present.Where(data.UsersById.ContainsKey).ToDictionary(k => k, k => data.UsersById[k].DisplayName);
        }
    }
}
