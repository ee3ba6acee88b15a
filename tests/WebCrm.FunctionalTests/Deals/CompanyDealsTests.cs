using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Deals;

/// <summary>
/// The company card's deals, debt and products bought; the company list's deal filters and debt sort; deleting a
/// company with deals; the deals CSV export. Every sum is computed by the database of the provider under test.
/// </summary>
public abstract class CompanyDealsTests(CrmApp app)
{
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.Now);

    private async Task<(string Id, CrmClient Client)> UserAsync(IEnumerable<string> rights)
    {
        var (id, name) = await app.CreateUserAsync(rights);
        return (id, await app.SignedInAsync(name));
    }

    private Task<(int Rub, int Usd)> CurrenciesAsync() => app.InDbAsync(async db =>
        (await db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync(),
         await db.Currencies.Where(c => c.Code == "USD").Select(c => c.Id).SingleAsync()));

    /// <summary>The USD rate the app uses today: a rate dated today, added when missing (other tests add only older ones).</summary>
    private async Task<decimal> UsdRateTodayAsync()
    {
        var (_, usd) = await CurrenciesAsync();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await app.InDbAsync(async db =>
                {
                    var rate = await db.ExchangeRates.Where(r => r.CurrencyId == usd && r.Date == Today).Select(r => (decimal?)r.Rate).FirstOrDefaultAsync();
                    if (rate is { } known)
                    {
                        return known;
                    }
                    db.ExchangeRates.Add(new ExchangeRate { CurrencyId = usd, Date = Today, Rate = 92.5m });
                    await db.SaveChangesAsync();
                    return 92.5m;
                });
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another test added it at the same moment: read theirs.
            }
        }
    }

    private Task<int> ProductAsync(string name) => app.InDbAsync(async db =>
    {
        var rub = await db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync();
        var product = new Product { Name = name, Price = 100m, CurrencyId = rub };
        db.Products.Add(product);
        await db.SaveChangesAsync();
        return product.Id;
    });

    /// <summary>
    /// A deal with lines (product, quantity, price), payments already in the deal's currency and waybills (shipments)
    /// of the given amounts; totals stored as the app stores them.
    /// </summary>
    private Task<Deal> DealAsync(int companyId, string owner, string title, int currencyId, (int Product, decimal Quantity, decimal Price)[] lines,
        decimal[] payments, DealStatus status = DealStatus.Open, DateOnly? closeDate = null, string? stageResponsible = null,
        decimal[]? shipped = null) => app.InDbAsync(async db =>
    {
        var waybill = await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.AccountingDocumentType && r.Code == "waybill").Select(r => r.Id).SingleAsync();
        var stages = await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.DealStage && r.IsActive).OrderBy(r => r.SortOrder).Select(r => new { r.Id, r.SortOrder }).ToListAsync();
        var reason = await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.LossReason && r.IsActive).OrderBy(r => r.SortOrder).Select(r => r.Id).FirstAsync();
        var deal = new Deal
        {
            CompanyId = companyId, ResponsibleId = owner, Title = title, StartDate = new DateOnly(2026, 1, 5), CurrencyId = currencyId,
            Stages = stages.Select((s, i) => new DealStage { StageId = s.Id, ResponsibleId = i == 1 && stageResponsible is not null ? stageResponsible : owner }).ToList(),
            Lines = lines.Select(l => new DealLine { ProductId = l.Product, Quantity = l.Quantity, UnitPrice = l.Price, Amount = DealMath.LineAmount(l.Quantity, l.Price, 0, 2) }).ToList(),
            Payments = payments.Select(p => new Payment { Date = new DateOnly(2026, 1, 10), Amount = p, CurrencyId = currencyId, AmountInDealCurrency = p }).ToList(),
            Documents = (shipped ?? []).Select((a, i) => new AccountingDocument { TypeId = waybill, Number = $"ТН-{i + 1}", Date = new DateOnly(2026, 1, 20), Amount = a }).ToList(),
        };
        if (status == DealStatus.Won)
        {
            Assert.Equal(DealRuleError.None, DealRules.MarkWon(deal, closeDate ?? new DateOnly(2026, 2, 1), Today));
        }
        else if (status == DealStatus.Lost)
        {
            Assert.Equal(DealRuleError.None, DealRules.MarkLost(deal, closeDate ?? new DateOnly(2026, 2, 1), reason, stages[0].Id, Today));
        }
        deal.Recalculate(2, s => stages.First(x => x.Id == s).SortOrder, t => t == waybill);
        db.Deals.Add(deal);
        await db.SaveChangesAsync();
        return deal;
    });

    private static decimal Value(AngleSharp.Dom.IElement? element) =>
        decimal.Parse(element!.GetAttribute("data-value")!, CultureInfo.InvariantCulture);

    private static string[] CardDeals(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("#company-deals tbody tr[data-deal]").Select(r => r.GetAttribute("data-deal")!).Order().ToArray();

    private static string[] Listed(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("#companies tbody tr[data-id]").Select(r => r.GetAttribute("data-id")!).ToArray();

    [Fact]
    public async Task The_card_shows_the_deals_and_a_total_debt_in_roubles_that_equals_the_sum_of_their_debts()
    {
        var (m1, c1) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (rub, usd) = await CurrenciesAsync();
        var rate = await UsdRateTodayAsync();
        var t = CompanyFactory.Token();
        var company = await app.CreateCompanyAsync(m1, $"{t} client");
        var product = await ProductAsync($"{t} licence");
        var a = await DealAsync(company.Id, m1, $"{t} a", rub, [(product, 3, 1000.50m)], [1000m], shipped: [3001.50m]);
        var b = await DealAsync(company.Id, m1, $"{t} b", rub, [(product, 1, 250.25m)], [], DealStatus.Won);
        var dollars = await DealAsync(company.Id, m1, $"{t} usd", usd, [(product, 2, 99.99m)], [50m], shipped: [199.98m]);
        var lost = await DealAsync(company.Id, m1, $"{t} lost", rub, [(product, 5, 700m)], [], DealStatus.Lost);

        var card = await c1.PageAsync($"/clients/{company.Id}");
        Assert.Equal(new[] { a.Id, b.Id, dollars.Id, lost.Id }.Select(i => i.ToString()).Order().ToArray(), CardDeals(card));
        // Each row shows the deal's own stored debt in its own currency.
        foreach (var deal in new[] { a, b, dollars, lost })
        {
            Assert.Equal(deal.Debt, Value(card.QuerySelector($"#company-deals tr[data-deal='{deal.Id}'] td.debt")));
        }
        Assert.Contains("$", card.QuerySelector($"#company-deals tr[data-deal='{dollars.Id}'] td.debt")!.TextContent);
        // 2001.50 + 250.25 (won, counted as shipped) + 149.98 × rate; the lost deal shipped nothing and owes nothing.
        Assert.Equal((2001.50m, 250.25m, 149.98m), (a.Debt, b.Debt, dollars.Debt));
        var expected = DealMath.Round(a.Debt + b.Debt + dollars.Debt * rate, 2);
        Assert.Equal(expected, Value(card.QuerySelector("#company-debt strong")));
        Assert.Contains("₽", card.QuerySelector("#company-debt")!.TextContent);
        Assert.Null(card.QuerySelector("#missing-rates"));
        Assert.Equal($"/deals/new?companyId={company.Id}", card.QuerySelector("#new-deal")!.GetAttribute("href"));
        // The placeholder text is gone.
        Assert.DoesNotContain("when the Deals module is built", card.Body!.TextContent);

        // The list computes the same total in the database (unrounded: within half a kopeck).
        var list = await c1.PageAsync($"/clients?q={t}");
        Assert.InRange(Value(list.QuerySelector($"#companies tr[data-id='{company.Id}'] td.debt")), expected - 0.005m, expected + 0.005m);
    }

    [Fact]
    public async Task Products_bought_are_summed_in_the_database_from_the_lines_of_won_deals_only()
    {
        var (m1, c1) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (rub, _) = await CurrenciesAsync();
        var t = CompanyFactory.Token();
        var company = await app.CreateCompanyAsync(m1, $"{t} client");
        var other = await app.CreateCompanyAsync(m1, $"{t} other");
        var licence = await ProductAsync($"{t} licence");
        var support = await ProductAsync($"{t} support");
        await DealAsync(company.Id, m1, $"{t} won 1", rub, [(licence, 2, 100m), (support, 1.5m, 40m)], [], DealStatus.Won, new DateOnly(2026, 2, 1));
        await DealAsync(company.Id, m1, $"{t} won 2", rub, [(licence, 3, 110m)], [330m], DealStatus.Won, new DateOnly(2026, 3, 15));
        await DealAsync(company.Id, m1, $"{t} open", rub, [(licence, 50, 100m)], []);
        await DealAsync(company.Id, m1, $"{t} lost", rub, [(support, 9, 10m)], [], DealStatus.Lost);
        await DealAsync(other.Id, m1, $"{t} elsewhere", rub, [(licence, 7, 100m)], [], DealStatus.Won);

        // The section is in the card when its tab is open; otherwise the card counts its rows on the tab and htmx loads it alone.
        var card = await c1.PageAsync($"/clients/{company.Id}?tab=products");
        var rows = card.QuerySelectorAll("#bought tbody tr[data-product]").ToDictionary(r => int.Parse(r.GetAttribute("data-product")!));
        Assert.Equal(new[] { licence, support }.Order(), rows.Keys.Order());
        var closed = await c1.PageAsync($"/clients/{company.Id}");
        Assert.Null(closed.QuerySelector("#bought"));
        Assert.Equal("2", closed.QuerySelector("#tab-products-link .tab-count")!.TextContent);
        Assert.Equal($"/clients/{company.Id}/products", closed.QuerySelector("#lazy-products")!.GetAttribute("hx-get"));
        var alone = await c1.PageAsync($"/clients/{company.Id}/products");
        Assert.Equal(rows.Keys.Order(), alone.QuerySelectorAll("#bought tbody tr[data-product]").Select(r => int.Parse(r.GetAttribute("data-product")!)).Order());
        Assert.Equal((5m, 530m, "2026-03-15"), (Value(rows[licence].QuerySelector(".quantity")), Value(rows[licence].QuerySelector(".amount")),
            rows[licence].QuerySelector(".last")!.GetAttribute("data-value")));
        Assert.Equal((1.5m, 60m, "2026-02-01"), (Value(rows[support].QuerySelector(".quantity")), Value(rows[support].QuerySelector(".amount")),
            rows[support].QuerySelector(".last")!.GetAttribute("data-value")));
        Assert.Contains($"{t} licence", rows[licence].TextContent);

        var empty = await c1.PageAsync($"/clients/{(await app.CreateCompanyAsync(m1, $"{t} nothing")).Id}?tab=products");
        Assert.Null(empty.QuerySelector("#bought"));
        Assert.NotNull(empty.QuerySelector("#products"));
    }

    [Fact]
    public async Task The_card_lists_only_the_deals_the_user_may_see_and_its_total_counts_only_those()
    {
        var (m1, c1) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (m2, _) = await UserAsync(RoleTemplates.Manager.Permissions);
        // Sees every client but only his own deals (deal rights as a manager's).
        var (viewer, cViewer) = await UserAsync([Permissions.Clients.ViewOwn, Permissions.Clients.ViewAll, Permissions.Deals.ViewOwn]);
        var (_, support) = await UserAsync(RoleTemplates.Support.Permissions);
        var (_, director) = await UserAsync(RoleTemplates.Director.Permissions);
        var (rub, _) = await CurrenciesAsync();
        var t = CompanyFactory.Token();
        var company = await app.CreateCompanyAsync(m1, $"{t} m1 client");
        var product = await ProductAsync($"{t} p");
        var own = await DealAsync(company.Id, m1, $"{t} own", rub, [(product, 1, 1000m)], [], shipped: [1000m]);
        // m2's deal on m1's company: m1 sees it (the client is his) — rule branch 3.
        var colleagues = await DealAsync(company.Id, m2, $"{t} m2 deal", rub, [(product, 1, 500m)], [], shipped: [500m]);
        // Another m2 deal where the viewer runs a stage — rule branch 2.
        var staged = await DealAsync(company.Id, m2, $"{t} staged", rub, [(product, 1, 70m)], [], stageResponsible: viewer, shipped: [70m]);

        var mine = await c1.PageAsync($"/clients/{company.Id}");
        Assert.Equal(new[] { own.Id, colleagues.Id, staged.Id }.Select(i => i.ToString()).Order().ToArray(), CardDeals(mine));
        Assert.Equal(1570m, Value(mine.QuerySelector("#company-debt strong")));

        // The viewer sees the company but, of its deals, only the one he runs a stage of.
        var viewed = await cViewer.PageAsync($"/clients/{company.Id}");
        Assert.Equal([staged.Id.ToString()], CardDeals(viewed));
        Assert.Equal(70m, Value(viewed.QuerySelector("#company-debt strong")));
        Assert.DoesNotContain($"{t} m2 deal", viewed.Body!.TextContent);
        Assert.DoesNotContain($"{t} own", viewed.Body!.TextContent);
        // Nor does the list's debt column or filter reveal the hidden debts.
        Assert.Equal(70m, Value((await cViewer.PageAsync($"/clients?q={t}")).QuerySelector($"#companies tr[data-id='{company.Id}'] td.debt")));
        Assert.Empty(Listed(await cViewer.PageAsync($"/clients?q={t}&c[0].f=debt&c[0].o=Greater&c[0].v=100")));

        // Without a Deals right: no deals, no debt column.
        var supportCard = await support.PageAsync($"/clients/{company.Id}");
        Assert.Empty(CardDeals(supportCard));
        Assert.Null(supportCard.QuerySelector("#company-debt"));
        Assert.Null((await support.PageAsync($"/clients?q={t}")).QuerySelector("#companies td.debt"));

        Assert.Equal(3, CardDeals(await director.PageAsync($"/clients/{company.Id}")).Length);
    }

    [Fact]
    public async Task The_list_filters_on_open_deals_and_total_debt_and_sorts_by_debt()
    {
        var (m1, c1) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (rub, usd) = await CurrenciesAsync();
        var rate = await UsdRateTodayAsync();
        var t = CompanyFactory.Token();
        var product = await ProductAsync($"{t} p");
        var none = await app.CreateCompanyAsync(m1, $"{t} none");
        var small = await app.CreateCompanyAsync(m1, $"{t} small");
        var big = await app.CreateCompanyAsync(m1, $"{t} big");
        var dollar = await app.CreateCompanyAsync(m1, $"{t} dollar");
        var paid = await app.CreateCompanyAsync(m1, $"{t} paid");
        await DealAsync(small.Id, m1, $"{t} s", rub, [(product, 1, 99.99m)], [], shipped: [99.99m]);
        await DealAsync(big.Id, m1, $"{t} b1", rub, [(product, 10, 2000m)], [2000m], DealStatus.Won);
        await DealAsync(big.Id, m1, $"{t} b2", rub, [(product, 1, 1500.5m)], [500m], shipped: [1000m, 500.5m]);
        // 100 USD of debt: 100 × rate roubles (some thousands), between "small" and "big".
        await DealAsync(dollar.Id, m1, $"{t} d", usd, [(product, 1, 100m)], [], DealStatus.Won);
        await DealAsync(paid.Id, m1, $"{t} p", rub, [(product, 1, 300m)], [300m]);
        await DealAsync(paid.Id, m1, $"{t} lost", rub, [(product, 1, 5000m)], [], DealStatus.Lost);
        Assert.InRange(100m * rate, 100m, 19000.49m);
        string Ids(params Domain.Clients.Company[] cs) => string.Join(",", cs.Select(c => c.Id));
        async Task<string> Find(string query) => string.Join(",", Listed(await c1.PageAsync($"/clients?q={t}&{query}")));

        // big 19000.50; dollar 100 × rate; small 99.99; paid 0 (its lost deal does not count); none 0. Descending is
        // ascending reversed, the tie between none and paid (broken by id) included.
        Assert.Equal(Ids(big, dollar, small, paid, none), await Find("sort=debt&desc=true"));
        Assert.Equal(Ids(none, paid, small, dollar, big), await Find("sort=debt"));
        Assert.Equal(Ids(big, dollar, small), await Find("c[0].f=debt&c[0].o=Greater&c[0].v=0&sort=debt&desc=true"));
        Assert.Equal(Ids(big), await Find("c[0].f=debt&c[0].o=Greater&c[0].v=19000.49&sort=debt"));
        Assert.Equal(Ids(none, paid, small), await Find("c[0].f=debt&c[0].o=Less&c[0].v=100&sort=debt"));
        Assert.Equal(Ids(small, dollar), await Find($"c[0].f=debt&c[0].o=Between&c[0].v=99.99&c[0].v={(100m * rate).ToString(CultureInfo.InvariantCulture)}&sort=debt"));
        Assert.Equal(Ids(small), await Find("c[0].f=debt&c[0].o=Equals&c[0].v=99,99&sort=debt"));
        Assert.Equal(Ids(big, paid, small), await Find("c[0].f=openDeals&c[0].o=Equals&c[0].v=true&sort=name"));
        Assert.Equal(Ids(dollar, none), await Find("c[0].f=openDeals&c[0].o=Equals&c[0].v=false&sort=name"));
        // Combined with AND, and kept by the export.
        Assert.Equal(Ids(big, small), await Find("c[0].f=openDeals&c[0].o=Equals&c[0].v=true&c[1].f=debt&c[1].o=Greater&c[1].v=1&sort=name"));
        var csv = await (await c1.GetAsync($"/clients/export?q={t}&c[0].f=debt&c[0].o=Greater&c[0].v=19000.49")).Content.ReadAsStringAsync();
        Assert.Contains($"{t} big", csv);
        Assert.DoesNotContain($"{t} small", csv);
        // An unreadable amount is reported, not applied.
        var bad = await c1.PageAsync($"/clients?q={t}&c[0].f=debt&c[0].o=Greater&c[0].v=lots");
        Assert.Equal(5, Listed(bad).Length);
        // The filter builder offers both fields once a group of conditions is added (its button, without JavaScript).
        var builder = await c1.PageAsync("/clients?fb=group");
        var offered = builder.QuerySelectorAll("#filter-builder select option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Contains("openDeals", offered);
        Assert.Contains("debt", offered);
    }

    [Fact]
    public async Task A_company_with_deals_cannot_be_deleted_and_the_delete_page_says_why()
    {
        var (_, director) = await UserAsync(RoleTemplates.Director.Permissions);
        var (m1, _) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (rub, _) = await CurrenciesAsync();
        var t = CompanyFactory.Token();
        var company = await app.CreateCompanyAsync(m1, $"{t} with deals");
        await DealAsync(company.Id, m1, $"{t} one", rub, [], []);
        await DealAsync(company.Id, m1, $"{t} two", rub, [], [], DealStatus.Lost);

        var page = await director.PageAsync($"/clients/{company.Id}/delete");
        Assert.Contains("(2)", page.QuerySelector("#delete-refused")!.TextContent);
        Assert.Null(page.QuerySelector("form[action$='/delete'] button.btn-danger"));
        var forged = await director.PostFormAsync($"/clients/{company.Id}/delete", new { stamp = company.ConcurrencyStamp }, $"/clients/{company.Id}");
        Assert.Equal(HttpStatusCode.Redirect, forged.StatusCode);
        Assert.EndsWith($"/clients/{company.Id}/delete", forged.Headers.Location!.OriginalString);
        Assert.True(await app.InDbAsync(db => db.Companies.AnyAsync(c => c.Id == company.Id)));
        Assert.Equal(2, await app.InDbAsync(db => db.Deals.CountAsync(d => d.CompanyId == company.Id)));

        // Without deals (contracts and history only) it is a confirmation, then gone.
        var plain = await app.CreateCompanyAsync(m1, $"{t} plain");
        var confirm = await director.PageAsync($"/clients/{plain.Id}/delete");
        Assert.Null(confirm.QuerySelector("#delete-refused"));
        Assert.Equal(HttpStatusCode.Redirect, (await director.PostFormAsync($"/clients/{plain.Id}/delete", new { stamp = plain.ConcurrencyStamp }, $"/clients/{plain.Id}")).StatusCode);
        Assert.False(await app.InDbAsync(db => db.Companies.AnyAsync(c => c.Id == plain.Id)));
    }

    [Fact]
    public async Task Deals_csv_export_needs_the_right_keeps_visibility_and_filters_and_neutralises_formulas()
    {
        var (m1, c1) = await UserAsync(RoleTemplates.Manager.Permissions.Append(Permissions.Deals.Export));
        var (m2, _) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (_, plainManager) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (rub, _) = await CurrenciesAsync();
        var t = CompanyFactory.Token();
        var product = await ProductAsync($"{t} p");
        var mine = await app.CreateCompanyAsync(m1, $"{t} mine");
        var theirs = await app.CreateCompanyAsync(m2, $"{t} theirs");
        await DealAsync(mine.Id, m1, $"=HYPERLINK(\"x\") {t}", rub, [(product, 2, 1234.5m)], [34.5m], shipped: [2469m]);
        await DealAsync(mine.Id, m1, $"{t} settled", rub, [(product, 1, 10m)], [10m]);
        await DealAsync(theirs.Id, m2, $"{t} hidden", rub, [(product, 1, 10m)], []);

        var response = await c1.GetAsync($"/deals/export?Q={t}&HasDebt=true");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/csv", response.Content.Headers.ContentType!.ToString());
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("Title,Company,", lines[0]);
        Assert.StartsWith("\"'=HYPERLINK(\"\"x\"\")", lines[1]);
        // Amount, paid, shipped, debt, advance.
        Assert.Contains("\"2,469.00\",34.50,\"2,469.00\",\"2,434.50\",0.00,RUB", lines[1]);
        var all = Encoding.UTF8.GetString(await c1.Http.GetByteArrayAsync($"/deals/export?Q={t}"));
        Assert.Contains($"{t} settled", all);
        Assert.DoesNotContain($"{t} hidden", all);
        Assert.NotNull((await c1.PageAsync("/deals")).QuerySelector("#export"));

        Assert.Equal(HttpStatusCode.Forbidden, (await plainManager.GetAsync($"/deals/export?Q={t}")).StatusCode);
        Assert.Null((await plainManager.PageAsync("/deals")).QuerySelector("#export"));
    }
}

public sealed class CompanyDealsTestsSqlite(SqliteApp app) : CompanyDealsTests(app);
public sealed class CompanyDealsTestsPostgreSql(PostgreSqlApp app) : CompanyDealsTests(app);
