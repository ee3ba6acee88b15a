using WebCrm.Domain.Calendar;

namespace WebCrm.Web.Features.Calendar;

/// <summary>
/// The calendar's wall clock: the server's time zone (the one <see cref="Shared.Numbers.Today"/> judges deadlines by).
/// Activities are stored in UTC and shown, entered and laid out in this zone.
/// </summary>
public sealed class CalendarClock(TimeProvider clock)
{
    public TimeZoneInfo Zone => clock.LocalTimeZone;

    public DateTime UtcNow => clock.GetUtcNow().UtcDateTime;

    public DateOnly Today => DateOnly.FromDateTime(ToLocal(UtcNow));

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public DateTime ToUtc(DateTime local) => Recurrence.ToUtc(local, Zone);

    /// <summary>UTC of the local midnight that starts <paramref name="day"/>.</summary>
    public DateTime StartOfDayUtc(DateOnly day) => ToUtc(day.ToDateTime(TimeOnly.MinValue));
}
