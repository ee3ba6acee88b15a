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
}

public sealed class ProductCatalogueTestsSqlite(SqliteApp app) : ProductCatalogueTests(app);
public sealed class ProductCatalogueTestsPostgreSql(PostgreSqlApp app) : ProductCatalogueTests(app);
