using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using WebCrm.Domain.Reports;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Reports;

/// <summary>
/// The report builder against the fixture: every measure × every dimension it can be split by, two-dimension tables
/// with their totals, dynamics by декада, month, quarter and year with empty intervals as zero, the second currency at
/// dated rates, restrictions, visibility (a manager's report covers only the deals he sees) and the drill-down list
/// behind a cell — each compared with <see cref="ReportExpectations"/>, computed in the test from the fixture's records.
/// </summary>
public abstract partial class ReportBuilderTests(CrmApp app)
{
    private const string Period = "From=2025-01-01&To=2025-06-30";

    private sealed record Table(Dictionary<string, decimal?[]> Rows, Dictionary<string, decimal?> RowTotals, decimal?[] ColumnTotals,
        decimal? Grand, string[] Columns);

    private static decimal? Number(string? s) => string.IsNullOrEmpty(s) ? null : decimal.Parse(s, CultureInfo.InvariantCulture);

    private static Table Read(IHtmlDocument page)
    {
        var table = page.QuerySelector("#report-table");
        Assert.True(table is not null, page.QuerySelector("#report-errors")?.TextContent ?? "no report table");
        var rows = table!.QuerySelectorAll("tbody tr").ToDictionary(r => r.GetAttribute("data-key")!,
            r => r.QuerySelectorAll("td.cell").Select(c => Number(c.GetAttribute("data-value"))).ToArray());
        var rowTotals = table.QuerySelectorAll("tbody tr").Where(r => r.QuerySelector("td.row-total") is not null)
            .ToDictionary(r => r.GetAttribute("data-key")!, r => Number(r.QuerySelector("td.row-total")!.GetAttribute("data-value")));
        return new Table(rows, rowTotals, table.QuerySelectorAll("tfoot td.column-total").Select(c => Number(c.GetAttribute("data-value"))).ToArray(),
            Number(table.QuerySelector("tfoot td.grand-total")?.GetAttribute("data-value")),
            table.QuerySelectorAll("thead th[data-key]").Select(h => h.GetAttribute("data-key")!).ToArray());
    }

    private async Task<(ReportFixture F, ReportExpectations E, CrmClient Director)> SetUpAsync()
    {
        var f = await ReportFixture.ForAsync(app);
        return (f, new ReportExpectations(f), await app.SignedInAsync(f.DirectorName));
    }

    private static bool ByLines(Measure m, params Dimension[] dims) => dims.Any(ReportRules.IsProductDimension);

    private static void Equal(Dictionary<string, decimal?> expected, Dictionary<string, decimal?> actual, string what)
    {
        Assert.True(expected.Keys.Order().SequenceEqual(actual.Keys.Order()),
            $"{what}: rows {string.Join(",", expected.Keys.Order())} expected, {string.Join(",", actual.Keys.Order())} shown");
        foreach (var (key, value) in expected)
        {
            Assert.True(value == actual[key], $"{what}, row {key}: expected {value}, shown {actual[key]}");
        }
    }

    [Fact]
    public async Task Every_measure_by_every_dimension_equals_the_computation_over_the_fixture()
    {
        var (f, e, director) = await SetUpAsync();
        var from = new DateOnly(2025, 1, 1);
        var to = new DateOnly(2025, 6, 30);
        var checkedCells = 0;
        foreach (var m in Enum.GetValues<Measure>())
        {
            foreach (var d in Enum.GetValues<Dimension>().Where(d => d != Dimension.None && ReportRules.Applies(m, d)))
            {
                var facts = e.Facts(m, from, to, second: false, userId: null, ByLines(m, d)).ToList();
                var expected = e.ByRow(m, d, facts);
                var table = Read(await director.PageAsync($"/reports?M={m}&R={d}&{Period}"));
                Equal(expected, table.Rows.ToDictionary(r => r.Key, r => r.Value.Single()), $"{m} by {d}");
                Assert.Equal(ReportExpectations.Value(m, facts), table.ColumnTotals.Single());
                checkedCells += expected.Count;
            }
        }
        Assert.True(checkedCells > 300, $"only {checkedCells} cells compared");
    }

