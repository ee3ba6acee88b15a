using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Ui;

/// <summary>
/// The product picker of the deal card's line form without JavaScript: a plain select that already lists active
/// products (the first ones by name, or those its "Find" box found: GET /deals/{id}?tab=lines&amp;productQuery=), each
/// with its price, so a line is added by a plain form post; tom-select turns the same select into a remote search.
/// </summary>
public abstract class ProductPickerTests(CrmApp app)
{
    private static List<(string Value, string Text, string? Price)> Offered(IElement select) =>
        select.QuerySelectorAll("option").Where(o => o.GetAttribute("value") != "")
            .Select(o => (o.GetAttribute("value")!, o.TextContent.Trim(), o.GetAttribute("data-price"))).ToList();

    [Fact]
    public async Task Without_javascript_the_line_form_lists_products_finds_them_and_adds_a_line()
    {
        var (me, name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        using var client = await app.SignedInAsync(name);
        var t = CompanyFactory.Token();
        var company = await app.CreateCompanyAsync(me, $"{t} buyer");
        var (dealId, alpha, beta, retired) = await app.InDbAsync(async db =>
        {
            var rub = await db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync();
            var usd = await db.Currencies.Where(c => c.Code == "USD").Select(c => c.Id).SingleAsync();
            var stage = await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.DealStage && r.IsActive).OrderBy(r => r.SortOrder).Select(r => r.Id).FirstAsync();
            var a = new Product { Name = $"{t} Альфа", Price = 1500.5m, CurrencyId = rub };
            var b = new Product { Name = $"{t} Бета", Price = 20m, CurrencyId = usd };
            var old = new Product { Name = $"{t} Архив", Price = 7m, CurrencyId = rub, IsActive = false };
            var deal = new Deal
            {
                CompanyId = company.Id, ResponsibleId = me, Title = $"{t} deal", StartDate = new DateOnly(2026, 1, 1), CurrencyId = rub,
                Stages = [new DealStage { StageId = stage, ResponsibleId = me }], CurrentStageId = stage,
            };
            db.AddRange(a, b, old, deal);
            await db.SaveChangesAsync();
            return (deal.Id, a.Id, b.Id, old.Id);
        });
        var url = $"/deals/{dealId}";

        // Without a search the select is not empty: it lists active products only, at most the documented number.
        var first = await client.PageAsync($"{url}?tab=lines");
        var plain = Offered(first.QuerySelector("select#Line_ProductId[name='Line.ProductId']")!);
        Assert.InRange(plain.Count, 1, 50);
        var activeIds = await app.InDbAsync(db => db.Products.Where(p => p.IsActive).Select(p => p.Id).ToListAsync());
        Assert.All(plain, o => Assert.Contains(int.Parse(o.Value, CultureInfo.InvariantCulture), activeIds));
        Assert.Equal("/products/search", first.QuerySelector("select#Line_ProductId")!.GetAttribute("data-search"));

        // The "Find" box is its own GET form that keeps the lines tab and sends only the text.
        var find = first.QuerySelector("noscript form#product-find-form")!;
        Assert.Equal("get", find.GetAttribute("method"));
        Assert.Equal(url, find.GetAttribute("action"));
        Assert.Equal("lines", find.QuerySelector("input[type=hidden][name=tab]")!.GetAttribute("value"));
        Assert.NotNull(first.QuerySelector("input[form=product-find-form][name=productQuery]"));
        Assert.NotNull(first.QuerySelector("button[type=submit][form=product-find-form]"));

        // Found: the active products matching the text, with their prices; the retired one is not offered.
        var found = await client.PageAsync($"{url}?tab=lines&productQuery={Uri.EscapeDataString(t)}");
        var offered = Offered(found.QuerySelector("select#Line_ProductId")!);
        Assert.Equal([alpha.ToString(CultureInfo.InvariantCulture), beta.ToString(CultureInfo.InvariantCulture)], offered.Select(o => o.Value));
        Assert.Equal(["1500.5", "20"], offered.Select(o => o.Price));
        Assert.StartsWith($"{t} Альфа", offered[0].Text);
        Assert.Contains("1,500.50", offered[0].Text);
        Assert.Contains("$", offered[1].Text);
        Assert.DoesNotContain(offered, o => o.Value == retired.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(t, found.QuerySelector("input[form=product-find-form]")!.GetAttribute("value"));

        // A plain post of the chosen product adds the line and goes back to the card's lines tab.
        async Task<string> Stamp() => (await app.InDbAsync(db => db.Deals.AsNoTracking().SingleAsync(d => d.Id == dealId))).ConcurrencyStamp.ToString();
        var added = await client.PostFormAsync($"{url}/lines", new Dictionary<string, string>
        {
            ["Line.ProductId"] = offered[0].Value, ["Line.Quantity"] = "2", ["Line.UnitPrice"] = offered[0].Price!, ["Line.ConcurrencyStamp"] = await Stamp(),
        }, url);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal($"{url}?tab=lines", added.Headers.Location!.OriginalString);
        var line = await app.InDbAsync(db => db.DealLines.AsNoTracking().SingleAsync(l => l.DealId == dealId));
        Assert.Equal((alpha, 2m, 1500.5m, 3001m), (line.ProductId, line.Quantity, line.UnitPrice, line.Amount));

        // Shown again after an error, the form keeps the chosen product even where the plain list would not hold it.
        var refused = await client.PostFormAsync($"{url}/lines", new Dictionary<string, string>
        {
            ["Line.ProductId"] = beta.ToString(CultureInfo.InvariantCulture), ["Line.Quantity"] = "0", ["Line.UnitPrice"] = "20", ["Line.ConcurrencyStamp"] = await Stamp(),
        }, url);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var again = await CrmClient.ParseAsync(refused);
        Assert.Equal(beta.ToString(CultureInfo.InvariantCulture), again.QuerySelector("select#Line_ProductId option[selected]")!.GetAttribute("value"));

        // A user who may not add lines gets no product choice at all.
        var (_, viewerName) = await app.CreateUserAsync([Permissions.Clients.ViewAll, Permissions.Deals.ViewAll]);
        using var viewer = await app.SignedInAsync(viewerName);
        var seen = await viewer.PageAsync($"{url}?tab=lines&productQuery={Uri.EscapeDataString(t)}");
        Assert.Null(seen.QuerySelector("select#Line_ProductId"));
    }
}

public sealed class ProductPickerTestsSqlite(SqliteApp app) : ProductPickerTests(app);
public sealed class ProductPickerTestsPostgreSql(PostgreSqlApp app) : ProductPickerTests(app);
