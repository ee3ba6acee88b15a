namespace WebCrm.Domain.Common;

/// <summary>
/// A day of the year without the year, as month × 100 + day (1 March → 301), for yearly dates such as birthdays.
/// </summary>
public static class MonthDay
{
    public static int? Of(DateOnly? date) => date is { } d ? Of(d) : null;

    public static int Of(DateOnly date) => date.Month * 100 + date.Day;

    /// <summary>
    /// The month-days of the days [from, to) — across a month or year end, as a week from 29 December shows — each with
    /// the date it falls on. 29 February is shown on 28 February in a year without it, when the range holds the 28th.
    /// </summary>
    public static IReadOnlyDictionary<int, DateOnly> Days(DateOnly from, DateOnly to)
    {
        var days = new Dictionary<int, DateOnly>();
        for (var d = from; d < to; d = d.AddDays(1))
        {
            days.TryAdd(Of(d), d);
            if (d is { Month: 2, Day: 28 } && !DateTime.IsLeapYear(d.Year))
            {
                days.TryAdd(229, d);
            }
        }
        return days;
    }
}

/// <summary>
/// A stored copy computed from other fields of the same entity (kept for an index): not a change of its own, so the
/// change history leaves it out.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DerivedAttribute : Attribute;
