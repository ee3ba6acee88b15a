using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;
using WebCrm.Web.Features.Deals;

namespace WebCrm.FunctionalTests.Reports;

/// <summary>
/// The receivable report reads a stored debt history that every change of a deal rewrites. Deals are changed here
/// through the card's own forms in every way that moves a debt — lines, payments, shipment documents (added and
/// deleted), closing, reopening, the start date, the currency, deleting the deal — and after each change the report
/// by client by month must equal the debt at each month's end computed in this test from the deals' records as they
/// are stored now (read straight from the tables) with the rule written out here. Then the history is wiped and
/// rebuilt by the rebuild command's service. Its own app: the test adds exchange rates and rebuilds every deal.
/// </summary>
public abstract class ReportReceivableHistoryTests(CrmApp app)
{
    private const string Period = "From=2025-01-01&To=2025-06-30";
    private static readonly DateOnly[] MonthEnds = [new(2025, 1, 31), new(2025, 2, 28), new(2025, 3, 31), new(2025, 4, 30), new(2025, 5, 31), new(2025, 6, 30)];

    private sealed record Ids(int Rub, int Usd, int Product, int Waybill, int Invoice);

    private sealed record Stored(int CompanyId, int CurrencyId, DealStatus Status, DateOnly Start, DateOnly? Close, List<decimal> Lines,
        List<(DateOnly Date, decimal Amount)> Payments, List<(DateOnly Date, decimal Amount)> Shipments);

    private static string S(decimal v) => v.ToString(CultureInfo.InvariantCulture);
    private static string S(int v) => v.ToString(CultureInfo.InvariantCulture);

    private Task<Guid> StampAsync(int id) => app.InDbAsync(db => db.Deals.Where(d => d.Id == id).Select(d => d.ConcurrencyStamp).SingleAsync());

    /// <summary>Posts one of the card's forms (fields under <paramref name="prefix"/>, none for a bare stamp) and expects the redirect.</summary>
    private async Task PostAsync(CrmClient client, int id, string part, string? prefix, Dictionary<string, string> fields)
    {
        var stamp = (await StampAsync(id)).ToString();
        var all = prefix is null
            ? fields.Append(new("stamp", stamp))
            : fields.Select(f => KeyValuePair.Create($"{prefix}.{f.Key}", f.Value)).Append(new($"{prefix}.ConcurrencyStamp", stamp));
        var response = await client.PostFormAsync($"/deals/{id}/{part}", all, $"/deals/{id}");
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{part}: {response.StatusCode}");
    }

    private async Task<int> NewDealAsync(CrmClient client, int companyId, int currencyId, string title, string start)
    {
        var created = await client.PostFormAsync("/deals/new", new { Title = title, CompanyId = companyId, StartDate = start, CurrencyId = currencyId }, "/deals/new");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        return int.Parse(created.Headers.Location!.OriginalString.Split('/').Last(), CultureInfo.InvariantCulture);
    }

    private Task Line(CrmClient c, int id, Ids ids, decimal price) =>
        PostAsync(c, id, "lines", "Line", new() { ["ProductId"] = S(ids.Product), ["Quantity"] = "1", ["UnitPrice"] = S(price) });

    private Task Pay(CrmClient c, int id, int currency, string date, decimal amount) =>
        PostAsync(c, id, "payments", "Payment", new() { ["Date"] = date, ["Amount"] = S(amount), ["CurrencyId"] = S(currency), ["ConfirmClosed"] = "true" });

    private Task Document(CrmClient c, int id, int type, string date, decimal amount) =>
        PostAsync(c, id, "documents", "Document", new() { ["TypeId"] = S(type), ["Number"] = "D-" + date, ["Date"] = date, ["Amount"] = S(amount) });

    private Task Win(CrmClient c, int id, string date) => PostAsync(c, id, "close", "Close", new() { ["Outcome"] = "won", ["CloseDate"] = date });

    private Task Reopen(CrmClient c, int id) => PostAsync(c, id, "reopen", null, []);

