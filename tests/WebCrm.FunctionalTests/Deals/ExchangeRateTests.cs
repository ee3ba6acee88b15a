using System.Net;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Deals;

public abstract class ExchangeRateTests(CrmApp app)
{
    [Fact]
    public async Task A_mistyped_rate_is_removed_by_an_editor_only()
    {
        var date = new DateOnly(1990, 1, 1).AddDays(Random.Shared.Next(0, 3000));
        var id = await app.InDbAsync(async db =>
        {
            var usd = await db.Currencies.SingleAsync(c => c.Code == "USD");
            var rate = new ExchangeRate { CurrencyId = usd.Id, Date = date, Rate = 9999m };
            db.ExchangeRates.Add(rate);
            await db.SaveChangesAsync();
            return rate.Id;
        });
        var (_, managerName) = await app.CreateUserAsync([.. RoleTemplates.Manager.Permissions]);
        using var manager = await app.SignedInAsync(managerName);
        var page = await manager.PageAsync("/exchange-rates");
        Assert.Null(page.QuerySelector($"form[action='/exchange-rates/{id}/delete']"));
        var forged = await manager.PostFormAsync($"/exchange-rates/{id}/delete", Array.Empty<KeyValuePair<string, string>>(), "/exchange-rates");
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.True(await app.InDbAsync(db => db.ExchangeRates.AnyAsync(r => r.Id == id)));

        var (_, editorName) = await app.CreateUserAsync([.. RoleTemplates.Manager.Permissions, Permissions.ReferenceLists.Edit]);
        using var editor = await app.SignedInAsync(editorName);
        Assert.NotNull((await editor.PageAsync("/exchange-rates")).QuerySelector($"form[action='/exchange-rates/{id}/delete']"));
        var removed = await editor.PostFormAsync($"/exchange-rates/{id}/delete", Array.Empty<KeyValuePair<string, string>>(), "/exchange-rates");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.False(await app.InDbAsync(db => db.ExchangeRates.AnyAsync(r => r.Id == id)));
        Assert.Equal(HttpStatusCode.NotFound, (await editor.PostFormAsync($"/exchange-rates/{id}/delete", Array.Empty<KeyValuePair<string, string>>(), "/exchange-rates")).StatusCode);
    }
}

public sealed class ExchangeRateTestsSqlite(IsolatedSqliteApp app) : ExchangeRateTests(app), IClassFixture<IsolatedSqliteApp>;
public sealed class ExchangeRateTestsPostgreSql(IsolatedPostgreSqlApp app) : ExchangeRateTests(app), IClassFixture<IsolatedPostgreSqlApp>;
