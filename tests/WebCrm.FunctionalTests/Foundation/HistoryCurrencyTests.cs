using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Foundation;

/// <summary>
/// Money in the change history speaks in the currency it had at the time of each change: a contract or a deal whose
/// currency changed shows its older amounts in the old currency and the newer ones in the new, the currency change
/// itself by the currencies' names and symbols, in the user's culture, never as ids.
/// </summary>
public abstract class HistoryCurrencyTests(CrmApp app)
{
    private static readonly CultureInfo Ru = CultureInfo.GetCultureInfo("ru");

    private static string Shown(decimal amount, Currency c) =>
        amount.ToString("N" + c.MinorUnits, Ru) + "\u00a0" + (c.Symbol == "" ? c.Code : c.Symbol);

    private static string Named(Currency c) => $"{c.NameRu} ({(c.Symbol == "" ? c.Code : c.Symbol)})";

    private async Task<(Currency Rub, Currency Usd)> CurrenciesAsync()
    {
        var all = await app.InDbAsync(db => db.Currencies.AsNoTracking().Where(c => c.Code == "RUB" || c.Code == "USD").ToListAsync());
        return (all.Single(c => c.Code == "RUB"), all.Single(c => c.Code == "USD"));
    }

    /// <summary>The history rows of a card (newest first) whose field column reads <paramref name="field"/>: (what, was, now).</summary>
    private static List<(string What, string Was, string Now)> Rows(AngleSharp.Html.Dom.IHtmlDocument page, string field) =>
        page.QuerySelectorAll("#history tbody tr").Where(r => r.Children[3].TextContent.Trim() == field)
            .Select(r => (r.Children[2].TextContent.Trim(), r.QuerySelector(".was")!.TextContent.Trim(), r.QuerySelector(".now")!.TextContent.Trim()))
            .ToList();