    [Theory]
    [InlineData(Measure.Sales, Dimension.Salesperson, Dimension.Region)]
    [InlineData(Measure.QuantitySold, Dimension.Product, Dimension.City)]
    [InlineData(Measure.DealsWon, Dimension.ProductGroup, Dimension.Salesperson)]
    [InlineData(Measure.WinRate, Dimension.StageResponsible, Dimension.Source)]
    [InlineData(Measure.Payments, Dimension.Client, Dimension.Status)]
    [InlineData(Measure.Receivable, Dimension.Salesperson, Dimension.StageResponsible)]
    [InlineData(Measure.AverageDeal, Dimension.Industry, Dimension.ClientType)]
    public async Task Two_dimensions_show_cells_and_row_column_and_grand_totals(Measure m, Dimension rows, Dimension columns)
    {
        var (f, e, director) = await SetUpAsync();
        var facts = e.Facts(m, new DateOnly(2025, 1, 1), new DateOnly(2025, 6, 30), false, null, ByLines(m, rows, columns)).ToList();
        var table = Read(await director.PageAsync($"/reports?M={m}&R={rows}&C={columns}&{Period}"));
        var cells = e.ByCell(m, rows, columns, facts);
        var empty = m is Measure.AverageDeal or Measure.WinRate ? (decimal?)null : 0m;
        foreach (var (row, values) in table.Rows)
        {
            for (var i = 0; i < table.Columns.Length; i++)
            {
                var expected = cells.TryGetValue((row, table.Columns[i]), out var v) ? v : empty;
                Assert.True(expected == values[i], $"cell {row} × {table.Columns[i]}: expected {expected}, shown {values[i]}");
            }
        }
        Assert.Equal(cells.Keys.Select(k => k.Item1).Distinct().Order(), table.Rows.Keys.Order());
        Equal(e.ByRow(m, rows, facts), table.RowTotals, "row totals");
        var columnTotals = e.ByRow(m, columns, facts);
        Assert.Equal(table.Columns.Select(c => columnTotals[c]), table.ColumnTotals);
        Assert.Equal(ReportExpectations.Value(m, facts), table.Grand);
    }

    [Theory]
    [InlineData(PeriodStep.Month, "2025-01-01", "2025-06-30", new[] { 202501, 202502, 202503, 202504, 202505, 202506 })]
    [InlineData(PeriodStep.Decade, "2025-01-05", "2025-02-25", new[] { 2025011, 2025012, 2025013, 2025021, 2025022, 2025023 })]
    [InlineData(PeriodStep.Quarter, "2025-01-01", "2025-12-31", new[] { 20251, 20252, 20253, 20254 })]
    [InlineData(PeriodStep.Year, "2024-06-01", "2025-12-31", new[] { 2024, 2025 })]
    public async Task Dynamics_split_the_period_and_show_empty_intervals_as_zero(PeriodStep step, string from, string to, int[] keys)
    {
        var (f, e, director) = await SetUpAsync();
        var start = DateOnly.Parse(from, CultureInfo.InvariantCulture);
        var end = DateOnly.Parse(to, CultureInfo.InvariantCulture);
        var table = Read(await director.PageAsync($"/reports?M=Sales&R=Salesperson&Step={step}&From={from}&To={to}"));
        Assert.Equal(keys.Select(k => k.ToString(CultureInfo.InvariantCulture)), table.Columns);
        var intervals = ReportPeriods.Split(new DateSpan(start, end), step);
        foreach (var (row, values) in table.Rows)
        {
            for (var i = 0; i < intervals.Count; i++)
            {
                var facts = e.Facts(Measure.Sales, intervals[i].From, intervals[i].To, false, null, false).Where(x => x.Deal.ResponsibleId == row).ToList();
                Assert.Equal(ReportExpectations.Value(Measure.Sales, facts), values[i]);
            }
        }
        // The fixture sells in January–June only: later intervals are columns of zeros, not missing.
        Assert.Contains(table.ColumnTotals, v => v == 0m);
    }

    [Fact]
    public async Task The_receivable_by_month_is_the_debt_at_each_months_end()
    {
        var (f, e, director) = await SetUpAsync();
        var table = Read(await director.PageAsync($"/reports?M=Receivable&R=Salesperson&Step=Month&{Period}"));
        var months = ReportPeriods.Split(new DateSpan(new DateOnly(2025, 1, 1), new DateOnly(2025, 6, 30)), PeriodStep.Month);
        for (var i = 0; i < months.Count; i++)
        {
            var facts = e.Facts(Measure.Receivable, months[i].From, months[i].To, false, null, false).ToList();
            Assert.Equal(ReportExpectations.Value(Measure.Receivable, facts), table.ColumnTotals[i]);
        }
        // Totals are the debt at the end of the period, not a sum of month ends.
        Assert.Equal(table.ColumnTotals[^1], table.Grand);
    }

    [Fact]
    public async Task Money_in_the_second_currency_is_converted_at_each_facts_own_date()
    {
        var (f, e, director) = await SetUpAsync();
        foreach (var m in new[] { Measure.Sales, Measure.Payments, Measure.Receivable, Measure.AverageDeal })
        {
            var facts = e.Facts(m, new DateOnly(2025, 1, 1), new DateOnly(2025, 6, 30), second: true, null, false).ToList();
            var page = await director.PageAsync($"/reports?M={m}&R=Salesperson&Cur=Second&{Period}");
            Equal(e.ByRow(m, Dimension.Salesperson, facts), Read(page).Rows.ToDictionary(r => r.Key, r => r.Value.Single()), $"{m} in dollars");
            Assert.Contains("Dollars", page.QuerySelector("#report-parameters")!.TextContent);
        }
    }

