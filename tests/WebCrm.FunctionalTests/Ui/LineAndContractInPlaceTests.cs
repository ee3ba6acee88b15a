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
/// A deal's product line is edited in its own row, and a company's contracts are added, edited and removed inside
/// the card: an htmx request gets the card (or the editor) back in place, a plain post is redirected as without
/// JavaScript, and a lost update is shown instead of being overwritten.
/// </summary>
public abstract class LineAndContractInPlaceTests(CrmApp app)
{
    private static async Task<HttpResponseMessage> SendAsync(CrmClient client, HttpMethod method, string url, string? page = null,
        IEnumerable<KeyValuePair<string, string>>? fields = null, bool htmx = true, (string Name, byte[] Bytes)? file = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (method == HttpMethod.Post)
        {
            var all = (fields ?? []).Append(new("__RequestVerificationToken", await client.TokenAsync(page!))).ToList();
            if (file is { } f)
            {
                var multipart = new MultipartFormDataContent();
                foreach (var (k, v) in all) { multipart.Add(new StringContent(v), k); }
                var body = new ByteArrayContent(f.Bytes);
                body.Headers.ContentType = new("text/plain");
                multipart.Add(body, "File", f.Name);
                request.Content = multipart;
            }
            else
            {
                request.Content = new FormUrlEncodedContent(all);
            }
        }
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
        }
        return await client.Http.SendAsync(request);
    }

    private static async Task<IHtmlDocument> HtmlAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {html[..Math.Min(html.Length, 600)]}");
        Assert.DoesNotContain("<html", html, StringComparison.OrdinalIgnoreCase);
        return await CrmClient.ParseAsync(response);
    }

    private async Task<(string Id, CrmClient Client)> ManagerAsync()
    {
        var (id, name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        return (id, await app.SignedInAsync(name));
    }

    private Task<Deal> DealAsync(int companyId, string owner, string title) => app.InDbAsync(async db =>
    {
        var rub = await db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync();
        var stages = await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.DealStage && r.IsActive).OrderBy(r => r.SortOrder).Select(r => r.Id).ToListAsync();
        var product = new Product { Name = title + " p", Price = 100m, CurrencyId = rub };
        db.Products.Add(product);
        await db.SaveChangesAsync();
        var deal = new Deal
        {
            CompanyId = companyId, ResponsibleId = owner, Title = title, StartDate = new DateOnly(2026, 1, 5), CurrencyId = rub,
            Stages = stages.Select(s => new DealStage { StageId = s, ResponsibleId = owner }).ToList(),
            Lines = [new DealLine { ProductId = product.Id, Quantity = 2, UnitPrice = 100m, Amount = 200m }],
        };
        deal.Recalculate(2, _ => 0, _ => false);
        db.Deals.Add(deal);
        await db.SaveChangesAsync();
        return deal;
    });

    private Task<Deal> ReloadAsync(int id) => app.InDbAsync(db => db.Deals.AsNoTracking().Include(d => d.Lines).SingleAsync(d => d.Id == id));

    [Fact]
    public async Task A_product_line_is_edited_in_its_row_with_errors_in_place_and_a_lost_update_refused()
    {
        var (me, client) = await ManagerAsync();
        var t = CompanyFactory.Token();
        var company = await app.CreateCompanyAsync(me, $"{t} Строки");
        var deal = await DealAsync(company.Id, me, $"{t} работа");
        var line = deal.Lines.Single();
        var card = $"/deals/{deal.Id}";

        // The card offers the edit; opening it turns the row into a form holding the stored values.
        Assert.NotNull((await client.PageAsync(card)).QuerySelector($"tr[data-line='{line.Id}'] a.edit-line[hx-get='/deals/{deal.Id}/lines/{line.Id}/edit']"));
        var editor = await HtmlAsync(await SendAsync(client, HttpMethod.Get, $"{card}/lines/{line.Id}/edit"), HttpStatusCode.OK);
        var form = editor.QuerySelector($"tr[data-line='{line.Id}'] form#edit-line");
        Assert.NotNull(form);
        Assert.Equal("2", form!.QuerySelector("#EditLine_Quantity")!.GetAttribute("value"));
        Assert.Equal("100", form.QuerySelector("#EditLine_UnitPrice")!.GetAttribute("value"));
        Assert.Equal($"{card}/lines/{line.Id}", form.GetAttribute("hx-post"));
        // Without JavaScript the same link opens the card page with the row in edit mode.
        Assert.NotNull((await client.PageAsync($"{card}/lines/{line.Id}/edit")).QuerySelector("form#edit-line"));

        Dictionary<string, string> Fields(Guid stamp, string quantity) => new()
        {
            ["EditLine.ProductId"] = line.ProductId.ToString(CultureInfo.InvariantCulture), ["EditLine.Quantity"] = quantity,
            ["EditLine.UnitPrice"] = "1000.50", ["EditLine.DiscountPercent"] = "10", ["EditLine.ConcurrencyStamp"] = stamp.ToString(),
        };

        // An unreadable quantity: the row's form comes back with the error next to the field; nothing is saved.
        var bad = await HtmlAsync(await SendAsync(client, HttpMethod.Post, $"{card}/lines/{line.Id}", card, Fields(deal.ConcurrencyStamp, "три")), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("is-invalid", bad.QuerySelector("form#edit-line #EditLine_Quantity")!.ClassName);
        Assert.Equal(200m, (await ReloadAsync(deal.Id)).LinesTotal);

        // Saved in place: 3 × 1000.50 less 10 % = 2701.35, and the deal's total follows.
        var saved = await HtmlAsync(await SendAsync(client, HttpMethod.Post, $"{card}/lines/{line.Id}", card, Fields(deal.ConcurrencyStamp, "3")), HttpStatusCode.OK);
        Assert.Null(saved.QuerySelector("form#edit-line"));
        var stored = await ReloadAsync(deal.Id);
        var expected = Math.Round(3m * 1000.50m * 0.9m, 2);
        Assert.Equal((3m, 1000.50m, 10m, expected), (stored.Lines.Single().Quantity, stored.Lines.Single().UnitPrice, stored.Lines.Single().DiscountPercent, stored.Lines.Single().Amount));
        Assert.Equal(expected, stored.LinesTotal);
        Assert.Equal(expected, decimal.Parse(saved.QuerySelector("#lines-total")!.GetAttribute("data-value")!, CultureInfo.InvariantCulture));

        // The old stamp again: someone changed the deal meanwhile — refused and said so, the values stay.
        var stale = await HtmlAsync(await SendAsync(client, HttpMethod.Post, $"{card}/lines/{line.Id}", card, Fields(deal.ConcurrencyStamp, "5")), HttpStatusCode.OK);
        Assert.Contains("Someone changed this deal", stale.QuerySelector("#deal-card")!.TextContent);
        Assert.Equal(3m, (await ReloadAsync(deal.Id)).Lines.Single().Quantity);

        // A plain form post (no JavaScript) is redirected back to the card's tab.
        var plain = await SendAsync(client, HttpMethod.Post, $"{card}/lines/{line.Id}", card, Fields(stored.ConcurrencyStamp, "4"), htmx: false);
        Assert.Equal(HttpStatusCode.Redirect, plain.StatusCode);
        Assert.Equal($"{card}?tab=lines", plain.Headers.Location!.OriginalString);
        Assert.Equal(4m, (await ReloadAsync(deal.Id)).Lines.Single().Quantity);
    }

    [Fact]
    public async Task Contracts_are_added_edited_and_removed_inside_the_card_and_a_conflict_is_shown()
    {
        var (me, client) = await ManagerAsync();
        var t = CompanyFactory.Token();
        var company = await app.CreateCompanyAsync(me, $"{t} Договоры");
        var cardUrl = $"/clients/{company.Id}";
        var card = await client.PageAsync(cardUrl);
        Assert.NotNull(card.QuerySelector("#contracts #contract-editor"));
        Assert.Equal("#contract-editor", card.QuerySelector("#add-contract")!.GetAttribute("hx-target"));

        // The editor opens inside the section, not as a page.
        var editor = await HtmlAsync(await SendAsync(client, HttpMethod.Get, $"{cardUrl}/contracts/new"), HttpStatusCode.OK);
        var form = editor.QuerySelector(".part-editor form");
        Assert.NotNull(form);
        Assert.Null(editor.QuerySelector("nav"));
        Assert.Equal("multipart/form-data", form!.GetAttribute("hx-encoding"));

        var rub = await app.InDbAsync(db => db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync());
        var fields = new Dictionary<string, string> { ["Number"] = $"{t}-1", ["Date"] = "2026-02-01", ["Amount"] = "1500", ["CurrencyId"] = rub.ToString(CultureInfo.InvariantCulture) };
        var response = await SendAsync(client, HttpMethod.Post, $"{cardUrl}/contracts/new", cardUrl, fields, file: ("terms.txt", "Условия"u8.ToArray()));
        var added = await HtmlAsync(response, HttpStatusCode.OK);
        Assert.Equal("#company-card", response.Headers.GetValues("HX-Retarget").Single());
        var contract = await app.InDbAsync(db => db.Contracts.AsNoTracking().SingleAsync(k => k.CompanyId == company.Id));
        Assert.Equal(("terms.txt", 1500m), (contract.FileName, contract.Amount!.Value));
        Assert.NotNull(added.QuerySelector($"#company-card tr[data-contract='{contract.Id}']"));
        Assert.Equal("#contract-editor", added.QuerySelector($"tr[data-contract='{contract.Id}'] a[hx-get]")!.GetAttribute("hx-target"));

        // A validation error stays in the editor, next to the field.
        var bad = await HtmlAsync(await SendAsync(client, HttpMethod.Post, $"{cardUrl}/contracts/{contract.Id}/edit", cardUrl,
            new Dictionary<string, string>(fields) { ["Number"] = "", ["ConcurrencyStamp"] = contract.ConcurrencyStamp.ToString() }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("is-invalid", bad.QuerySelector(".part-editor #Number")!.ClassName);

        // Edited in place; then the stale stamp shows the other user's values beside mine.
        var edited = await HtmlAsync(await SendAsync(client, HttpMethod.Post, $"{cardUrl}/contracts/{contract.Id}/edit", cardUrl,
            new Dictionary<string, string>(fields) { ["Number"] = $"{t}-2", ["ConcurrencyStamp"] = contract.ConcurrencyStamp.ToString() }), HttpStatusCode.OK);
        Assert.Contains($"{t}-2", edited.QuerySelector($"tr[data-contract='{contract.Id}']")!.TextContent);
        var conflict = await HtmlAsync(await SendAsync(client, HttpMethod.Post, $"{cardUrl}/contracts/{contract.Id}/edit", cardUrl,
            new Dictionary<string, string>(fields) { ["Number"] = $"{t}-3", ["ConcurrencyStamp"] = contract.ConcurrencyStamp.ToString() }), HttpStatusCode.Conflict);
        Assert.Contains($"{t}-2", conflict.QuerySelector(".part-editor #conflict")!.TextContent);
        Assert.Equal($"{t}-2", await app.InDbAsync(db => db.Contracts.Where(k => k.Id == contract.Id).Select(k => k.Number).SingleAsync()));

        // Removed in place.
        var stamp = await app.InDbAsync(db => db.Contracts.Where(k => k.Id == contract.Id).Select(k => k.ConcurrencyStamp).SingleAsync());
        var removed = await HtmlAsync(await SendAsync(client, HttpMethod.Post, $"{cardUrl}/contracts/{contract.Id}/delete", cardUrl,
            new Dictionary<string, string> { ["stamp"] = stamp.ToString() }), HttpStatusCode.OK);
        Assert.Null(removed.QuerySelector($"tr[data-contract='{contract.Id}']"));
        Assert.False(await app.InDbAsync(db => db.Contracts.AnyAsync(k => k.Id == contract.Id)));
    }
}

public sealed class LineAndContractInPlaceTestsSqlite(SqliteApp app) : LineAndContractInPlaceTests(app);
public sealed class LineAndContractInPlaceTestsPostgreSql(PostgreSqlApp app) : LineAndContractInPlaceTests(app);
