using System.Net;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Deals;

public abstract class ProductCatalogueTests(CrmApp app)
{
    [Fact]
    public async Task Editors_change_a_product_and_its_page_shows_who_changed_what()
    {
        var (_, name) = await app.CreateUserAsync([.. RoleTemplates.Manager.Permissions, Permissions.ReferenceLists.Edit]);
        using var editor = await app.SignedInAsync(name);
        var t = CompanyFactory.Token();
        var rub = await app.InDbAsync(db => db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync());
        var created = await editor.PostFormAsync("/products/new", new { Name = $"{t} licence", Price = "1000", CurrencyId = rub, IsActive = "true" }, "/products/new");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var product = await app.InDbAsync(db => db.Products.AsNoTracking().SingleAsync(p => p.Name == $"{t} licence"));

        var changed = await editor.PostFormAsync($"/products/{product.Id}/edit",
            new { Name = $"{t} licence", Price = "1250,50", CurrencyId = rub, IsActive = "true", ConcurrencyStamp = product.ConcurrencyStamp }, $"/products/{product.Id}/edit");
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        var history = (await editor.PageAsync($"/products/{product.Id}/edit")).QuerySelector("#history")!.TextContent;
        Assert.Contains(name, history);
        Assert.Contains("Price", history);
        Assert.Contains("1,250.50", history);

        var (_, managerName) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        using var manager = await app.SignedInAsync(managerName);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync($"/products/{product.Id}/edit")).StatusCode);
    }

    /// <summary>
    /// A product's history shows each price in the currency the product had at that change: a price changed together
    /// with the currency reads "old amount in the old currency → new amount in the new one", older changes keep theirs.
    /// </summary>
    [Fact]
    public async Task The_price_history_shows_the_currency_valid_at_each_change()
    {
        var (_, name) = await app.CreateUserAsync([.. RoleTemplates.Manager.Permissions, Permissions.ReferenceLists.Edit]);
        using var editor = await app.SignedInAsync(name);
        var t = CompanyFactory.Token();
        var currencies = await app.InDbAsync(db => db.Currencies.AsNoTracking().Where(c => c.Code == "RUB" || c.Code == "USD").ToListAsync());
        var rub = currencies.Single(c => c.Code == "RUB");
        var usd = currencies.Single(c => c.Code == "USD");
        Assert.Equal(HttpStatusCode.Redirect, (await editor.PostFormAsync("/products/new",
            new { Name = $"{t} priced", Price = "100", CurrencyId = rub.Id, IsActive = "true" }, "/products/new")).StatusCode);
        var id = await app.InDbAsync(db => db.Products.Where(p => p.Name == $"{t} priced").Select(p => p.Id).SingleAsync());
        // Saved one after another: 100 ₽ → 150 ₽; then 150 ₽ → 2 $ with the currency in the same save; then 2 $ → 3 $.
        foreach (var (price, currency) in new[] { ("150", rub.Id), ("2", usd.Id), ("3", usd.Id) })
        {
            var stamp = await app.InDbAsync(db => db.Products.Where(p => p.Id == id).Select(p => p.ConcurrencyStamp).SingleAsync());
            Assert.Equal(HttpStatusCode.Redirect, (await editor.PostFormAsync($"/products/{id}/edit",
                new { Name = $"{t} priced", Price = price, CurrencyId = currency, IsActive = "true", ConcurrencyStamp = stamp }, $"/products/{id}/edit")).StatusCode);
        }

        var rows = (await editor.PageAsync($"/products/{id}/edit")).QuerySelectorAll("#history tbody tr")
            .Where(r => r.Children[3].TextContent.Trim() == "Price")
            .Select(r => (Was: r.QuerySelector(".was")!.TextContent.Trim(), Now: r.QuerySelector(".now")!.TextContent.Trim())).ToList();
        static string Shown(decimal amount, Domain.Reference.Currency c) =>
            amount.ToString("N" + c.MinorUnits, System.Globalization.CultureInfo.GetCultureInfo("en")) + "\u00a0" + (c.Symbol == "" ? c.Code : c.Symbol);
        Assert.Equal([(Shown(2, usd), Shown(3, usd)), (Shown(150, rub), Shown(2, usd)), (Shown(100, rub), Shown(150, rub))], rows);

        // Shown again after a refused save that names another currency, the history still reads the stored one.
        var stampNow = await app.InDbAsync(db => db.Products.Where(p => p.Id == id).Select(p => p.ConcurrencyStamp).SingleAsync());
        var refused = await editor.PostFormAsync($"/products/{id}/edit",
            new { Name = "", Price = "4", CurrencyId = rub.Id, IsActive = "true", ConcurrencyStamp = stampNow }, $"/products/{id}/edit");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var again = (await CrmClient.ParseAsync(refused)).QuerySelectorAll("#history tbody tr").First(r => r.Children[3].TextContent.Trim() == "Price");
        Assert.Equal(Shown(3, usd), again.QuerySelector(".now")!.TextContent.Trim());
    }
}

public sealed class ProductCatalogueTestsSqlite(SqliteApp app) : ProductCatalogueTests(app);
public sealed class ProductCatalogueTestsPostgreSql(PostgreSqlApp app) : ProductCatalogueTests(app);