    [Fact]
    public async Task Contract_amounts_in_the_company_history_are_in_the_currency_each_change_had()
    {
        var (managerId, managerName) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        using var manager = await app.SignedInAsync(managerName);
        await manager.PostFormAsync("/culture", new { culture = "ru", returnUrl = "/" }, "/");
        var (rub, usd) = await CurrenciesAsync();
        var t = CompanyFactory.Token();
        var company = await app.CreateCompanyAsync(managerId, $"{t} договоры");
        var card = $"/clients/{company.Id}";

        Dictionary<string, string> Fields(string number, string amount, Currency currency, Guid? stamp = null)
        {
            var fields = new Dictionary<string, string>
            {
                ["Number"] = number, ["Date"] = "2026-03-01", ["Subject"] = "Поставка", ["Amount"] = amount, ["CurrencyId"] = currency.Id.ToString(),
                ["ValidFrom"] = "2026-03-01", ["ValidUntil"] = "2026-12-31",
            };
            if (stamp is { } s)
            {
                fields["ConcurrencyStamp"] = s.ToString();
            }
            return fields;
        }
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync($"{card}/contracts/new", Fields($"{t}-A", "1000", rub), card)).StatusCode);
        // A second contract stays in roubles all along: each contract's amounts follow its own currency.
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync($"{card}/contracts/new", Fields($"{t}-B", "700", rub), card)).StatusCode);
        var (a, b) = await app.InDbAsync(async db =>
        {
            var list = await db.Contracts.AsNoTracking().Where(k => k.CompanyId == company.Id).ToListAsync();
            return (list.Single(k => k.Number == $"{t}-A").Id, list.Single(k => k.Number == $"{t}-B").Id);
        });
        Task<Guid> Stamp(int id) => app.InDbAsync(db => db.Contracts.Where(k => k.Id == id).Select(k => k.ConcurrencyStamp).SingleAsync());

        // A: 1 000 ₽ → 1 500 ₽; then 1 500 ₽ → 20 $ with the currency in the same save; then 20 $ → 30 $. B: 700 ₽ → 800 ₽.
        foreach (var (id, number, amount, currency) in new[] { (a, "A", "1500", rub), (b, "B", "800", rub), (a, "A", "20", usd), (a, "A", "30", usd) })
        {
            var saved = await manager.PostFormAsync($"{card}/contracts/{id}/edit", Fields($"{t}-{number}", amount, currency, await Stamp(id)), card);
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        List<(string What, string Was, string Now)> expectedAmounts =
        [
            ($"Договор «{t}-A» — изменение", Shown(20, usd), Shown(30, usd)),
            ($"Договор «{t}-A» — изменение", Shown(1500, rub), Shown(20, usd)),
            ($"Договор «{t}-B» — изменение", Shown(700, rub), Shown(800, rub)),
            ($"Договор «{t}-A» — изменение", Shown(1000, rub), Shown(1500, rub)),
        ];
        var page = await manager.PageAsync(card);
        Assert.Equal(expectedAmounts, Rows(page, "Сумма"));
        Assert.Equal([($"Договор «{t}-A» — изменение", Named(rub), Named(usd))], Rows(page, "Валюта"));
        ReadableHistoryTests.AssertReadable(page, "#history", [rub.Id.ToString(), usd.Id.ToString(), a.ToString(), b.ToString(), company.Id.ToString()]);

        // Removed, contract A's past amounts still read in the currencies they had: its last currency change says which.
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync($"{card}/contracts/{a}/delete",
            new Dictionary<string, string> { ["stamp"] = (await Stamp(a)).ToString() }, card)).StatusCode);
        page = await manager.PageAsync(card);
        Assert.Equal(expectedAmounts.Select(r => (r.Was, r.Now)), Rows(page, "Сумма").Select(r => (r.Was, r.Now)));
        ReadableHistoryTests.AssertReadable(page, "#history", [rub.Id.ToString(), usd.Id.ToString(), a.ToString(), b.ToString(), company.Id.ToString()]);
    }

    [Fact]
    public async Task A_deals_history_after_its_currency_changed_shows_each_amount_in_its_own_currency()
    {
        var (managerId, managerName) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        using var manager = await app.SignedInAsync(managerName);
        await manager.PostFormAsync("/culture", new { culture = "ru", returnUrl = "/" }, "/");
        var (rub, usd) = await CurrenciesAsync();
        var t = CompanyFactory.Token();
        var company = await app.CreateCompanyAsync(managerId, $"{t} валюта");
        var product = await app.InDbAsync(async db =>
        {
            var p = new Product { Name = $"{t} лицензия", Price = 1000m, CurrencyId = rub.Id };
            db.Products.Add(p);
            await db.SaveChangesAsync();
            return p.Id;
        });
        var created = await manager.PostFormAsync("/deals/new", new Dictionary<string, string>
        {
            ["Title"] = $"{t} сделка", ["CompanyId"] = company.Id.ToString(), ["StartDate"] = "2026-01-01", ["CurrencyId"] = rub.Id.ToString(), ["ResponsibleId"] = managerId,
        }, "/deals/new");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var url = created.Headers.Location!.OriginalString;
        var id = int.Parse(url.Split('/').Last());
        Task<Deal> Reload() => app.InDbAsync(db => db.Deals.AsNoTracking().Include(d => d.Lines).SingleAsync(d => d.Id == id));
        async Task<string> Stamp() => (await Reload()).ConcurrencyStamp.ToString();

        // In roubles: a line of 1 000 ₽ added and removed (the currency cannot change while the deal has lines).
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync($"{url}/lines", new Dictionary<string, string>
        {
            ["Line.ProductId"] = product.ToString(), ["Line.Quantity"] = "1", ["Line.UnitPrice"] = "1000", ["Line.ConcurrencyStamp"] = await Stamp(),
        }, url)).StatusCode);
        var line = (await Reload()).Lines.Single();
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync($"{url}/lines/{line.Id}/delete",
            new Dictionary<string, string> { ["stamp"] = await Stamp() }, url)).StatusCode);

        // The deal moves to dollars, then a line of 50 $ and a payment of 20 $.
        var changed = await manager.PostFormAsync($"{url}/edit", new Dictionary<string, string>
        {
            ["Title"] = $"{t} сделка", ["CompanyId"] = company.Id.ToString(), ["StartDate"] = "2026-01-01", ["CurrencyId"] = usd.Id.ToString(),
            ["ResponsibleId"] = managerId, ["ConcurrencyStamp"] = await Stamp(),
        }, $"{url}/edit");
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(usd.Id, (await Reload()).CurrencyId);
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync($"{url}/lines", new Dictionary<string, string>
        {
            ["Line.ProductId"] = product.ToString(), ["Line.Quantity"] = "2", ["Line.UnitPrice"] = "25", ["Line.ConcurrencyStamp"] = await Stamp(),
        }, url)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync($"{url}/payments", new Dictionary<string, string>
        {
            ["Payment.Date"] = "2026-01-10", ["Payment.Amount"] = "20", ["Payment.CurrencyId"] = usd.Id.ToString(), ["Payment.ConcurrencyStamp"] = await Stamp(),
        }, url)).StatusCode);

        var page = await manager.PageAsync(url);
        // The deal's total ("Сумма"), newest first: 0 $ → 50 $ after the change; 1 000 ₽ → 0 ₽ and 0 ₽ → 1 000 ₽ before it.
        Assert.Equal([(Shown(0, usd), Shown(50, usd)), (Shown(1000, rub), Shown(0, rub)), (Shown(0, rub), Shown(1000, rub))],
            Rows(page, "Сумма").Select(r => (r.Was, r.Now)));
        Assert.Equal([(Shown(0, usd), Shown(20, usd))], Rows(page, "Оплачено").Select(r => (r.Was, r.Now)));
        // A total recomputed to the same value (0 and 0.00) is no change and no row.
        Assert.DoesNotContain(page.QuerySelectorAll("#history tbody tr"), r => r.Children[3].TextContent.Trim() != ""
            && r.QuerySelector(".was")!.TextContent.Trim() == r.QuerySelector(".now")!.TextContent.Trim());
        Assert.Equal([(Named(rub), Named(usd))], Rows(page, "Валюта").Select(r => (r.Was, r.Now)));
        ReadableHistoryTests.AssertReadable(page, "#history", [rub.Id.ToString(), usd.Id.ToString(), id.ToString(), line.Id.ToString(), product.ToString(), managerId]);
    }
}

public sealed class HistoryCurrencyTestsSqlite(SqliteApp app) : HistoryCurrencyTests(app);
public sealed class HistoryCurrencyTestsPostgreSql(PostgreSqlApp app) : HistoryCurrencyTests(app);
