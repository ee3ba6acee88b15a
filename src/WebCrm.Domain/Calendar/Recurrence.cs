namespace WebCrm.Domain.Calendar;

/// <summary>
/// Lays out the occurrences of a recurring activity. The rule works on the local wall clock: a weekly 10:00 meeting
/// stays at 10:00 after a daylight-saving change (its UTC time moves). A monthly rule on the 29th–31st falls on the
/// last day of a shorter month and returns to its own day after. A local time that does not exist (the hour skipped
/// in spring) moves forward by the gap; an ambiguous one (the hour repeated in autumn) takes the first, daylight, offset.
/// </summary>
public static class Recurrence
{
    public const int MaxOccurrences = 500;

    /// <summary>The local starts of every occurrence from <paramref name="firstLocal"/> up to <paramref name="until"/> (inclusive), at most <see cref="MaxOccurrences"/>.</summary>
    public static IReadOnlyList<DateTime> LocalStarts(DateTime firstLocal, RecurrenceFrequency frequency, int interval, DateOnly until)
    {
        if (interval < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(interval));
        }
        firstLocal = DateTime.SpecifyKind(firstLocal, DateTimeKind.Unspecified);
        var result = new List<DateTime>();
        for (var n = 0; result.Count < MaxOccurrences; n++)
        {
            var next = frequency switch
            {
                RecurrenceFrequency.Daily => firstLocal.AddDays((double)n * interval),
                RecurrenceFrequency.Weekly => firstLocal.AddDays(7.0 * n * interval),
                RecurrenceFrequency.Monthly => AddMonthsClamped(firstLocal, n * interval),
                _ => throw new ArgumentOutOfRangeException(nameof(frequency)),
            };
            if (DateOnly.FromDateTime(next) > until)
            {
                break;
            }
            result.Add(next);
        }
        return result;
    }

    /// <summary>The UTC starts of the occurrences in the zone <paramref name="zone"/>.</summary>
    public static IReadOnlyList<DateTime> UtcStarts(DateTime firstLocal, TimeZoneInfo zone, RecurrenceFrequency frequency, int interval, DateOnly until) =>
        LocalStarts(firstLocal, frequency, interval, until).Select(l => ToUtc(l, zone)).ToList();

    /// <summary>Same day of month as the first occurrence, or the month's last day when it has fewer days.</summary>
    private static DateTime AddMonthsClamped(DateTime first, int months)
    {
        var month = new DateTime(first.Year, first.Month, 1).AddMonths(months);
        var day = Math.Min(first.Day, DateTime.DaysInMonth(month.Year, month.Month));
        return new DateTime(month.Year, month.Month, day).Add(first.TimeOfDay);
    }

    /// <summary>Local wall-clock time to UTC, resolving the skipped and the repeated hour of a DST change.</summary>
    public static DateTime ToUtc(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // The hour skipped in spring: move forward by the gap (02:30 becomes 03:30).
            var gap = zone.GetUtcOffset(local.AddHours(3)) - zone.GetUtcOffset(local.AddHours(-3));
            local = local.Add(gap);
        }
        if (zone.IsAmbiguousTime(local))
        {
            var offset = zone.GetAmbiguousTimeOffsets(local).Max();
            return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
        }
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }
}
