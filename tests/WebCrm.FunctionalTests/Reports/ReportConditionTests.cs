using System.Globalization;
using System.Net;
using UglyToad.PdfPig;
using WebCrm.Domain.Reports;
using WebCrm.FunctionalTests.Infrastructure;
using static WebCrm.FunctionalTests.Reports.ReportFixture;

namespace WebCrm.FunctionalTests.Reports;

/// <summary>
/// The receivable by интервал as one query (each cell the debt at its interval's end, computed here by the debt rule),
/// and the conditions on company custom fields by type — each restriction's companies chosen here from the fixture's
/// values with the test's own predicate — printed with the field's name on the page and in the PDF.
/// </summary>
public abstract partial class ReportBuilderTests
{
    [Theory]
    [InlineData(PeriodStep.Month, false)]
    [InlineData(PeriodStep.Decade, false)]
    [InlineData(PeriodStep.Quarter, true)]
    public async Task The_receivable_by_interval_is_each_cells_debt_at_the_intervals_end(PeriodStep step, bool second)
    {
        var (f, e, director) = await SetUpAsync();
        var period = new DateSpan(new DateOnly(2025, 1, 1), new DateOnly(2025, 6, 30));
        var table = Read(await director.PageAsync($"/reports?M=Receivable&R=Salesperson&Step={step}&{Period}{(second ? "&Cur=Second" : "")}"));
        var intervals = ReportPeriods.Split(period, step);
        Assert.Equal(intervals.Select(i => i.Key.ToString(CultureInfo.InvariantCulture)), table.Columns);
        decimal Debt(string manager, DateOnly at) => Math.Round(f.Deals.Where(d => d.ResponsibleId == manager && d.Start <= at)
            .Sum(d => ReportExpectations.DebtOn(d, at) * e.Rate(d.CurrencyId, at) / (second ? e.Rate(f.Usd, at) : 1m)), 2, MidpointRounding.AwayFromZero);
        var managers = f.Deals.Where(d => intervals.Any(i => d.Start <= i.To && ReportExpectations.DebtOn(d, i.To) > 0)).Select(d => d.ResponsibleId).Distinct();
        Assert.Equal(managers.Order(), table.Rows.Keys.Order());
        var nonZero = 0;
        foreach (var (manager, cells) in table.Rows)
        {
            for (var i = 0; i < intervals.Count; i++)
            {
                Assert.True(Debt(manager, intervals[i].To) == cells[i], $"{manager} at {intervals[i].To}: expected {Debt(manager, intervals[i].To)}, shown {cells[i]}");
                nonZero += cells[i] > 0 ? 1 : 0;
            }
            Assert.Equal(Debt(manager, period.To), table.RowTotals[manager]);
        }
        Assert.True(nonZero >= 3, "too few debts to tell intervals apart");
        // Different month ends owe different amounts: the intervals are not one moment repeated.
        Assert.True(table.ColumnTotals.Distinct().Count() > 1);
    }

    private static string Q(string s) => Uri.EscapeDataString(s);

    public static TheoryData<string, string> FieldConditions => new()
    {
        { "segment", "C=NotEquals&F[0].V=key" },
        { "segment", "C=OneOf&F[0].V=" + Q("KEY; small") },
        { "segment", "C=Contains&F[0].V=MAL" },
        { "segment", "C=Empty" },
        { "segment", "C=NotEmpty" },
        { "segment", "F[0].V=Key" },
        { "turnover", "C=Between&F[0].V=200&F[0].V2=1000" },
        { "turnover", "C=Between&F[0].V=" + Q("250,5") },
        { "turnover", "C=NotEquals&F[0].V=100" },
        { "turnover", "C=Empty" },
        { "since", "C=Between&F[0].V2=2023-06-01" },
        { "since", "C=Equals&F[0].V=2024-02-29" },
        { "since", "C=NotEmpty" },
        { "tier", "C=OneOf&F[0].L=Gold&F[0].L=Silver" },
        { "tier", "C=NotEquals&F[0].V=Gold" },
        { "partner", "F[0].V=no" },
        { "partner", "C=NotEquals&F[0].V=yes" },
        { "partner", "C=Empty" },
    };

