using WebCrm.Domain.Calendar;
using WebCrm.Domain.Security;

namespace WebCrm.UnitTests;

/// <summary>Recurrence expansion across month ends, leap years and daylight-saving changes; the activity visibility rule.</summary>
public sealed class RecurrenceTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Fact]
    public void A_weekly_meeting_keeps_its_local_time_across_both_dst_changes()
    {
        // Thursdays 10:00 in Berlin, from before the spring change (29 Mar 2026) to after the autumn one (25 Oct 2026).
        var starts = Recurrence.UtcStarts(new DateTime(2026, 3, 19, 10, 0, 0), Berlin, RecurrenceFrequency.Weekly, 1, new DateOnly(2026, 10, 29));
        Assert.Equal(new DateTime(2026, 3, 19, 9, 0, 0, DateTimeKind.Utc), starts[0]);   // CET, UTC+1
        Assert.Equal(new DateTime(2026, 3, 26, 9, 0, 0, DateTimeKind.Utc), starts[1]);
        Assert.Equal(new DateTime(2026, 4, 2, 8, 0, 0, DateTimeKind.Utc), starts[2]);    // CEST, UTC+2
        Assert.Equal(new DateTime(2026, 10, 22, 8, 0, 0, DateTimeKind.Utc), starts[^2]);
        Assert.Equal(new DateTime(2026, 10, 29, 9, 0, 0, DateTimeKind.Utc), starts[^1]); // CET again
        Assert.All(starts, s => Assert.Equal(10, TimeZoneInfo.ConvertTimeFromUtc(s, Berlin).Hour));
        Assert.Equal(33, starts.Count);
        Assert.All(starts.Zip(starts.Skip(1)), p => Assert.Contains((p.Second - p.First).TotalHours, new[] { 167.0, 168.0, 169.0 }));
    }

    [Fact]
    public void A_time_in_the_skipped_hour_moves_forward_and_a_repeated_hour_takes_the_first_offset()
    {
        // 29 Mar 2026 02:30 does not exist in Berlin (clocks jump 02:00 → 03:00): it becomes 03:30 CEST = 01:30 UTC.
        var daily = Recurrence.UtcStarts(new DateTime(2026, 3, 28, 2, 30, 0), Berlin, RecurrenceFrequency.Daily, 1, new DateOnly(2026, 3, 30));
        Assert.Equal([new DateTime(2026, 3, 28, 1, 30, 0, DateTimeKind.Utc), new DateTime(2026, 3, 29, 1, 30, 0, DateTimeKind.Utc),
            new DateTime(2026, 3, 30, 0, 30, 0, DateTimeKind.Utc)], daily);
        // 25 Oct 2026 02:30 happens twice: the first (CEST, UTC+2) is taken.
        Assert.Equal(new DateTime(2026, 10, 25, 0, 30, 0, DateTimeKind.Utc), Recurrence.ToUtc(new DateTime(2026, 10, 25, 2, 30, 0), Berlin));
        // New York changes on other dates (8 Mar / 1 Nov 2026).
        var ny = Recurrence.UtcStarts(new DateTime(2026, 3, 7, 9, 0, 0), NewYork, RecurrenceFrequency.Daily, 1, new DateOnly(2026, 3, 8));
        Assert.Equal([new DateTime(2026, 3, 7, 14, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 8, 13, 0, 0, DateTimeKind.Utc)], ny);
    }

    [Fact]
    public void A_monthly_rule_on_the_31st_falls_on_the_last_day_of_shorter_months_and_returns()
    {
        var starts = Recurrence.LocalStarts(new DateTime(2026, 1, 31, 9, 0, 0), RecurrenceFrequency.Monthly, 1, new DateOnly(2026, 5, 31));
        Assert.Equal(new[] { "2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31" }, starts.Select(s => s.ToString("yyyy-MM-dd")));
        var leap = Recurrence.LocalStarts(new DateTime(2028, 1, 30, 9, 0, 0), RecurrenceFrequency.Monthly, 1, new DateOnly(2028, 3, 30));
        Assert.Equal(new[] { "2028-01-30", "2028-02-29", "2028-03-30" }, leap.Select(s => s.ToString("yyyy-MM-dd")));
        // Every second month across a year end, ending exactly on the until date.
        var bimonthly = Recurrence.LocalStarts(new DateTime(2026, 11, 15, 9, 0, 0), RecurrenceFrequency.Monthly, 2, new DateOnly(2027, 3, 15));
        Assert.Equal(new[] { "2026-11-15", "2027-01-15", "2027-03-15" }, bimonthly.Select(s => s.ToString("yyyy-MM-dd")));
    }

    [Fact]
    public void Daily_and_weekly_rules_cross_month_and_year_ends_and_stop_at_the_cap()
    {
        var daily = Recurrence.LocalStarts(new DateTime(2026, 12, 30, 8, 0, 0), RecurrenceFrequency.Daily, 1, new DateOnly(2027, 1, 2));
        Assert.Equal(new[] { "2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02" }, daily.Select(s => s.ToString("yyyy-MM-dd")));
        var everyThird = Recurrence.LocalStarts(new DateTime(2026, 2, 26, 8, 0, 0), RecurrenceFrequency.Daily, 3, new DateOnly(2026, 3, 8));
        Assert.Equal(new[] { "2026-02-26", "2026-03-01", "2026-03-04", "2026-03-07" }, everyThird.Select(s => s.ToString("yyyy-MM-dd")));
        var fortnightly = Recurrence.LocalStarts(new DateTime(2026, 12, 21, 8, 0, 0), RecurrenceFrequency.Weekly, 2, new DateOnly(2027, 1, 18));
        Assert.Equal(new[] { "2026-12-21", "2027-01-04", "2027-01-18" }, fortnightly.Select(s => s.ToString("yyyy-MM-dd")));
        Assert.Equal(Recurrence.MaxOccurrences, Recurrence.LocalStarts(new DateTime(2026, 1, 1), RecurrenceFrequency.Daily, 1, new DateOnly(2030, 1, 1)).Count);
        Assert.Empty(Recurrence.LocalStarts(new DateTime(2026, 1, 2), RecurrenceFrequency.Daily, 1, new DateOnly(2026, 1, 1)));
    }

    [Fact]
    public void Everyone_sees_his_own_activities_and_others_only_with_view_others_and_changes_them_only_with_edit_others()
    {
        var rule = ActivityVisibility.Instance;
        var activity = new Activity { ResponsibleId = "owner", Participants = [new ActivityParticipant { UserId = "guest" }] };
        UserAccess U(string id, params string[] rights) => new(id, rights);
        Assert.True(rule.Allows(activity, U("owner"), RecordOperations.Update));
        Assert.True(rule.Allows(activity, U("guest"), RecordOperations.Read));
        Assert.False(rule.Allows(activity, U("other"), RecordOperations.Read));
        Assert.True(rule.Allows(activity, U("other", Permissions.Calendar.ViewOthers), RecordOperations.Read));
        Assert.False(rule.Allows(activity, U("other", Permissions.Calendar.ViewOthers), RecordOperations.Update));
        Assert.False(rule.Allows(activity, U("other", Permissions.Calendar.ViewOthers), RecordOperations.Delete));
        Assert.True(rule.Allows(activity, U("other", Permissions.Calendar.ViewOthers, Permissions.Calendar.EditOthers), RecordOperations.Update));
        Assert.False(rule.Allows(activity, U("owner"), RecordOperations.Reassign));
        var query = new[] { activity, new Activity { ResponsibleId = "x" } }.AsQueryable();
        Assert.Single(rule.Apply(query, U("guest")));
        Assert.Equal(2, rule.Apply(query, U("boss", Permissions.Calendar.ViewOthers)).Count());
    }
}
