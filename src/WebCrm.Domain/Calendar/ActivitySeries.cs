using WebCrm.Domain.Common;

namespace WebCrm.Domain.Calendar;

public enum RecurrenceFrequency
{
    Daily = 1,
    Weekly = 2,
    Monthly = 3,
}

/// <summary>
/// The rule of a recurring activity. Its occurrences are stored as activities of their own (so history, reminders,
/// the analysis, the feed and the month view read plain rows); the rule is kept to re-lay them out when the series
/// is changed as a whole.
/// </summary>
public class ActivitySeries : Entity
{
    public RecurrenceFrequency Frequency { get; set; }
    public int Interval { get; set; } = 1;
    /// <summary>The last date an occurrence may fall on (inclusive, local).</summary>
    public DateOnly Until { get; set; }
    /// <summary>Local wall-clock start of the first occurrence (kept across DST changes).</summary>
    public DateTime FirstStartLocal { get; set; }
    public string TimeZoneId { get; set; } = "";
}