    /// <summary>The companies a condition keeps, decided here from the fixture's values.</summary>
    private static Func<CompanyFields, bool> Expected(string field, string condition) => (field, condition) switch
    {
        ("segment", "C=NotEquals&F[0].V=key") => v => v.Segment != "key",
        ("segment", _) when condition.StartsWith("C=OneOf", StringComparison.Ordinal) => v => v.Segment is "key" or "small",
        ("segment", "C=Contains&F[0].V=MAL") => v => v.Segment?.Contains("mal", StringComparison.Ordinal) == true,
        ("segment", "C=Empty") => v => v.Segment is null,
        ("segment", "C=NotEmpty") => v => v.Segment is not null,
        ("segment", _) => v => v.Segment == "key",
        ("turnover", "C=Between&F[0].V=200&F[0].V2=1000") => v => v.Turnover is >= 200m and <= 1000m,
        ("turnover", "C=NotEquals&F[0].V=100") => v => v.Turnover != 100m,
        ("turnover", "C=Empty") => v => v.Turnover is null,
        ("turnover", _) => v => v.Turnover >= 250.5m,
        ("since", "C=Between&F[0].V2=2023-06-01") => v => v.Since <= new DateOnly(2023, 6, 1),
        ("since", "C=Equals&F[0].V=2024-02-29") => v => v.Since == new DateOnly(2024, 2, 29),
        ("since", _) => v => v.Since is not null,
        ("tier", "C=NotEquals&F[0].V=Gold") => v => v.Tier != "Gold",
        ("tier", _) => v => v.Tier is not null,
        ("partner", "F[0].V=no") => v => v.Partner == false,
        ("partner", "C=NotEquals&F[0].V=yes") => v => v.Partner != true,
        _ => v => v.Partner is null,
    };

    private static int FieldId(ReportFixture f, string field) => field switch
    {
        "segment" => f.CustomFieldId,
        "turnover" => f.FieldIds.Turnover,
        "since" => f.FieldIds.Since,
        "tier" => f.FieldIds.Tier,
        _ => f.FieldIds.Partner,
    };

    [Theory]
    [MemberData(nameof(FieldConditions))]
    public async Task A_custom_field_condition_keeps_the_deals_of_the_companies_it_describes(string field, string condition)
    {
        var (f, e, director) = await SetUpAsync();
        var keep = Expected(field, condition);
        var companies = f.Fields.Where(x => keep(x.Value)).Select(x => x.Key).ToHashSet();
        Assert.InRange(companies.Count, 1, f.Fields.Count - 1);
        var facts = e.Facts(Measure.DealsOpened, new DateOnly(2025, 1, 1), new DateOnly(2025, 6, 30), false, null, false)
            .Where(x => companies.Contains(x.Deal.CompanyId)).ToList();
        var url = $"/reports?M=DealsOpened&R=Client&{Period}&F[0].Id={FieldId(f, field)}&" + (condition.StartsWith("C=", StringComparison.Ordinal) ? "F[0]." : "") + condition;
        var table = Read(await director.PageAsync(url));
        Equal(e.ByRow(Measure.DealsOpened, Dimension.Client, facts), table.Rows.ToDictionary(r => r.Key, r => r.Value.Single()), $"{field} {condition}");
    }

    [Fact]
    public async Task A_custom_field_restriction_is_printed_with_the_fields_name_on_the_page_and_in_the_pdf()
    {
        var (f, _, director) = await SetUpAsync();
        var query = $"M=DealsOpened&R=Client&{Period}&F[0].Id={f.FieldIds.Turnover}&F[0].C=Between&F[0].V=200&F[0].V2=1000";
        var page = await director.PageAsync("/reports?" + query);
        var shown = page.QuerySelector("#report-parameters")!.TextContent;
        Assert.Contains("Turnover from 200 to 1000", shown);
        var pdf = await director.GetAsync("/reports/export/pdf?" + query);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        using (var document = PdfDocument.Open(await pdf.Content.ReadAsByteArrayAsync()))
        {
            var text = string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
            Assert.Contains("Turnover from 200 to 1000", text);
            Assert.DoesNotContain("#" + f.FieldIds.Turnover.ToString(CultureInfo.InvariantCulture), text);
        }
        // In Russian the field's Russian name and the condition's words.
        using var russian = await app.SignedInAsync(f.DirectorName);
        russian.Http.DefaultRequestHeaders.AcceptLanguage.Clear();
        russian.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ru");
        var ru = (await russian.PageAsync($"/reports?M=DealsOpened&R=Client&{Period}&F[0].Id={f.CustomFieldId}&F[0].C=NotEquals&F[0].V=key"))
            .QuerySelector("#report-parameters")!.TextContent;
        Assert.Contains("Сегмент не равно key", ru);
    }

    [Theory]
    [InlineData("turnover", "C=Contains&F[0].V=1")]
    [InlineData("turnover", "F[0].V=lots")]
    [InlineData("since", "C=Between&F[0].V=soon")]
    [InlineData("since", "C=Between")]
    [InlineData("partner", "F[0].V=maybe")]
    [InlineData("segment", "C=OneOf&F[0].V=" + ";")]
    [InlineData("segment", "F[0].V=")]
    public async Task A_condition_that_does_not_fit_the_field_gets_a_message(string field, string condition)
    {
        var (f, _, director) = await SetUpAsync();
        var response = await director.GetAsync($"/reports?M=DealsOpened&R=Client&{Period}&F[0].Id={FieldId(f, field)}&" + (condition.StartsWith("C=", StringComparison.Ordinal) ? "F[0]." : "") + condition);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.NotNull((await CrmClient.ParseAsync(response)).QuerySelector("#report-errors li"));
    }
}
