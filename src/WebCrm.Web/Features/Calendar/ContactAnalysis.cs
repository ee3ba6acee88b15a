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
    /// <summary>By company, more companies had activities than the table lists (<see cref="ContactAnalysis.MaxCompanies"/>).</summary>
    public bool CompaniesCut { get; init; }
}

/// <summary>
/// "How many times did you meet clients last month?": activities by type and status per user, company or region for a
/// period, beside the previous period of the same length, counted in the database over the activities the user may see.
/// Without Calendar.ViewOthers a user counts only his own (activities he is responsible for); the director sees everyone.
/// An activity counts in the period its start falls in (local days). Every count is one grouped command over the period's
/// activities (by region joined to their companies' regions); by company the table lists the companies with the most
/// activities in the period (and the activities without a company), the chart still counts all.
/// </summary>
public sealed class ContactAnalysis(ActivityAccess access, Clients.CompanyAccess companies, ReferenceLookup lookup, CalendarClock clock)
{
    public const int MaxDays = 3660;
    /// <summary>By company, the table lists at most this many companies (a director's month touches tens of thousands).</summary>
    public const int MaxCompanies = 100;

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
        var (previousFromUtc, fromUtc, toUtc) = (clock.StartOfDayUtc(previousFrom), clock.StartOfDayUtc(from), clock.StartOfDayUtc(to.AddDays(1)));
        var inPeriods = activities.Where(a => a.StartUtc >= previousFromUtc && a.StartUtc < toUtc);
        List<int?>? topCompanies = null;
        if (q.By == AnalysisGrouping.Company)
        {
            topCompanies = await TopCompaniesAsync(inPeriods, fromUtc, ct);
        }
        var cut = topCompanies is { Count: > MaxCompanies };
        var counts = await CountAsync(inPeriods, q.By, fromUtc, cut ? topCompanies!.Take(MaxCompanies).ToList() : null, ct);
        // Type, user and region names from the reference cache; only companies' names need the database.
        var data = await lookup.DataAsync();
        var types = ActivityTypes.Names(data);
        var groups = await GroupNamesAsync(q.By, counts.Select(c => c.Key).Distinct().ToList(), user, data, ct);
        var rows = counts.ToLookup(c => (c.Key, c.TypeId))
            .Select(g => new AnalysisRow(groups.GetValueOrDefault(g.Key.Key ?? "", "—"), g.Key.Key ?? "", g.Key.TypeId, types.GetValueOrDefault(g.Key.TypeId, ""),
                Statuses(g.Where(c => c.Current)), Statuses(g.Where(c => !c.Current))))
            .OrderBy(r => r.Group, StringComparer.CurrentCulture).ThenBy(r => r.GroupKey, StringComparer.Ordinal)
            .ThenBy(r => r.Type, StringComparer.CurrentCulture).ToList();
        // The chart counts every activity of the periods: from the rows, unless the table lists only some companies.
        var byType = cut
            ? (await inPeriods.GroupBy(a => new { Current = a.StartUtc >= fromUtc, a.TypeId }).Select(g => new { g.Key.Current, g.Key.TypeId, N = g.Count() }).ToListAsync(ct))
                .Select(c => (Type: types.GetValueOrDefault(c.TypeId, ""), Current: c.Current ? c.N : 0, Previous: c.Current ? 0 : c.N))
            : rows.Select(r => (r.Type, Current: r.CurrentTotal, Previous: r.PreviousTotal));
        return new AnalysisViewModel
        {
            Query = q, From = from, To = to, PreviousFrom = previousFrom, PreviousTo = previousTo, Rows = rows, SeesOthers = seesOthers,
            Users = seesOthers ? (await lookup.UsersAsync(q.U, ct)).AsOptions() : [],
            ByType = byType.GroupBy(r => r.Type).OrderBy(g => g.Key, StringComparer.CurrentCulture)
                .Select(g => (g.Key, g.Sum(r => r.Current), g.Sum(r => r.Previous))).ToList(),
            CompaniesCut = cut,
        };
    }

    /// <summary>
    /// The companies with the most activities in the period (then in both periods), one more than the table lists (to tell
    /// whether it lists them all): one grouped command over the periods' activities.
    /// </summary>
    private static Task<List<int?>> TopCompaniesAsync(IQueryable<Activity> inPeriods, DateTime fromUtc, CancellationToken ct) =>
        inPeriods.Where(a => a.CompanyId != null).GroupBy(a => a.CompanyId)
            .Select(g => new { Id = g.Key, Current = g.Count(a => a.StartUtc >= fromUtc), All = g.Count() })
            .OrderByDescending(g => g.Current).ThenByDescending(g => g.All).ThenBy(g => g.Id)
            .Select(g => g.Id).Take(MaxCompanies + 1).ToListAsync(ct);

    private static Dictionary<ActivityStatus, int> Statuses(IEnumerable<Count> counts) =>
        Enum.GetValues<ActivityStatus>().ToDictionary(s => s, s => counts.Where(c => c.Status == s).Sum(c => c.N));

    private sealed record Count(bool Current, string? Key, int TypeId, ActivityStatus Status, int N);

    /// <summary>
    /// Counts by period (true: from <paramref name="fromUtc"/> on), group, type and status of the periods' activities; by
    /// company only of <paramref name="companies"/> (and those without a company) when given.
    /// </summary>
    private static async Task<List<Count>> CountAsync(IQueryable<Activity> inPeriods, AnalysisGrouping by, DateTime fromUtc, List<int?>? companies, CancellationToken ct)
    {
        static string? Key(int? id) => id?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        switch (by)
        {
            case AnalysisGrouping.Company:
                if (companies is not null)
                {
                    inPeriods = inPeriods.Where(a => a.CompanyId == null || companies.Contains(a.CompanyId));
                }
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
