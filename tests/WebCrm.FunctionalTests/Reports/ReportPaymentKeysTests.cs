using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;
using WebCrm.Web.Features.Deals;

namespace WebCrm.FunctionalTests.Reports;

/// <summary>
/// Payments by region and by salesperson read the keys stored beside each payment (its deal's company's region, its
/// deal's responsible). Their sources are changed here through the app's own forms — a company's region, a deal's
/// responsible, a deal moved to another company, a payment added and deleted, a deal deleted — and after each change
/// the reports (the director's, which sums the payments alone; one narrowed by a restriction and a manager's, which
/// keep only the visible deals' payments) must equal the sums computed in this test from the payments, deals, companies
/// and stages as stored now, converted at each payment's date. Then the keys are wiped (the report no longer matches)
/// and rebuilt by the rebuild command's service. Its own app: the test adds exchange rates and rewrites every payment.
/// </summary>
public abstract class ReportPaymentKeysTests(CrmApp app)
{
    private const string Period = "From=2025-01-01&To=2025-06-30";

    private sealed record Ids(int Rub, int Usd, int Region1, int Region2, string Director, string Manager1, string Manager2);

    /// <summary>One report: its address, who reads it, its rows and columns, and which deals it keeps.</summary>
    private sealed record Report(string Name, CrmClient Reader, string Url, Func<Row, string> RowKey, Func<Row, string> ColumnKey, Func<Row, bool> Keeps,
        bool Second = false);

    /// <summary>A payment with its deal and company as stored now.</summary>
    private sealed record Row(DateOnly Date, decimal Amount, int CurrencyId, int? RegionId, string Responsible, bool VisibleToManager1);

    private static string S(decimal v) => v.ToString(CultureInfo.InvariantCulture);
    private static string S(int v) => v.ToString(CultureInfo.InvariantCulture);
    private static string Key(int? id) => id is { } v ? S(v) : "~";

    private Task<Guid> StampAsync(int id) => app.InDbAsync(db => db.Deals.Where(d => d.Id == id).Select(d => d.ConcurrencyStamp).SingleAsync());

    private async Task<int> NewDealAsync(CrmClient c, int companyId, int currencyId, string responsible, string title, string start)
    {
        var created = await c.PostFormAsync("/deals/new", new Dictionary<string, string>
        {
            ["Title"] = title, ["CompanyId"] = S(companyId), ["StartDate"] = start, ["CurrencyId"] = S(currencyId), ["ResponsibleId"] = responsible,
        }, "/deals/new");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        return int.Parse(created.Headers.Location!.OriginalString.Split('/').Last(), CultureInfo.InvariantCulture);
    }