    [Fact]
    public async Task A_managers_report_covers_only_the_deals_he_sees()
    {
        var (f, e, _) = await SetUpAsync();
        using var manager = await app.SignedInAsync(f.M1Name);
        foreach (var m in new[] { Measure.Sales, Measure.DealsOpened, Measure.Payments, Measure.Receivable })
        {
            var facts = e.Facts(m, new DateOnly(2025, 1, 1), new DateOnly(2025, 6, 30), false, f.M1, false).ToList();
            var table = Read(await manager.PageAsync($"/reports?M={m}&R=Salesperson&{Period}"));
            Equal(e.ByRow(m, Dimension.Salesperson, facts), table.Rows.ToDictionary(r => r.Key, r => r.Value.Single()), $"manager's {m}");
        }
        // He sees some of m3's deals (a stage of his), not all of them.
        var all = e.Facts(Measure.DealsOpened, new DateOnly(2025, 1, 1), new DateOnly(2025, 6, 30), false, null, false).Count();
        var his = e.Facts(Measure.DealsOpened, new DateOnly(2025, 1, 1), new DateOnly(2025, 6, 30), false, f.M1, false).Count();
        Assert.InRange(his, 1, all - 1);
    }

    [Fact]
    public async Task Restrictions_on_dimensions_statuses_and_company_custom_fields_narrow_the_facts()
    {
        var (f, e, director) = await SetUpAsync();
        var all = e.Facts(Measure.DealsOpened, new DateOnly(2025, 1, 1), new DateOnly(2025, 6, 30), false, null, false).ToList();
        var north = f.Companies.First().RegionId!.Value;
        var inRegion = all.Where(x => f.Companies.Single(c => c.Id == x.Deal.CompanyId).RegionId == north).ToList();
        Equal(e.ByRow(Measure.DealsOpened, Dimension.Salesperson, inRegion),
            Read(await director.PageAsync($"/reports?M=DealsOpened&R=Salesperson&{Period}&X[0].D=Region&X[0].V={north}")).Rows.ToDictionary(r => r.Key, r => r.Value.Single()), "region in");
        var notInRegion = all.Except(inRegion).ToList();
        Equal(e.ByRow(Measure.DealsOpened, Dimension.Salesperson, notInRegion),
            Read(await director.PageAsync($"/reports?M=DealsOpened&R=Salesperson&{Period}&X[0].D=Region&X[0].Ex=true&X[0].V={north}")).Rows.ToDictionary(r => r.Key, r => r.Value.Single()), "region not in");
        var open = all.Where(x => x.Deal.Status == Domain.Deals.DealStatus.Open).ToList();
        Equal(e.ByRow(Measure.DealsOpened, Dimension.Salesperson, open),
            Read(await director.PageAsync($"/reports?M=DealsOpened&R=Salesperson&{Period}&St=Open")).Rows.ToDictionary(r => r.Key, r => r.Value.Single()), "status");
        var key = all.Where(x => f.KeyAccounts.Contains(x.Deal.CompanyId)).ToList();
        Equal(e.ByRow(Measure.DealsOpened, Dimension.Salesperson, key),
            Read(await director.PageAsync($"/reports?M=DealsOpened&R=Salesperson&{Period}&F[0].Id={f.CustomFieldId}&F[0].V=key")).Rows.ToDictionary(r => r.Key, r => r.Value.Single()), "custom field");
        // A product restriction on sales keeps only that product's lines.
        var product = f.Deals.SelectMany(d => d.Lines).First().ProductId;
        var sales = e.Facts(Measure.Sales, new DateOnly(2025, 1, 1), new DateOnly(2025, 6, 30), false, null, false).Where(x => x.Line!.ProductId == product).ToList();
        Equal(e.ByRow(Measure.Sales, Dimension.Salesperson, sales),
            Read(await director.PageAsync($"/reports?M=Sales&R=Salesperson&{Period}&X[0].D=Product&X[0].V={product}")).Rows.ToDictionary(r => r.Key, r => r.Value.Single()), "product");
    }

