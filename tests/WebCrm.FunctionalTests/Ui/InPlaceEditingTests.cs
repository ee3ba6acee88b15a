using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Ui;

/// <summary>
/// Every action edited in place on the company and deal cards answers an htmx request (HX-Request: true) with the
/// card partial that replaces the card — no layout, HX-Retarget on the card — and a plain form post with a redirect
/// to the card's tab, as without JavaScript. Validation errors come back in place with 422 next to the field.
/// </summary>
public abstract class InPlaceEditingTests(CrmApp app)
{
    private static async Task<HttpResponseMessage> PostAsync(CrmClient client, string url, IDictionary<string, string> fields, string page, bool htmx)
    {
        var token = await client.TokenAsync(page);
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token))),
        };
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
        }
        return await client.Http.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> GetHxAsync(CrmClient client, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("HX-Request", "true");
        return await client.Http.SendAsync(request);
    }

    /// <summary>The htmx answer: the card partial alone, told to replace the card.</summary>
    private static async Task<IHtmlDocument> AssertPartialAsync(HttpResponseMessage response, string card, HttpStatusCode status = HttpStatusCode.OK)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {html[..Math.Min(html.Length, 800)]}");
        Assert.DoesNotContain("<html", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("id=\"modules\"", html);
        if (status == HttpStatusCode.OK)
        {
            Assert.Equal("#" + card, response.Headers.GetValues("HX-Retarget").Single());
            Assert.Equal("outerHTML", response.Headers.GetValues("HX-Reswap").Single());
        }
        var doc = await CrmClient.ParseAsync(response);
        Assert.NotNull(doc.QuerySelector("#" + card));
        return doc;
    }

    private static void AssertRedirect(HttpResponseMessage response, string expected)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }

    private static decimal Value(IHtmlDocument doc, string selector) =>
        decimal.Parse(doc.QuerySelector(selector)!.GetAttribute("data-value")!, CultureInfo.InvariantCulture);

    private async Task<(CrmClient Client, int CompanyId, int DealId, int ProductId, int Rub)> DealAsync()
    {
        var (userId, name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        var client = await app.SignedInAsync(name);
        var t = CompanyFactory.Token();
        var company = await app.CreateCompanyAsync(userId, $"{t} in place");
        var (deal, product, rub) = await app.InDbAsync(async db =>
        {
            var rub = await db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync();
            var stages = await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.DealStage && r.IsActive).OrderBy(r => r.SortOrder).Select(r => r.Id).ToListAsync();
            var product = new Product { Name = $"{t} product", Price = 100, CurrencyId = rub };
            db.Products.Add(product);
            var deal = new Deal
            {
                CompanyId = company.Id, ResponsibleId = userId, Title = $"{t} deal", StartDate = new DateOnly(2026, 1, 1), CurrencyId = rub,
                Stages = stages.Select(s => new DealStage { StageId = s, ResponsibleId = userId }).ToList(), CurrentStageId = stages[0],
            };
            db.Deals.Add(deal);
            await db.SaveChangesAsync();
            return (deal.Id, product.Id, rub);
        });
        return (client, company.Id, deal, product, rub);
    }

    private Task<Deal> ReloadAsync(int id) => app.InDbAsync(db => db.Deals.AsNoTracking().Include(d => d.Lines).Include(d => d.Payments)
        .Include(d => d.Documents).SingleAsync(d => d.Id == id));

    [Fact]
    public async Task Deal_card_actions_answer_htmx_with_the_card_and_plain_posts_with_a_redirect()
    {
        var (client, _, id, product, rub) = await DealAsync();
        var url = $"/deals/{id}";
        async Task<string> Stamp() => (await ReloadAsync(id)).ConcurrencyStamp.ToString();

        // A line in place: 3 × 33.33 − 15 % = 84.99 (rounded to kopecks), shown in the header the partial brings.
        var line = await PostAsync(client, $"{url}/lines", new Dictionary<string, string>
            { ["Line.ProductId"] = product.ToString(), ["Line.Quantity"] = "3", ["Line.UnitPrice"] = "33.33", ["Line.DiscountPercent"] = "15", ["Line.ConcurrencyStamp"] = await Stamp() }, url, htmx: true);
        var card = await AssertPartialAsync(line, "deal-card");
        var expected = Math.Round(3 * 33.33m * 0.85m, 2, MidpointRounding.AwayFromZero);
        Assert.Equal(expected, Value(card, "#lines-total"));
        Assert.Equal(expected, (await ReloadAsync(id)).LinesTotal);
        Assert.Contains("show active", card.QuerySelector("#tab-lines")!.ClassName);
        Assert.NotNull(card.QuerySelector(".flash[role=status]"));
        // The same without JavaScript: a redirect to the card's section.
        AssertRedirect(await PostAsync(client, $"{url}/lines", new Dictionary<string, string>
            { ["Line.ProductId"] = product.ToString(), ["Line.Quantity"] = "1", ["Line.UnitPrice"] = "10", ["Line.ConcurrencyStamp"] = await Stamp() }, url, htmx: false), $"{url}?tab=lines");
        var lines = (await ReloadAsync(id)).Lines.OrderBy(l => l.Id).ToList();
        Assert.Equal(2, lines.Count);

        // A validation error in place: 422, the card partial with the error next to the quantity.
        var bad = await PostAsync(client, $"{url}/lines", new Dictionary<string, string>
            { ["Line.ProductId"] = product.ToString(), ["Line.Quantity"] = "0", ["Line.UnitPrice"] = "10", ["Line.ConcurrencyStamp"] = await Stamp() }, url, htmx: true);
        var errors = await AssertPartialAsync(bad, "deal-card", HttpStatusCode.UnprocessableEntity);
        Assert.Contains("is-invalid", errors.QuerySelector("#Line_Quantity")!.ClassName);
        Assert.NotNull(errors.QuerySelector("#Line_Quantity-error"));
        Assert.Equal(2, (await ReloadAsync(id)).Lines.Count);

        // Removing a line, in place and not.
        await AssertPartialAsync(await PostAsync(client, $"{url}/lines/{lines[1].Id}/delete", new Dictionary<string, string> { ["stamp"] = await Stamp() }, url, htmx: true), "deal-card");
        Assert.Single((await ReloadAsync(id)).Lines);

        // A payment in place, then one without JavaScript; removing one each way.
        var pay = await PostAsync(client, $"{url}/payments", new Dictionary<string, string>
            { ["Payment.Date"] = "2026-01-05", ["Payment.Amount"] = "50", ["Payment.CurrencyId"] = rub.ToString(), ["Payment.ConcurrencyStamp"] = await Stamp() }, url, htmx: true);
        card = await AssertPartialAsync(pay, "deal-card");
        Assert.Equal(50m, Value(card, "#paid-total"));
        Assert.Contains("show active", card.QuerySelector("#tab-payments")!.ClassName);
        AssertRedirect(await PostAsync(client, $"{url}/payments", new Dictionary<string, string>
            { ["Payment.Date"] = "2026-01-06", ["Payment.Amount"] = "5", ["Payment.CurrencyId"] = rub.ToString(), ["Payment.ConcurrencyStamp"] = await Stamp() }, url, htmx: false), $"{url}?tab=payments");
        var payments = (await ReloadAsync(id)).Payments.OrderBy(p => p.Id).ToList();
        Assert.Equal(55m, payments.Sum(p => p.AmountInDealCurrency));
        await AssertPartialAsync(await PostAsync(client, $"{url}/payments/{payments[0].Id}/delete", new Dictionary<string, string> { ["stamp"] = await Stamp() }, url, htmx: true), "deal-card");
        AssertRedirect(await PostAsync(client, $"{url}/payments/{payments[1].Id}/delete", new Dictionary<string, string> { ["stamp"] = await Stamp() }, url, htmx: false), $"{url}?tab=payments");
        Assert.Empty((await ReloadAsync(id)).Payments);

        // A 1C document in place and removed without JavaScript.
        var waybill = await app.InDbAsync(db => db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.AccountingDocumentType && r.CountsAsShipment).Select(r => r.Id).FirstAsync());
        var doc = await PostAsync(client, $"{url}/documents", new Dictionary<string, string>
            { ["Document.TypeId"] = waybill.ToString(), ["Document.Number"] = "ТН-1", ["Document.Date"] = "2026-01-07", ["Document.Amount"] = "20", ["Document.ConcurrencyStamp"] = await Stamp() }, url, htmx: true);
        card = await AssertPartialAsync(doc, "deal-card");
        Assert.Equal(20m, Value(card, "#shipped-total"));
        Assert.Equal(20m, Value(card, "#debt"));
        var document = (await ReloadAsync(id)).Documents.Single();
        AssertRedirect(await PostAsync(client, $"{url}/documents/{document.Id}/delete", new Dictionary<string, string> { ["stamp"] = await Stamp() }, url, htmx: false), $"{url}?tab=documents");

        // Closing as lost in place without a reason: the error next to the field; with it, the card shows the outcome.
        var noReason = await PostAsync(client, $"{url}/close", new Dictionary<string, string> { ["Close.Outcome"] = "lost", ["Close.CloseDate"] = "2026-02-01", ["Close.ConcurrencyStamp"] = await Stamp() }, url, htmx: true);
        errors = await AssertPartialAsync(noReason, "deal-card", HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(errors.QuerySelector("#closing .is-invalid"));
        var reason = await app.InDbAsync(db => db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.LossReason).Select(r => r.Id).FirstAsync());
        var stage = await app.InDbAsync(db => db.DealStages.Where(s => s.DealId == id).Select(s => s.StageId).FirstAsync());
        var lost = await PostAsync(client, $"{url}/close", new Dictionary<string, string>
            { ["Close.Outcome"] = "lost", ["Close.CloseDate"] = "2026-02-01", ["Close.LossReasonId"] = reason.ToString(), ["Close.LostAtStageId"] = stage.ToString(), ["Close.ConcurrencyStamp"] = await Stamp() }, url, htmx: true);
        card = await AssertPartialAsync(lost, "deal-card");
        Assert.Equal("lost", card.QuerySelector("#status")!.GetAttribute("data-state"));
        Assert.NotNull(card.QuerySelector("#outcome"));
        Assert.Equal(DealStatus.Lost, (await ReloadAsync(id)).Status);
        // Reopening without JavaScript.
        AssertRedirect(await PostAsync(client, $"{url}/reopen", new Dictionary<string, string> { ["stamp"] = await Stamp() }, url, htmx: false), $"{url}?tab=lines");
        Assert.Equal(DealStatus.Open, (await ReloadAsync(id)).Status);
    }

    [Fact]
    public async Task Company_card_parts_open_and_save_in_place_and_still_work_without_javascript()
    {
        var (client, companyId, _, _, _) = await DealAsync();
        var card = $"/clients/{companyId}";

        // The editor opens in place: the form alone, posting back in place.
        var editor = await GetHxAsync(client, $"{card}/contacts/new");
        var form = await CrmClient.ParseAsync(editor);
        Assert.Equal(HttpStatusCode.OK, editor.StatusCode);
        Assert.Null(form.QuerySelector("nav.sidebar, h1"));
        Assert.Equal($"{card}/contacts/new", form.QuerySelector(".part-editor form")!.GetAttribute("hx-post"));

        // A missing name: 422, the editor again with the error next to the field.
        var bad = await PostAsync(client, $"{card}/contacts/new", new Dictionary<string, string> { ["FullName"] = "" }, $"{card}/contacts/new", htmx: true);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var badForm = await CrmClient.ParseAsync(bad);
        Assert.Contains("is-invalid", badForm.QuerySelector("#FullName")!.ClassName);
        Assert.NotNull(badForm.QuerySelector(".part-editor"));

        var saved = await PostAsync(client, $"{card}/contacts/new", new Dictionary<string, string> { ["FullName"] = "Иванова Анна", ["Phone"] = "+7 (495) 111-22-33", ["Email"] = "anna@example.ru" }, $"{card}/contacts/new", htmx: true);
        var page = await AssertPartialAsync(saved, "company-card");
        Assert.Contains("Иванова Анна", page.QuerySelector("#contacts tbody")!.TextContent);
        Assert.Equal("1", page.QuerySelector("#tab-contacts-link .tab-count")!.TextContent);
        Assert.NotNull(page.QuerySelector("#contacts a[href='tel:+74951112233']"));
        Assert.NotNull(page.QuerySelector("#contacts a[href='mailto:anna@example.ru']"));
        var contactId = await app.InDbAsync(db => db.ContactPersons.Where(p => p.CompanyId == companyId).Select(p => p.Id).SingleAsync());

        // Without JavaScript the same post redirects to the card's tab.
        AssertRedirect(await PostAsync(client, $"{card}/contacts/new", new Dictionary<string, string> { ["FullName"] = "Петров Пётр" }, $"{card}/contacts/new", htmx: false), $"{card}?tab=contacts");
        var stamp = await app.InDbAsync(db => db.ContactPersons.Where(p => p.Id == contactId).Select(p => p.ConcurrencyStamp).SingleAsync());
        await AssertPartialAsync(await PostAsync(client, $"{card}/contacts/{contactId}/edit", new Dictionary<string, string> { ["FullName"] = "Иванова Анна Сергеевна", ["ConcurrencyStamp"] = stamp.ToString() }, $"{card}/contacts/{contactId}/edit", htmx: true), "company-card");
        stamp = await app.InDbAsync(db => db.ContactPersons.Where(p => p.Id == contactId).Select(p => p.ConcurrencyStamp).SingleAsync());
        await AssertPartialAsync(await PostAsync(client, $"{card}/contacts/{contactId}/delete", new Dictionary<string, string> { ["stamp"] = stamp.ToString() }, $"{card}/contacts/{contactId}/edit", htmx: true), "company-card");
        Assert.Equal(["Петров Пётр"], await app.InDbAsync(db => db.ContactPersons.Where(p => p.CompanyId == companyId).Select(p => p.FullName).ToListAsync()));

        // A bank account in place (a wrong account is refused in place), and a group created and left in place.
        const string Bik = "044525225";
        var wrong = await PostAsync(client, $"{card}/bank-accounts/new", new Dictionary<string, string> { ["BankName"] = "ПАО Сбербанк", ["Bik"] = Bik, ["AccountNumber"] = "40702810000000000001" }, $"{card}/bank-accounts/new", htmx: true);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.NotNull((await CrmClient.ParseAsync(wrong)).QuerySelector("#AccountNumber-error"));
        var account = WebCrm.Domain.Clients.RussianTaxNumbers.NewAccount(Bik, new Random(3));
        page = await AssertPartialAsync(await PostAsync(client, $"{card}/bank-accounts/new", new Dictionary<string, string> { ["BankName"] = "ПАО Сбербанк", ["Bik"] = Bik, ["AccountNumber"] = account }, $"{card}/bank-accounts/new", htmx: true), "company-card");
        Assert.Contains(account, page.QuerySelector("#bank tbody")!.TextContent);
        Assert.Contains("show active", page.QuerySelector("#tab-bank")!.ClassName);

        var groupName = "g " + CompanyFactory.Token();
        page = await AssertPartialAsync(await PostAsync(client, $"{card}/groups/new", new Dictionary<string, string> { ["Name"] = groupName, ["Shared"] = "false" }, card, htmx: true), "company-card");
        Assert.Contains(groupName, page.QuerySelector("#groups .list-inline")!.TextContent);
        AssertRedirect(await PostAsync(client, $"{card}/groups", new Dictionary<string, string>(), card, htmx: false), $"{card}?tab=groups");
        Assert.Equal(0, await app.InDbAsync(db => db.CompanyGroupMembers.CountAsync(m => m.CompanyId == companyId)));
    }
}

public sealed class InPlaceEditingTestsSqlite(SqliteApp app) : InPlaceEditingTests(app);
public sealed class InPlaceEditingTestsPostgreSql(PostgreSqlApp app) : InPlaceEditingTests(app);