    private async Task PayAsync(CrmClient c, int id, int currency, string date, decimal amount)
    {
        var response = await c.PostFormAsync($"/deals/{id}/payments", new Dictionary<string, string>
        {
            ["Payment.Date"] = date, ["Payment.Amount"] = S(amount), ["Payment.CurrencyId"] = S(currency), ["Payment.ConfirmClosed"] = "true",
            ["Payment.ConcurrencyStamp"] = (await StampAsync(id)).ToString(),
        }, $"/deals/{id}");
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"payment: {response.StatusCode}");
    }

    private async Task EditDealAsync(CrmClient c, int id, int companyId, string responsible)
    {
        var deal = await app.InDbAsync(db => db.Deals.AsNoTracking().SingleAsync(d => d.Id == id));
        var response = await c.PostFormAsync($"/deals/{id}/edit", new Dictionary<string, string>
        {
            ["Title"] = deal.Title, ["CompanyId"] = S(companyId), ["StartDate"] = deal.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["CurrencyId"] = S(deal.CurrencyId), ["ResponsibleId"] = responsible, ["ConcurrencyStamp"] = deal.ConcurrencyStamp.ToString(),
        }, $"/deals/{id}/edit");
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"deal edit: {response.StatusCode}");
    }

    private async Task MoveCompanyAsync(CrmClient c, int id, int regionId)
    {
        var company = await app.InDbAsync(db => db.Companies.AsNoTracking().SingleAsync(x => x.Id == id));
        var response = await c.PostFormAsync($"/clients/{id}/edit", new Dictionary<string, string>
        {
            ["Name"] = company.Name, ["RegionId"] = S(regionId), ["ResponsibleId"] = company.ResponsibleId, ["ConcurrencyStamp"] = company.ConcurrencyStamp.ToString(),
        }, $"/clients/{id}/edit");
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"company edit: {response.StatusCode}");
    }

    private async Task PostStampAsync(CrmClient c, int id, string part)
    {
        var response = await c.PostFormAsync($"/deals/{id}/{part}", new Dictionary<string, string> { ["stamp"] = (await StampAsync(id)).ToString() }, $"/deals/{id}");
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{part}: {response.StatusCode}");
    }

    /// <summary>Every payment of the period with its deal's responsible and its company's region read from those rows, and the visibility rule for manager 1 written out.</summary>
    private Task<(List<Row> Rows, Func<int, DateOnly, decimal?> Rate)> StoredAsync(Ids ids) => app.InDbAsync(async db =>
    {
        var deals = await db.Deals.AsNoTracking().Select(d => new { d.Id, d.CompanyId, d.ResponsibleId }).ToDictionaryAsync(d => d.Id);
        var companies = await db.Companies.AsNoTracking().Select(c => new { c.Id, c.RegionId, c.ResponsibleId }).ToDictionaryAsync(c => c.Id);
        var stagesOf1 = (await db.DealStages.AsNoTracking().Where(s => s.ResponsibleId == ids.Manager1).Select(s => s.DealId).ToListAsync()).ToHashSet();
        var rates = await db.ExchangeRates.AsNoTracking().Where(r => r.CurrencyId == ids.Usd).Select(r => new { r.Date, r.Rate }).ToListAsync();
        var payments = await db.Payments.AsNoTracking().Select(p => new { p.DealId, p.Date, p.Amount, p.CurrencyId }).ToListAsync();
        var rows = payments.Where(p => p.Date >= new DateOnly(2025, 1, 1) && p.Date <= new DateOnly(2025, 6, 30)).Select(p =>
        {
            var deal = deals[p.DealId];
            var company = companies[deal.CompanyId];
            return new Row(p.Date, p.Amount, p.CurrencyId, company.RegionId, deal.ResponsibleId,
                deal.ResponsibleId == ids.Manager1 || company.ResponsibleId == ids.Manager1 || stagesOf1.Contains(deal.Id));
        }).ToList();
        decimal? Rate(int currency, DateOnly day) => currency == ids.Rub ? 1m
            : rates.Where(r => r.Date <= day).OrderByDescending(r => r.Date).Select(r => (decimal?)r.Rate).FirstOrDefault();
        return (rows, (Func<int, DateOnly, decimal?>)Rate);
    });

    private static async Task<Dictionary<(string, string), decimal>> ShownAsync(Report report)
    {
        var page = await report.Reader.PageAsync(report.Url);
        var table = page.QuerySelector("#report-table");
        Assert.True(table is not null, $"{report.Name}: no report table");
        var columns = table!.QuerySelectorAll("thead th[data-key]").Select(h => h.GetAttribute("data-key")!).ToList();
        var shown = new Dictionary<(string, string), decimal>();
        foreach (var row in table.QuerySelectorAll("tbody tr[data-key]"))
        {
            var cells = row.QuerySelectorAll("td.cell").Select(c => decimal.Parse(c.GetAttribute("data-value")!, CultureInfo.InvariantCulture)).ToList();
            for (var i = 0; i < cells.Count; i++)
            {
                if (cells[i] != 0m)
                {
                    shown[(row.GetAttribute("data-key")!, columns[i])] = cells[i];
                }
            }
        }
        return shown;
    }

    private async Task AssertReportsAsync(IEnumerable<Report> reports, Ids ids, string step)
    {
        var (rows, rate) = await StoredAsync(ids);
        foreach (var report in reports)
        {
            var expected = rows.Where(report.Keeps)
                .Select(r => (Row: r, Value: r.Amount * rate(r.CurrencyId, r.Date) / (report.Second ? rate(ids.Usd, r.Date) : 1m)))
                .Where(x => x.Value is not null)
                .GroupBy(x => (report.RowKey(x.Row), report.ColumnKey(x.Row)))
                .Select(g => (g.Key, Value: DealMath.Round(g.Sum(x => x.Value!.Value), 2))).Where(x => x.Value != 0m)
                .ToDictionary(x => x.Key, x => x.Value);
            var shown = await ShownAsync(report);
            Assert.True(expected.Count > 0, $"{step}, {report.Name}: nothing expected");
            Assert.True(expected.Keys.Order().SequenceEqual(shown.Keys.Order()),
                $"{step}, {report.Name}: cells {string.Join(" ", expected.Keys.Order())} expected, {string.Join(" ", shown.Keys.Order())} shown");
            foreach (var (cell, value) in expected)
            {
                Assert.True(value == shown[cell], $"{step}, {report.Name}, {cell}: expected {value}, shown {shown[cell]}");
            }
        }
    }

    [Fact]
    public async Task Payments_by_region_and_salesperson_equal_the_records_after_every_change_of_their_sources()
    {
        var (director, directorName) = await app.CreateUserAsync([.. RoleTemplates.Director.Permissions], "pkd");
        var (manager1, manager1Name) = await app.CreateUserAsync([.. RoleTemplates.Manager.Permissions], "pk1");
        var (manager2, _) = await app.CreateUserAsync([.. RoleTemplates.Manager.Permissions], "pk2");
        using var c = await app.SignedInAsync(directorName);
        using var m1 = await app.SignedInAsync(manager1Name);
        var ids = await app.InDbAsync(async db =>
        {
            var rub = await db.Currencies.Where(x => x.Code == "RUB").Select(x => x.Id).SingleAsync();
            var usd = await db.Currencies.Where(x => x.Code == "USD").Select(x => x.Id).SingleAsync();
            db.ExchangeRates.AddRange(new ExchangeRate { CurrencyId = usd, Date = new(2025, 1, 1), Rate = 90m },
                new ExchangeRate { CurrencyId = usd, Date = new(2025, 3, 1), Rate = 100m }, new ExchangeRate { CurrencyId = usd, Date = new(2025, 5, 1), Rate = 80m });
            await db.SaveChangesAsync();
            var regions = await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.Region && r.IsActive).OrderBy(r => r.SortOrder).ThenBy(r => r.Id)
                .Select(r => r.Id).Take(2).ToListAsync();
            return new Ids(rub, usd, regions[0], regions[1], director, manager1, manager2);
        });
        var north = (await app.CreateCompanyAsync(manager1, "Keys North", x => x.RegionId = ids.Region1)).Id;
        var south = (await app.CreateCompanyAsync(director, "Keys South", x => x.RegionId = ids.Region2)).Id;
        var plain = (await app.CreateCompanyAsync(director, "Keys Plain")).Id;
        // Columns of a report by month are its six intervals in order: the month of the date.
        var months = (await c.PageAsync($"/reports?M=Payments&R=Region&Step=Month&{Period}")).QuerySelectorAll("#report-table thead th[data-key]")
            .Select(h => h.GetAttribute("data-key")!).ToList();
        Assert.Equal(6, months.Count);
        string Month(Row r) => months[r.Date.Month - 1];
        var exceptManager2 = $"&X%5B0%5D.D=Salesperson&X%5B0%5D.Ex=true&X%5B0%5D.V={Uri.EscapeDataString(ids.Manager2)}";
        Report[] reports =
        [
            new("by region by month", c, $"/reports?M=Payments&R=Region&Step=Month&{Period}", r => Key(r.RegionId), Month, _ => true),
            new("by region by month in dollars", c, $"/reports?M=Payments&R=Region&Step=Month&Cur=Second&{Period}", r => Key(r.RegionId), Month, _ => true, Second: true),
            new("by salesperson × region", c, $"/reports?M=Payments&R=Salesperson&C=Region&{Period}", r => r.Responsible, r => Key(r.RegionId), _ => true),
            new("by region, without manager 2's deals", c, $"/reports?M=Payments&R=Region&Step=Month&{Period}{exceptManager2}", r => Key(r.RegionId), Month,
                r => r.Responsible != ids.Manager2),
            new("manager 1's, by salesperson by month", m1, $"/reports?M=Payments&R=Salesperson&Step=Month&{Period}", r => r.Responsible, Month,
                r => r.VisibleToManager1),
        ];

        // A: manager 1's at North; B: the director's at South, in dollars; C: manager 2's at a company without a region.
        var a = await NewDealAsync(c, north, ids.Rub, manager1, "Keys A", "2025-01-05");
        await PayAsync(c, a, ids.Rub, "2025-01-20", 1000m);
        await PayAsync(c, a, ids.Usd, "2025-02-15", 10m);
        var b = await NewDealAsync(c, south, ids.Usd, director, "Keys B", "2025-01-10");
        await PayAsync(c, b, ids.Usd, "2025-03-05", 20m);
        await PayAsync(c, b, ids.Rub, "2025-04-10", 900m);
        var cDeal = await NewDealAsync(c, plain, ids.Rub, manager2, "Keys C", "2025-02-01");
        await PayAsync(c, cDeal, ids.Rub, "2025-05-05", 500m);
        await AssertReportsAsync(reports, ids, "payments added");

        await MoveCompanyAsync(c, north, ids.Region2);
        await AssertReportsAsync(reports, ids, "company's region changed");
        await EditDealAsync(c, a, north, manager2);
        await AssertReportsAsync(reports, ids, "deal's responsible changed");
        await EditDealAsync(c, b, plain, director);
        await AssertReportsAsync(reports, ids, "deal moved to another company");
        await EditDealAsync(c, cDeal, north, manager1);
        await AssertReportsAsync(reports, ids, "deal moved and given another responsible");
        await MoveCompanyAsync(c, north, ids.Region1);
        await AssertReportsAsync(reports, ids, "company's region changed back");

        await PayAsync(c, cDeal, ids.Usd, "2025-06-01", 5m);
        var first = await app.InDbAsync(db => db.Payments.Where(p => p.DealId == a).OrderBy(p => p.Date).Select(p => p.Id).FirstAsync());
        await PostStampAsync(c, a, $"payments/{first}/delete");
        await AssertReportsAsync(reports, ids, "payment added and another deleted");
        await PostStampAsync(c, b, "delete");
        await AssertReportsAsync(reports, ids, "deal deleted");

        // The reports read the stored keys: wiped, the region report puts everything under "not set"; rebuilt, it equals the records again.
        await app.InDbAsync(db => db.Payments.ExecuteUpdateAsync(s => s.SetProperty(p => p.CompanyRegionId, (int?)null).SetProperty(p => p.DealResponsibleId, (string?)null)));
        var wiped = await ShownAsync(reports[0]);
        Assert.True(wiped.Count > 0 && wiped.Keys.All(k => k.Item1 == "~"), "wiped keys: every payment under \"not set\"");
        var rebuilt = await app.WithServiceAsync<DealRecalculation, int>(r => r.RebuildPaymentKeysAsync(CancellationToken.None));
        Assert.Equal(await app.InDbAsync(db => db.Payments.CountAsync()), rebuilt);
        Assert.True(rebuilt >= 3, $"{rebuilt} payments rebuilt");
        await AssertReportsAsync(reports, ids, "rebuilt");

        // Each cell's drill-down (which joins the payments to their deals and companies) adds up to the cell.
        var links = (await c.PageAsync(reports[0].Url)).QuerySelectorAll("#report-table td.cell a").ToList();
        Assert.NotEmpty(links);
        foreach (var link in links)
        {
            var drill = await c.PageAsync(link.GetAttribute("href")!);
            Assert.Equal(decimal.Parse(link.ParentElement!.GetAttribute("data-value")!, CultureInfo.InvariantCulture),
                decimal.Parse(drill.QuerySelector("#drill-total")!.GetAttribute("data-value")!, CultureInfo.InvariantCulture));
        }
    }
}

public sealed class ReportPaymentKeysTestsSqlite(IsolatedSqliteApp app) : ReportPaymentKeysTests(app), IClassFixture<IsolatedSqliteApp>;
public sealed class ReportPaymentKeysTestsPostgreSql(IsolatedPostgreSqlApp app) : ReportPaymentKeysTests(app), IClassFixture<IsolatedPostgreSqlApp>;
