using System.Linq.Expressions;

namespace WebCrm.Domain.Reports;

/// <summary>How a report's period is split for dynamics.</summary>
public enum PeriodStep
{
    /// <summary>The whole period as one interval.</summary>
    None = 0,
    /// <summary>Декада: days 1–10, 11–20 and 21 to the end of the month.</summary>
    Decade = 1,
    Month = 2,
    Quarter = 3,
    Year = 4,
}

/// <summary>Quick picks of a period, relative to today.</summary>
public enum QuickPeriod
{
    ThisMonth = 1,
    LastMonth = 2,
    ThisQuarter = 3,
    LastQuarter = 4,
    ThisYear = 5,
    LastYear = 6,
    YearToDate = 7,
}

/// <summary>A span of business dates, both ends included.</summary>
public readonly record struct DateSpan(DateOnly From, DateOnly To)
{
    public bool Contains(DateOnly date) => date >= From && date <= To;
}

/// <summary>One interval of a split period: its key (see <see cref="ReportPeriods.KeyOf"/>) and its dates, cut to the period.</summary>
public sealed record PeriodInterval(int Key, DateOnly From, DateOnly To);

/// <summary>
/// Period bucketing of reports, the one rule: a date belongs to the interval whose key <see cref="KeyExpression"/>
/// gives; the same expression groups rows in the database and labels intervals here, so an interval of the table is
/// exactly what the query summed. Dates are business dates (a deal's close date, a payment date), never UTC instants:
/// an instant becomes a business date in the company's time zone first (<see cref="BusinessDate"/>).
/// </summary>
public static class ReportPeriods
{
    /// <summary>The longest period a report may cover (keeps a декада split to a few hundred columns).</summary>
    public const int MaxYears = 20;

    /// <summary>
    /// The interval key of a date: 0 for <see cref="PeriodStep.None"/>; year for years; year×10 + quarter;
    /// year×100 + month; year×1000 + month×10 + декада (1: days 1–10, 2: 11–20, 3: 21–end).
    /// </summary>
    public static Expression<Func<DateOnly, int>> KeyExpression(PeriodStep step) => step switch
    {
        PeriodStep.Year => d => d.Year,
        PeriodStep.Quarter => d => d.Year * 10 + (d.Month + 2) / 3,
        PeriodStep.Month => d => d.Year * 100 + d.Month,
        PeriodStep.Decade => d => d.Year * 1000 + d.Month * 10 + (d.Day <= 10 ? 1 : d.Day <= 20 ? 2 : 3),
        _ => d => 0,
    };

    private static readonly Dictionary<PeriodStep, Func<DateOnly, int>> Compiled =
        Enum.GetValues<PeriodStep>().ToDictionary(s => s, s => KeyExpression(s).Compile());

    public static int KeyOf(DateOnly date, PeriodStep step) => Compiled[step](date);

    /// <summary>The first day of the interval a date falls in (the period's own start for <see cref="PeriodStep.None"/> is the caller's).</summary>
    public static DateOnly IntervalStart(DateOnly date, PeriodStep step) => step switch
    {
        PeriodStep.Year => new DateOnly(date.Year, 1, 1),
        PeriodStep.Quarter => new DateOnly(date.Year, (date.Month - 1) / 3 * 3 + 1, 1),
        PeriodStep.Month => new DateOnly(date.Year, date.Month, 1),
        PeriodStep.Decade => new DateOnly(date.Year, date.Month, date.Day <= 10 ? 1 : date.Day <= 20 ? 11 : 21),
        _ => date,
    };

    /// <summary>The last day of the interval a date falls in.</summary>
    public static DateOnly IntervalEnd(DateOnly date, PeriodStep step)
    {
        var monthEnd = new DateOnly(date.Year, date.Month, DateTime.DaysInMonth(date.Year, date.Month));
        return step switch
        {
            PeriodStep.Year => new DateOnly(date.Year, 12, 31),
            PeriodStep.Quarter => IntervalStart(date, step).AddMonths(3).AddDays(-1),
            PeriodStep.Month => monthEnd,
            PeriodStep.Decade => date.Day <= 10 ? new DateOnly(date.Year, date.Month, 10) : date.Day <= 20 ? new DateOnly(date.Year, date.Month, 20) : monthEnd,
            _ => date,
        };
    }

    /// <summary>
    /// Every interval of the period in order, cut to the period at both ends (a period starting on the 15th begins with
    /// a декада of 15–20), none missing: an interval without data is still a column of the report, shown as zero.
    /// </summary>
    public static IReadOnlyList<PeriodInterval> Split(DateSpan period, PeriodStep step)
    {
        if (period.To < period.From)
        {
            throw new ArgumentException("The period ends before it starts.", nameof(period));
        }
        if (step == PeriodStep.None)
        {
            return [new PeriodInterval(0, period.From, period.To)];
        }
        var result = new List<PeriodInterval>();
        for (var start = period.From; start <= period.To;)
        {
            var end = IntervalEnd(start, step);
            if (end > period.To)
            {
                end = period.To;
            }
            result.Add(new PeriodInterval(KeyOf(start, step), start, end));
            if (end == DateOnly.MaxValue)
            {
                break;
            }
            start = end.AddDays(1);
        }
        return result;
    }

    /// <summary>The dates of a quick pick on a given business day.</summary>
    public static DateSpan Quick(QuickPeriod pick, DateOnly today)
    {
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var quarterStart = IntervalStart(today, PeriodStep.Quarter);
        var yearStart = new DateOnly(today.Year, 1, 1);
        return pick switch
        {
            QuickPeriod.ThisMonth => new(monthStart, IntervalEnd(today, PeriodStep.Month)),
            QuickPeriod.LastMonth => new(monthStart.AddMonths(-1), monthStart.AddDays(-1)),
            QuickPeriod.ThisQuarter => new(quarterStart, IntervalEnd(today, PeriodStep.Quarter)),
            QuickPeriod.LastQuarter => new(quarterStart.AddMonths(-3), quarterStart.AddDays(-1)),
            QuickPeriod.ThisYear => new(yearStart, new DateOnly(today.Year, 12, 31)),
            QuickPeriod.LastYear => new(yearStart.AddYears(-1), yearStart.AddDays(-1)),
            QuickPeriod.YearToDate => new(yearStart, today),
            _ => throw new ArgumentOutOfRangeException(nameof(pick)),
        };
    }

    /// <summary>The business date of an instant in the company's time zone (23:30 UTC on 31 March is 1 April in Moscow).</summary>
    public static DateOnly BusinessDate(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>Whether a period is one a report may cover: in order and not longer than <see cref="MaxYears"/>.</summary>
    public static bool IsAcceptable(DateSpan period) => period.From <= period.To && period.To < period.From.AddYears(MaxYears);
}
