using System.Net;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Deals;

/// <summary>Who sees which deal (list, card, forged posts), validation, money, concurrency and escaping on the deal card.</summary>
public abstract class DealCardTests(CrmApp app)
{
    private async Task<(string Id, CrmClient Client)> UserAsync(IEnumerable<string> rights)
    {
        var (id, name) = await app.CreateUserAsync(rights);
        return (id, await app.SignedInAsync(name));
    }

    private Task<Deal> CreateDealAsync(int companyId, string responsibleId, string title, string? stageResponsible = null) => app.InDbAsync(async db =>
    {
        var rub = await db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync();
        var stages = await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.DealStage && r.IsActive).OrderBy(r => r.SortOrder).Select(r => r.Id).ToListAsync();
        var deal = new Deal
        {
            CompanyId = companyId, ResponsibleId = responsibleId, Title = title, StartDate = new DateOnly(2026, 1, 1), CurrencyId = rub,
            Stages = stages.Select((s, i) => new DealStage { StageId = s, ResponsibleId = i == 1 && stageResponsible is not null ? stageResponsible : responsibleId }).ToList(),
            CurrentStageId = stages[0],
        };
        db.Deals.Add(deal);
        await db.SaveChangesAsync();
        return deal;
    });

    private Task<Deal> ReloadAsync(int id) => app.InDbAsync(db => db.Deals.AsNoTracking().Include(d => d.Lines).Include(d => d.Payments).Include(d => d.Documents)
        .SingleAsync(d => d.Id == id));

    private static string[] Listed(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("#deals tbody tr[data-id]").Select(r => r.GetAttribute("data-id")!).Order().ToArray();

    [Fact]
    public async Task Managers_see_their_deals_deals_of_their_companies_and_deals_where_they_run_a_stage()
    {
        var (m1, c1) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (m2, c2) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (m3, c3) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (_, director) = await UserAsync(RoleTemplates.Director.Permissions);
        var t = CompanyFactory.Token();
        var company1 = await app.CreateCompanyAsync(m1, $"{t} c1");
        var company2 = await app.CreateCompanyAsync(m2, $"{t} c2");
        var own = await CreateDealAsync(company1.Id, m1, $"{t} own");
        var theirs = await CreateDealAsync(company2.Id, m2, $"{t} theirs");
        // m2 runs a deal on m1's company: m1 sees it because the client is his.
        var onMyCompany = await CreateDealAsync(company1.Id, m2, $"{t} on m1 company");
        // m3 is responsible for one stage of m2's deal only.
        var withStage = await CreateDealAsync(company2.Id, m2, $"{t} stage of m3", stageResponsible: m3);

        Assert.Equal(new[] { own.Id, onMyCompany.Id }.Select(i => i.ToString()).Order().ToArray(), Listed(await c1.PageAsync($"/deals?Q={t}")));
        Assert.Equal(new[] { theirs.Id, onMyCompany.Id, withStage.Id }.Select(i => i.ToString()).Order().ToArray(), Listed(await c2.PageAsync($"/deals?Q={t}")));
        Assert.Equal([withStage.Id.ToString()], Listed(await c3.PageAsync($"/deals?Q={t}")));
        Assert.Equal(4, Listed(await director.PageAsync($"/deals?Q={t}")).Length);
        // Filtering on the other manager reveals nothing more.
        Assert.Empty(Listed(await c1.PageAsync($"/deals?Q={t}&ResponsibleId={m2}&CompanyId={company2.Id}")));

        Assert.Equal(HttpStatusCode.OK, (await c1.GetAsync($"/deals/{onMyCompany.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c1.GetAsync($"/deals/{theirs.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c1.GetAsync($"/deals/{theirs.Id}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await c3.GetAsync($"/deals/{withStage.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c3.GetAsync($"/deals/{theirs.Id}")).StatusCode);
    }

    [Fact]
    public async Task Forged_posts_on_another_managers_deal_and_forged_company_ids_change_nothing()
    {
        var (m1, c1) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (m2, _) = await UserAsync(RoleTemplates.Manager.Permissions);
        var t = CompanyFactory.Token();
        var mineCompany = await app.CreateCompanyAsync(m1, $"{t} mine");
        var theirCompany = await app.CreateCompanyAsync(m2, $"{t} theirs");
        var mine = await CreateDealAsync(mineCompany.Id, m1, $"{t} mine");
        var theirs = await CreateDealAsync(theirCompany.Id, m2, $"{t} theirs");
        var page = $"/deals/{mine.Id}";

        var edit = await c1.PostFormAsync($"/deals/{theirs.Id}/edit", new { Title = "hijacked", CompanyId = theirCompany.Id, StartDate = "2026-01-01", CurrencyId = theirs.CurrencyId, ConcurrencyStamp = theirs.ConcurrencyStamp }, page);
        Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
        var pay = await c1.PostFormAsync($"/deals/{theirs.Id}/payments", new Dictionary<string, string> { ["Payment.Date"] = "2026-01-05", ["Payment.Amount"] = "10", ["Payment.CurrencyId"] = theirs.CurrencyId.ToString(), ["Payment.ConcurrencyStamp"] = theirs.ConcurrencyStamp.ToString() }, page);
        Assert.Equal(HttpStatusCode.NotFound, pay.StatusCode);
        var delete = await c1.PostFormAsync($"/deals/{theirs.Id}/delete", new { stamp = theirs.ConcurrencyStamp }, page);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        var after = await ReloadAsync(theirs.Id);
        Assert.Equal(theirs.Title, after.Title);
        Assert.Empty(after.Payments);

        // A new deal (or a moved one) on a company the user cannot see is refused.
        var created = await c1.PostFormAsync("/deals/new", new { Title = $"{t} forged", CompanyId = theirCompany.Id, StartDate = "2026-01-01", CurrencyId = mine.CurrencyId }, "/deals/new");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, created.StatusCode);
        Assert.NotNull((await CrmClient.ParseAsync(created)).QuerySelector("#CompanyId-error"));
        var moved = await c1.PostFormAsync($"/deals/{mine.Id}/edit", new { Title = mine.Title, CompanyId = theirCompany.Id, StartDate = "2026-01-01", CurrencyId = mine.CurrencyId, ConcurrencyStamp = mine.ConcurrencyStamp }, page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, moved.StatusCode);
        Assert.Equal(0, await app.InDbAsync(db => db.Deals.CountAsync(d => d.Title == $"{t} forged")));
        Assert.Equal(mineCompany.Id, (await ReloadAsync(mine.Id)).CompanyId);
    }

    [Fact]
    public async Task A_manager_creates_a_deal_adds_lines_and_payments_and_the_debt_is_shown_and_stored()
    {
        var (m1, c1) = await UserAsync(RoleTemplates.Manager.Permissions);
        var t = CompanyFactory.Token();
        var company = await app.CreateCompanyAsync(m1, $"{t} client");
        var (rub, usd, product) = await app.InDbAsync(async db =>
        {
            var r = await db.Currencies.SingleAsync(c => c.Code == "RUB");
            var u = await db.Currencies.SingleAsync(c => c.Code == "USD");
            // Dated the payment's own day, so it is the rate in effect whatever other rates the shared database holds
            // (the demo seed adds weekly ones, on Mondays).
            if (!await db.ExchangeRates.AnyAsync(x => x.CurrencyId == u.Id && x.Date == new DateOnly(2026, 1, 11)))
            {
                db.ExchangeRates.Add(new ExchangeRate { CurrencyId = u.Id, Date = new DateOnly(2026, 1, 11), Rate = 90m });
            }
            var p = new Product { Name = $"{t} licence", Price = 1000m, CurrencyId = r.Id };
            db.Products.Add(p);
            await db.SaveChangesAsync();
            return (r.Id, u.Id, p.Id);
        });
        var created = await c1.PostFormAsync("/deals/new", new { Title = $"{t} deal", CompanyId = company.Id, StartDate = "2026-01-01", EndDate = "2026-12-31", CurrencyId = rub }, "/deals/new");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var url = created.Headers.Location!.OriginalString;
        var id = int.Parse(url.Split('/').Last());

        async Task<string> Stamp() => (await ReloadAsync(id)).ConcurrencyStamp.ToString();
        Assert.Equal(HttpStatusCode.Redirect, (await c1.PostFormAsync($"{url}/lines", new Dictionary<string, string> { ["Line.ProductId"] = product.ToString(), ["Line.Quantity"] = "3", ["Line.UnitPrice"] = "33.33", ["Line.DiscountPercent"] = "15", ["Line.ConcurrencyStamp"] = await Stamp() }, url)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await c1.PostFormAsync($"{url}/lines", new Dictionary<string, string> { ["Line.ProductId"] = product.ToString(), ["Line.Quantity"] = "2", ["Line.UnitPrice"] = "1 000,50", ["Line.ConcurrencyStamp"] = await Stamp() }, url)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await c1.PostFormAsync($"{url}/payments", new Dictionary<string, string> { ["Payment.Date"] = "2026-01-10", ["Payment.Amount"] = "1000", ["Payment.CurrencyId"] = rub.ToString(), ["Payment.ConcurrencyStamp"] = await Stamp() }, url)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await c1.PostFormAsync($"{url}/payments", new Dictionary<string, string> { ["Payment.Date"] = "2026-01-11", ["Payment.Amount"] = "5", ["Payment.CurrencyId"] = usd.ToString(), ["Payment.ConcurrencyStamp"] = await Stamp() }, url)).StatusCode);

        // Open and nothing shipped yet: no debt; the rest is "to be paid" and what was paid is an advance.
        var card = await c1.PageAsync(url);
        Assert.Contains("0.00", card.QuerySelector("#debt")!.TextContent);
        Assert.Contains("635.99", card.QuerySelector("#to-be-paid")!.TextContent);
        Assert.Contains("1,450.00", card.QuerySelector("#advance")!.TextContent);
        Assert.DoesNotContain(id.ToString(), Listed(await c1.PageAsync($"/deals?Q={t}&HasDebt=true")));
        // The dollar payment shows the rate and the date of the rate it was converted at.
        var rate = card.QuerySelector("#payments tr[data-payment] .rate")!;
        Assert.Equal(("90", "2026-01-11"), (rate.GetAttribute("data-rate"), rate.GetAttribute("data-rate-date")));
        Assert.Contains("90 RUB", rate.TextContent);
        Assert.Contains("1 USD", rate.TextContent);

        // The waybill ships everything: the receivable is shipped − paid.
        var waybill = await app.InDbAsync(db => db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.AccountingDocumentType && r.Code == "waybill").Select(r => r.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await c1.PostFormAsync($"{url}/documents", new Dictionary<string, string> { ["Document.TypeId"] = waybill.ToString(), ["Document.Number"] = "ТН-1", ["Document.Date"] = "2026-01-12", ["Document.Amount"] = "2085.99", ["Document.ConcurrencyStamp"] = await Stamp() }, url)).StatusCode);
        var deal = await ReloadAsync(id);
        // 84.99 + 2001.00 − (1000 + 450) = 635.99
        var expected = DealMath.Totals(deal.Status, deal.Lines.Select(l => l.Amount), deal.Payments.Select(p => p.AmountInDealCurrency),
            deal.Documents.Select(x => new ShipmentDocument(x.Amount, x.TypeId == waybill)), 2);
        Assert.Equal(new DealTotals(2085.99m, 1450m, 2085.99m, 635.99m, 0m, 635.99m), expected);
        Assert.Equal((expected.LinesTotal, expected.Paid, expected.Shipped, expected.Debt, expected.Advance),
            (deal.LinesTotal, deal.PaidTotal, deal.ShippedTotal, deal.Debt, deal.Advance));
        var usdPayment = deal.Payments.Single(p => p.CurrencyId == usd);
        Assert.Equal((90m, new DateOnly(2026, 1, 11), 450m), (usdPayment.Rate, usdPayment.RateDate, usdPayment.AmountInDealCurrency));
        // The database sums agree with the domain function.
        Assert.Equal(expected.LinesTotal, await app.InDbAsync(db => db.DealLines.Where(l => l.DealId == id).Select(l => l.Amount).ToListAsync()).ContinueWith(r => r.Result.Sum()));
        card = await c1.PageAsync(url);
        Assert.Contains("635.99", card.QuerySelector("#debt")!.TextContent);
        Assert.Null(card.QuerySelector("#advance"));
        Assert.NotNull(card.QuerySelector("#stages li.current"));
        Assert.Contains(id.ToString(), string.Join(",", Listed(await c1.PageAsync($"/deals?Q={t}&HasDebt=true&AmountFrom=2000"))));
        Assert.Empty(Listed(await c1.PageAsync($"/deals?Q={t}&AmountFrom=3000")));
        foreach (var sort in new[] { "debt", "advance", "paid", "amount", "company", "status", "end" })
        {
            Assert.Contains(id.ToString(), Listed(await c1.PageAsync($"/deals?Q={t}&Sort={sort}&Desc=true")));
        }
        Assert.Contains("Payment", card.QuerySelector("#history")!.TextContent);
    }

    [Fact]
    public async Task Invalid_input_gets_messages_next_to_the_fields()
    {
        var (m1, c1) = await UserAsync(RoleTemplates.Manager.Permissions);
        var t = CompanyFactory.Token();
        var company = await app.CreateCompanyAsync(m1, $"{t} client");
        var deal = await CreateDealAsync(company.Id, m1, $"{t} deal");
        var url = $"/deals/{deal.Id}";

        var badDates = await c1.PostFormAsync("/deals/new", new { Title = t, CompanyId = company.Id, StartDate = "2026-05-01", EndDate = "2026-04-01", CurrencyId = deal.CurrencyId }, "/deals/new");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badDates.StatusCode);
        Assert.NotNull((await CrmClient.ParseAsync(badDates)).QuerySelector("#EndDate-error"));
        var noTitle = await CrmClient.ParseAsync(await c1.PostFormAsync("/deals/new", new { Title = "", CompanyId = company.Id, StartDate = "2026-05-01", CurrencyId = deal.CurrencyId }, "/deals/new"));
        Assert.NotNull(noTitle.QuerySelector("#Title-error"));

        var stamp = deal.ConcurrencyStamp.ToString();
        var zero = await c1.PostFormAsync($"{url}/lines", new Dictionary<string, string> { ["Line.ProductId"] = "1", ["Line.Quantity"] = "0", ["Line.UnitPrice"] = "-5", ["Line.ConcurrencyStamp"] = stamp }, url);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, zero.StatusCode);
        var zeroPage = await CrmClient.ParseAsync(zero);
        Assert.NotNull(zeroPage.QuerySelector("#Line_Quantity-error"));
        Assert.NotNull(zeroPage.QuerySelector("#Line_UnitPrice-error"));

        var future = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd");
        var pay = await c1.PostFormAsync($"{url}/payments", new Dictionary<string, string> { ["Payment.Date"] = future, ["Payment.Amount"] = "10", ["Payment.CurrencyId"] = deal.CurrencyId.ToString(), ["Payment.ConcurrencyStamp"] = stamp }, url);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, pay.StatusCode);
        Assert.Contains("future", (await CrmClient.ParseAsync(pay)).QuerySelector("#Payment_Date-error")!.TextContent);

        var lost = await c1.PostFormAsync($"{url}/close", new Dictionary<string, string> { ["Close.Outcome"] = "lost", ["Close.CloseDate"] = "2026-02-01", ["Close.ConcurrencyStamp"] = stamp }, url);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, lost.StatusCode);
        var lostPage = await CrmClient.ParseAsync(lost);
        Assert.NotNull(lostPage.QuerySelector("#Close_LossReasonId-error"));
        Assert.NotNull(lostPage.QuerySelector("#Close_LostAtStageId-error"));
        Assert.Equal(DealStatus.Open, (await ReloadAsync(deal.Id)).Status);

        var (reason, stage) = await app.InDbAsync(async db => (
            await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.LossReason && r.IsActive).OrderBy(r => r.SortOrder).Select(r => r.Id).FirstAsync(),
            await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.DealStage && r.IsActive).OrderBy(r => r.SortOrder).Select(r => r.Id).Skip(1).FirstAsync()));
        var ok = await c1.PostFormAsync($"{url}/close", new Dictionary<string, string> { ["Close.Outcome"] = "lost", ["Close.CloseDate"] = "2026-02-01", ["Close.LossReasonId"] = reason.ToString(), ["Close.LostAtStageId"] = stage.ToString(), ["Close.ConcurrencyStamp"] = stamp }, url);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var closed = await ReloadAsync(deal.Id);
        Assert.Equal((DealStatus.Lost, reason, stage), (closed.Status, closed.LossReasonId!.Value, closed.LostAtStageId!.Value));
        Assert.Contains("Lost", (await c1.PageAsync(url)).QuerySelector("#outcome")!.TextContent);
    }

    [Fact]
    public async Task The_second_of_two_concurrent_edits_is_refused_and_shown()
    {
        var (m1, c1) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (_, director) = await UserAsync(RoleTemplates.Director.Permissions);
        var company = await app.CreateCompanyAsync(m1, $"{CompanyFactory.Token()} client");
        var deal = await CreateDealAsync(company.Id, m1, "Первая редакция");
        object Form(string title) => new { Title = title, CompanyId = company.Id, StartDate = "2026-01-01", CurrencyId = deal.CurrencyId, ResponsibleId = m1, ConcurrencyStamp = deal.ConcurrencyStamp };
        Assert.Equal(HttpStatusCode.Redirect, (await director.PostFormAsync($"/deals/{deal.Id}/edit", Form("Вариант директора"), $"/deals/{deal.Id}/edit")).StatusCode);
        var second = await c1.PostFormAsync($"/deals/{deal.Id}/edit", Form("Вариант менеджера"), $"/deals/{deal.Id}/edit");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        var conflict = (await CrmClient.ParseAsync(second)).QuerySelector("#conflict")!.TextContent;
        Assert.Contains("Вариант директора", conflict);
        Assert.Contains("Вариант менеджера", conflict);
        Assert.Equal("Вариант директора", (await ReloadAsync(deal.Id)).Title);

        // A section form posted with the stale stamp is refused as well.
        var line = await c1.PostFormAsync($"/deals/{deal.Id}/payments", new Dictionary<string, string> { ["Payment.Date"] = "2026-01-05", ["Payment.Amount"] = "10", ["Payment.CurrencyId"] = deal.CurrencyId.ToString(), ["Payment.ConcurrencyStamp"] = deal.ConcurrencyStamp.ToString() }, $"/deals/{deal.Id}");
        Assert.Equal(HttpStatusCode.Redirect, line.StatusCode);
        Assert.Empty((await ReloadAsync(deal.Id)).Payments);
    }

    [Fact]
    public async Task Html_in_text_fields_is_shown_as_text()
    {
        var (m1, c1) = await UserAsync(RoleTemplates.Manager.Permissions);
        const string Evil = "<script>alert('x')</script><img src=x onerror=alert(1)>";
        var company = await app.CreateCompanyAsync(m1, Evil);
        var rub = await app.InDbAsync(db => db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync());
        var created = await c1.PostFormAsync("/deals/new", new { Title = Evil, CompanyId = company.Id, StartDate = "2026-01-01", CurrencyId = rub, Notes = Evil }, "/deals/new");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var url = created.Headers.Location!.OriginalString;
        foreach (var page in new[] { url, $"{url}/edit", "/deals?Q=" + Uri.EscapeDataString("<script>") })
        {
            var html = await (await c1.GetAsync(page)).Content.ReadAsStringAsync();
            Assert.DoesNotContain("<script>alert", html);
            Assert.DoesNotContain("<img src=x", html);
            Assert.Contains("&lt;script&gt;", html);
        }
    }
}

public sealed class DealCardTestsSqlite(SqliteApp app) : DealCardTests(app);
public sealed class DealCardTestsPostgreSql(PostgreSqlApp app) : DealCardTests(app);
