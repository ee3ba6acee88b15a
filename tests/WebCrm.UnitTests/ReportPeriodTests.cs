using WebCrm.Domain.Reports;

namespace WebCrm.UnitTests;

public sealed class ReportPeriodTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Theory]
    [InlineData(2025, 2, 28)] // 28-day February
    [InlineData(2024, 2, 29)] // leap February
    [InlineData(2025, 4, 30)]
    [InlineData(2025, 1, 31)]
    public void The_third_decade_runs_from_the_21st_to_the_last_day_of_any_month(int year, int month, int lastDay)
    {
        var intervals = ReportPeriods.Split(new DateSpan(D(year, month, 1), D(year, month, lastDay)), PeriodStep.Decade);
        Assert.Equal([(1, 10), (11, 20), (21, lastDay)], intervals.Select(i => (i.From.Day, i.To.Day)));
        Assert.Equal([year * 1000 + month * 10 + 1, year * 1000 + month * 10 + 2, year * 1000 + month * 10 + 3], intervals.Select(i => i.Key));
        // Every day of the month lands in the interval whose key the database would compute for it.
        for (var day = 1; day <= lastDay; day++)
        {
            var date = D(year, month, day);
            var interval = intervals.Single(i => i.From <= date && date <= i.To);
            Assert.Equal(interval.Key, ReportPeriods.KeyOf(date, PeriodStep.Decade));
        }
    }

    [Theory]
    [InlineData(10, 1)]
    [InlineData(11, 2)]
    [InlineData(20, 2)]
    [InlineData(21, 3)]
    [InlineData(31, 3)]
    public void Decade_boundaries_are_the_10th_and_the_20th(int day, int decade) =>
        Assert.Equal(2025 * 1000 + 10 + decade, ReportPeriods.KeyOf(D(2025, 1, day), PeriodStep.Decade));

    [Fact]
    public void A_period_cut_in_the_middle_of_a_decade_starts_and_ends_with_partial_intervals()
    {
        var intervals = ReportPeriods.Split(new DateSpan(D(2025, 1, 15), D(2025, 2, 12)), PeriodStep.Decade);
        Assert.Equal([(D(2025, 1, 15), D(2025, 1, 20)), (D(2025, 1, 21), D(2025, 1, 31)), (D(2025, 2, 1), D(2025, 2, 10)), (D(2025, 2, 11), D(2025, 2, 12))],
            intervals.Select(i => (i.From, i.To)));
    }

    [Fact]
    public void Months_quarters_and_years_cover_the_period_without_gaps()
    {
        var period = new DateSpan(D(2024, 11, 5), D(2026, 2, 3));
        foreach (var step in new[] { PeriodStep.Month, PeriodStep.Quarter, PeriodStep.Year, PeriodStep.Decade })
        {
            var intervals = ReportPeriods.Split(period, step);
            Assert.Equal(period.From, intervals[0].From);
            Assert.Equal(period.To, intervals[^1].To);
            for (var i = 1; i < intervals.Count; i++)
            {
                Assert.Equal(intervals[i - 1].To.AddDays(1), intervals[i].From);
                Assert.True(intervals[i - 1].Key < intervals[i].Key);
            }
        }
        Assert.Equal(16, ReportPeriods.Split(period, PeriodStep.Month).Count);
        Assert.Equal([20244, 20251, 20252, 20253, 20254, 20261], ReportPeriods.Split(period, PeriodStep.Quarter).Select(i => i.Key));
        Assert.Equal([2024, 2025, 2026], ReportPeriods.Split(period, PeriodStep.Year).Select(i => i.Key));
        Assert.Equal(D(2025, 6, 30), ReportPeriods.IntervalEnd(D(2025, 4, 1), PeriodStep.Quarter));
        Assert.Equal(D(2024, 2, 29), ReportPeriods.IntervalEnd(D(2024, 2, 21), PeriodStep.Decade));
    }

    [Fact]
    public void No_split_is_one_interval_of_the_whole_period() =>
        Assert.Equal([(0, D(2025, 1, 5), D(2025, 3, 1))],
            ReportPeriods.Split(new DateSpan(D(2025, 1, 5), D(2025, 3, 1)), PeriodStep.None).Select(i => (i.Key, i.From, i.To)));

    [Theory]
    [InlineData(QuickPeriod.ThisMonth, "2025-05-01", "2025-05-31")]
    [InlineData(QuickPeriod.LastMonth, "2025-04-01", "2025-04-30")]
    [InlineData(QuickPeriod.ThisQuarter, "2025-04-01", "2025-06-30")]
    [InlineData(QuickPeriod.LastQuarter, "2025-01-01", "2025-03-31")]
    [InlineData(QuickPeriod.ThisYear, "2025-01-01", "2025-12-31")]
    [InlineData(QuickPeriod.LastYear, "2024-01-01", "2024-12-31")]
    [InlineData(QuickPeriod.YearToDate, "2025-01-01", "2025-05-17")]
    public void Quick_picks_are_relative_to_the_business_day(QuickPeriod pick, string from, string to) =>
        Assert.Equal(new DateSpan(DateOnly.Parse(from), DateOnly.Parse(to)), ReportPeriods.Quick(pick, D(2025, 5, 17)));

    [Fact]
    public void Last_month_and_quarter_in_january_reach_into_the_previous_year()
    {
        Assert.Equal(new DateSpan(D(2024, 12, 1), D(2024, 12, 31)), ReportPeriods.Quick(QuickPeriod.LastMonth, D(2025, 1, 10)));
        Assert.Equal(new DateSpan(D(2024, 10, 1), D(2024, 12, 31)), ReportPeriods.Quick(QuickPeriod.LastQuarter, D(2025, 1, 10)));
    }

    [Fact]
    public void Business_dates_come_from_the_company_time_zone_not_the_utc_instant()
    {
        var moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
        var vladivostok = TimeZoneInfo.FindSystemTimeZoneById("Asia/Vladivostok");
        // 22:30 UTC on 31 March is already 1 April in Moscow (UTC+3): the next month, quarter and декада.
        var instant = new DateTimeOffset(2025, 3, 31, 22, 30, 0, TimeSpan.Zero);
        Assert.Equal(D(2025, 4, 1), ReportPeriods.BusinessDate(instant, moscow));
        Assert.Equal(D(2025, 3, 31), ReportPeriods.BusinessDate(instant, TimeZoneInfo.Utc));
        Assert.Equal(20252, ReportPeriods.KeyOf(ReportPeriods.BusinessDate(instant, moscow), PeriodStep.Quarter));
        Assert.Equal(20251, ReportPeriods.KeyOf(ReportPeriods.BusinessDate(instant, TimeZoneInfo.Utc), PeriodStep.Quarter));
        // 15:00 UTC on 10 January is the 11th in Vladivostok (UTC+10): the second декада there.
        var evening = new DateTimeOffset(2025, 1, 10, 15, 0, 0, TimeSpan.Zero);
        Assert.Equal(2025012, ReportPeriods.KeyOf(ReportPeriods.BusinessDate(evening, vladivostok), PeriodStep.Decade));
        Assert.Equal(2025011, ReportPeriods.KeyOf(ReportPeriods.BusinessDate(evening, moscow), PeriodStep.Decade));
    }

    [Fact]
    public void A_period_must_run_forwards_and_stay_within_the_limit()
    {
        Assert.False(ReportPeriods.IsAcceptable(new DateSpan(D(2025, 2, 1), D(2025, 1, 1))));
        Assert.False(ReportPeriods.IsAcceptable(new DateSpan(D(2000, 1, 1), D(2025, 1, 1))));
        Assert.True(ReportPeriods.IsAcceptable(new DateSpan(D(2025, 1, 1), D(2025, 1, 1))));
        Assert.Throws<ArgumentException>(() => ReportPeriods.Split(new DateSpan(D(2025, 2, 1), D(2025, 1, 1)), PeriodStep.Month));
    }

    [Fact]
    public void Measures_and_dimensions_that_do_not_go_together_are_refused()
    {
        Assert.False(ReportRules.Applies(Measure.Payments, Dimension.Product));
        Assert.False(ReportRules.Applies(Measure.Receivable, Dimension.ProductGroup));
        Assert.True(ReportRules.Applies(Measure.DealsWon, Dimension.Product));
        Assert.Equal(50m, ReportRules.Value(Measure.WinRate, 0, 4, 2));
        Assert.Null(ReportRules.Value(Measure.AverageDeal, 0, 0, 0));
        Assert.Equal(25m, ReportRules.Value(Measure.AverageDeal, 100, 4, 0));
    }
}