    [Fact]
    public async Task The_drill_down_lists_exactly_the_deals_behind_a_cell()
    {
        var (f, e, director) = await SetUpAsync();
        var facts = e.Facts(Measure.Sales, new DateOnly(2025, 1, 1), new DateOnly(2025, 6, 30), false, null, false).ToList();
        var report = await director.PageAsync($"/reports?M=Sales&R=Salesperson&C=Region&{Period}");
        var links = report.QuerySelectorAll("#report-table td.cell a").ToList();
        Assert.NotEmpty(links);
        foreach (var link in links)
        {
            var cell = decimal.Parse(link.ParentElement!.GetAttribute("data-value")!, CultureInfo.InvariantCulture);
            var href = link.GetAttribute("href")!;
            var drill = await director.PageAsync(href);
            var deals = drill.QuerySelectorAll("#drill-deals tbody tr").ToList();
            Assert.Equal(cell, decimal.Parse(drill.QuerySelector("#drill-total")!.GetAttribute("data-value")!, CultureInfo.InvariantCulture));
            Assert.Equal(cell, deals.Sum(r => decimal.Parse(r.QuerySelector("td.value")!.GetAttribute("data-value")!, CultureInfo.InvariantCulture)));
            var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + href).Query);
            var expectedDeals = facts.Where(x => x.Deal.ResponsibleId == query["rk"]
                    && (f.Companies.Single(c => c.Id == x.Deal.CompanyId).RegionId?.ToString(CultureInfo.InvariantCulture) ?? "~") == query["ck"])
                .Select(x => x.Deal.Id).Distinct().Order();
            Assert.Equal(expectedDeals, deals.Select(r => int.Parse(r.GetAttribute("data-id")!, CultureInfo.InvariantCulture)).Order());
        }
        // A count measure's drill-down lists as many deals as the cell counts.
        var won = await director.PageAsync($"/reports?M=DealsWon&R=Region&{Period}");
        var first = won.QuerySelector("#report-table td.cell a")!;
        var list = await director.PageAsync(first.GetAttribute("href")!);
        Assert.Equal(decimal.Parse(first.ParentElement!.GetAttribute("data-value")!, CultureInfo.InvariantCulture), list.QuerySelectorAll("#drill-deals tbody tr").Length);
    }

    [Theory]
    [InlineData("Bar")]
    [InlineData("Pie")]
    [InlineData("Line")]
    public async Task A_chart_carries_the_same_numbers_as_the_table_beside_it(string chart)
    {
        var (_, _, director) = await SetUpAsync();
        var page = await director.PageAsync($"/reports?M=Sales&R=Salesperson&Step=Month&Chart={chart}&{Period}");
        var canvas = page.QuerySelector("canvas#report-chart");
        Assert.NotNull(canvas);
        Assert.Null(page.QuerySelector("script:not([src])"));
        using var json = System.Text.Json.JsonDocument.Parse(canvas!.GetAttribute("data-chart")!);
        var table = Read(page);
        var rowLabels = page.QuerySelectorAll("#report-table tbody th").Select(h => h.TextContent.Trim()).ToArray();
        var series = json.RootElement.GetProperty("series").EnumerateArray().ToList();
        if (chart == "Pie")
        {
            Assert.Equal(rowLabels, json.RootElement.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
            Assert.Equal(table.RowTotals.Values, series.Single().GetProperty("values").EnumerateArray().Select(v => (decimal?)v.GetDecimal()));
        }
        else
        {
            // Dynamics: the months on the axis, one series per row of the table.
            Assert.Equal(rowLabels, series.Select(s => s.GetProperty("label").GetString()));
            Assert.Equal(table.Rows.Values.First(), series[0].GetProperty("values").EnumerateArray().Select(v => (decimal?)v.GetDecimal()));
        }
    }

    [Theory]
    [InlineData("M=Sales&R=Salesperson&From=2025-05-01&To=2025-01-01")]
    [InlineData("M=Sales&R=Salesperson&C=Salesperson")]
    [InlineData("M=Payments&R=Product")]
    [InlineData("M=Sales&R=Salesperson&From=1990-01-01&To=2025-01-01")]
    [InlineData("M=Sales&R=None")]
    public async Task A_report_that_cannot_be_built_says_why(string query)
    {
        var (_, _, director) = await SetUpAsync();
        var response = await director.GetAsync("/reports?" + query);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await CrmClient.ParseAsync(response);
        Assert.NotNull(page.QuerySelector("#report-errors li"));
        Assert.Null(page.QuerySelector("#report-table"));
    }

    [Theory]
    [InlineData("M=Nonsense")]
    [InlineData("Step=7&From=x")]
    public async Task Unreadable_parameters_answer_400_or_a_message_never_500(string query)
    {
        var (_, _, director) = await SetUpAsync();
        var response = await director.GetAsync("/reports?" + query);
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, $"{response.StatusCode}");
    }
}

public sealed class ReportBuilderTestsSqlite(IsolatedSqliteApp app) : ReportBuilderTests(app), IClassFixture<IsolatedSqliteApp>;
public sealed class ReportBuilderTestsPostgreSql(IsolatedPostgreSqlApp app) : ReportBuilderTests(app), IClassFixture<IsolatedPostgreSqlApp>;