    private async Task Edit(CrmClient c, int id, int companyId, int currencyId, string start)
    {
        var response = await c.PostFormAsync($"/deals/{id}/edit", new Dictionary<string, string>
        {
            ["Title"] = $"deal {id}", ["CompanyId"] = S(companyId), ["StartDate"] = start, ["CurrencyId"] = S(currencyId),
            ["ConcurrencyStamp"] = (await StampAsync(id)).ToString(),
        }, $"/deals/{id}/edit");
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"edit: {response.StatusCode}");
    }

    private Task<int> IdOfAsync(Func<CrmDbContext, IQueryable<int>> query) => app.InDbAsync(db => query(db).FirstAsync());

    /// <summary>The debt of a stored deal at the end of a day: shipped (its shipment documents by then when it has any, else its lines when won by then) − paid by then, when positive; nothing before its start.</summary>
    private static decimal DebtOn(Stored d, DateOnly day)
    {
        if (day < d.Start)
        {
            return 0m;
        }
        var shipped = d.Shipments.Count > 0
            ? d.Shipments.Where(s => s.Date <= day).Sum(s => s.Amount)
            : d.Status == DealStatus.Won && d.Close <= day ? d.Lines.Sum() : 0m;
        return Math.Max(0m, shipped - d.Payments.Where(p => p.Date <= day).Sum(p => p.Amount));
    }

    /// <summary>Per client, the receivable at each month's end computed from the tables (in roubles, or dollars with <paramref name="second"/>).</summary>
    private Task<Dictionary<string, decimal[]>> ExpectedAsync(Ids ids, bool second = false) => app.InDbAsync(async db =>
    {
        var shipment = await db.ReferenceItems.Where(r => r.CountsAsShipment).Select(r => r.Id).ToListAsync();
        var rates = await db.ExchangeRates.AsNoTracking().Where(r => r.CurrencyId == ids.Usd).Select(r => new { r.Date, r.Rate }).ToListAsync();
        decimal Rate(int currency, DateOnly day) => currency == ids.Rub ? 1m : rates.Where(r => r.Date <= day).OrderByDescending(r => r.Date).First().Rate;
        var deals = (await db.Deals.AsNoTracking().Include(d => d.Lines).Include(d => d.Payments).Include(d => d.Documents).AsSplitQuery().ToListAsync())
            .Select(d => new Stored(d.CompanyId, d.CurrencyId, d.Status, d.StartDate, d.CloseDate, d.Lines.Select(l => l.Amount).ToList(),
                d.Payments.Select(p => (p.Date, p.AmountInDealCurrency)).ToList(),
                d.Documents.Where(x => shipment.Contains(x.TypeId)).Select(x => (x.Date, x.Amount)).ToList())).ToList();
        return deals.GroupBy(d => d.CompanyId).Select(g => (Key: S(g.Key), Values: MonthEnds.Select(m => DealMath.Round(g.Sum(d =>
                DebtOn(d, m) * Rate(d.CurrencyId, m) / (second ? Rate(ids.Usd, m) : 1m)), 2)).ToArray()))
            .Where(x => x.Values.Any(v => v != 0m)).ToDictionary(x => x.Key, x => x.Values);
    });

    private async Task AssertReportAsync(CrmClient director, Ids ids, string step, bool second = false)
    {
        var expected = await ExpectedAsync(ids, second);
        var page = await director.PageAsync($"/reports?M=Receivable&R=Client&Step=Month&{Period}" + (second ? "&Cur=Second" : ""));
        var table = page.QuerySelector("#report-table");
        Assert.True(table is not null, $"{step}: no report table");
        static decimal Number(string? s) => decimal.Parse(s!, CultureInfo.InvariantCulture);
        var shown = table!.QuerySelectorAll("tbody tr[data-key]").ToDictionary(r => r.GetAttribute("data-key")!,
            r => r.QuerySelectorAll("td.cell").Select(c => Number(c.GetAttribute("data-value"))).ToArray());
        Assert.True(expected.Keys.Order().SequenceEqual(shown.Keys.Order()),
            $"{step}: clients {string.Join(",", expected.Keys.Order())} expected, {string.Join(",", shown.Keys.Order())} shown");
        foreach (var (key, values) in expected)
        {
            Assert.True(values.SequenceEqual(shown[key]), $"{step}, client {key}: expected {string.Join(" ", values)}, shown {string.Join(" ", shown[key])}");
        }
        var totals = table.QuerySelectorAll("tfoot td.column-total").Select(c => Number(c.GetAttribute("data-value"))).ToArray();
        Assert.Equal(MonthEnds.Select((_, j) => expected.Values.Sum(v => v[j])), totals);
    }

    [Fact]
    public async Task The_report_equals_the_debt_from_the_records_after_every_kind_of_change()
    {
        var (_, directorName) = await app.CreateUserAsync([.. RoleTemplates.Director.Permissions], "rhd");
        using var c = await app.SignedInAsync(directorName);
        var director = await app.InDbAsync(db => db.Users.Where(u => u.UserName == directorName).Select(u => u.Id).SingleAsync());
        var ids = await app.InDbAsync(async db =>
        {
            var rub = await db.Currencies.Where(x => x.Code == "RUB").Select(x => x.Id).SingleAsync();
            var usd = await db.Currencies.Where(x => x.Code == "USD").Select(x => x.Id).SingleAsync();
            db.ExchangeRates.AddRange(new ExchangeRate { CurrencyId = usd, Date = new(2025, 1, 1), Rate = 90m },
                new ExchangeRate { CurrencyId = usd, Date = new(2025, 3, 1), Rate = 100m }, new ExchangeRate { CurrencyId = usd, Date = new(2025, 5, 1), Rate = 80m });
            var product = new Product { Name = "History licence", Price = 1m, CurrencyId = rub };
            db.Products.Add(product);
            await db.SaveChangesAsync();
            Task<int> Type(string code) => db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.AccountingDocumentType && r.Code == code).Select(r => r.Id).SingleAsync();
            return new Ids(rub, usd, product.Id, await Type("waybill"), await Type("invoice"));
        });
        var north = (await app.CreateCompanyAsync(director, "History North")).Id;
        var south = (await app.CreateCompanyAsync(director, "History South")).Id;

        // A: open, a line and a payment: nothing shipped, nothing owed.
        var a = await NewDealAsync(c, north, ids.Rub, "A", "2025-01-05");
        await Line(c, a, ids, 1000m);
        await Pay(c, a, ids.Rub, "2025-02-10", 300m);
        await AssertReportAsync(c, ids, "open deal with a payment");
        // A waybill ships 600 from February 1 (an invoice ships nothing).
        await Document(c, a, ids.Invoice, "2025-01-20", 1000m);
        await Document(c, a, ids.Waybill, "2025-02-01", 600m);
        await AssertReportAsync(c, ids, "shipment document");
        await Win(c, a, "2025-03-15");
        await AssertReportAsync(c, ids, "won with documents");

        // B, in dollars, won without documents: its lines are shipped from its close date; a late payment, then deleted.
        var b = await NewDealAsync(c, south, ids.Usd, "B", "2025-01-10");
        await Line(c, b, ids, 20m);
        await Win(c, b, "2025-03-20");
        await Pay(c, b, ids.Usd, "2025-04-05", 5m);
        await AssertReportAsync(c, ids, "won without documents, paid");
        var payment = await IdOfAsync(db => db.Payments.Where(p => p.DealId == b).Select(p => p.Id));
        await PostAsync(c, b, $"payments/{payment}/delete", null, []);
        await AssertReportAsync(c, ids, "payment deleted");
        // Reopened it owes nothing; another line, then won again later.
        await Reopen(c, b);
        await AssertReportAsync(c, ids, "reopened");
        await Line(c, b, ids, 5m);
        await Win(c, b, "2025-05-10");
        await AssertReportAsync(c, ids, "line added and won again");
        var line = await IdOfAsync(db => db.DealLines.Where(l => l.DealId == b && l.Amount == 5m).Select(l => l.Id));
        await Reopen(c, b);
        await PostAsync(c, b, $"lines/{line}/delete", null, []);
        await Win(c, b, "2025-06-01");
        await AssertReportAsync(c, ids, "line deleted");

        // A reopened without its waybill: won again, its lines are shipped from the new close date.
        await Reopen(c, a);
        var waybill = await IdOfAsync(db => db.AccountingDocuments.Where(x => x.DealId == a && x.TypeId == ids.Waybill).Select(x => x.Id));
        await PostAsync(c, a, $"documents/{waybill}/delete", null, []);
        await AssertReportAsync(c, ids, "shipment document deleted");
        await Win(c, a, "2025-04-20");
        await AssertReportAsync(c, ids, "won by its lines");

        // C: shipped on April 10, then its start moved to May 1: nothing is owed before a deal starts.
        var cDeal = await NewDealAsync(c, north, ids.Rub, "C", "2025-04-01");
        await Document(c, cDeal, ids.Waybill, "2025-04-10", 500m);
        await AssertReportAsync(c, ids, "shipped open deal");
        await Edit(c, cDeal, north, ids.Rub, "2025-05-01");
        await AssertReportAsync(c, ids, "start date moved");
        // D: its currency changed to dollars before anything was entered, then shipped: converted at each month's rate.
        var d = await NewDealAsync(c, south, ids.Rub, "D", "2025-02-01");
        await Edit(c, d, south, ids.Usd, "2025-02-01");
        await Document(c, d, ids.Waybill, "2025-02-15", 10m);
        await AssertReportAsync(c, ids, "currency changed");
        await AssertReportAsync(c, ids, "in dollars", second: true);

        // Deleting a deal (an open one: a closed deal is reopened first) takes its debt away.
        var response = await c.PostFormAsync($"/deals/{cDeal}/delete", new Dictionary<string, string> { ["stamp"] = (await StampAsync(cDeal)).ToString() }, $"/deals/{cDeal}/delete");
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"delete: {response.StatusCode}");
        await AssertReportAsync(c, ids, "deal deleted");
        Assert.True((await ExpectedAsync(ids)).Count == 2, "both clients still owe at some month's end");

        // The report reads the stored history: wiped, it shows nothing; rebuilt, it equals the records again.
        await app.InDbAsync(db => db.DealDebtPeriods.ExecuteDeleteAsync());
        var empty = await c.PageAsync($"/reports?M=Receivable&R=Client&Step=Month&{Period}");
        Assert.Empty(empty.QuerySelectorAll("#report-table tbody tr[data-key]"));
        var rebuilt = await app.WithServiceAsync<DealRecalculation, int>(r => r.RebuildDebtHistoryAsync(CancellationToken.None, batch: 2));
        Assert.True(rebuilt >= 3, $"{rebuilt} deals rebuilt");
        await AssertReportAsync(c, ids, "rebuilt");
        // Each cell's drill-down lists the deals owing at that month's end, adding up to the cell.
        var links = (await c.PageAsync($"/reports?M=Receivable&R=Client&Step=Month&{Period}")).QuerySelectorAll("#report-table td.cell a").ToList();
        Assert.NotEmpty(links);
        foreach (var link in links)
        {
            var drill = await c.PageAsync(link.GetAttribute("href")!);
            Assert.Equal(decimal.Parse(link.ParentElement!.GetAttribute("data-value")!, CultureInfo.InvariantCulture),
                decimal.Parse(drill.QuerySelector("#drill-total")!.GetAttribute("data-value")!, CultureInfo.InvariantCulture));
        }
    }
}

public sealed class ReportReceivableHistoryTestsSqlite(IsolatedSqliteApp app) : ReportReceivableHistoryTests(app), IClassFixture<IsolatedSqliteApp>;
public sealed class ReportReceivableHistoryTestsPostgreSql(IsolatedPostgreSqlApp app) : ReportReceivableHistoryTests(app), IClassFixture<IsolatedPostgreSqlApp>;
