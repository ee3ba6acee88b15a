using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.FunctionalTests.Infrastructure;
using WebCrm.Web.Features.Shared.Money;

namespace WebCrm.FunctionalTests.Deals;

/// <summary>The base and second reporting currency: from configuration, named in the UI language, renameable in the currency list.</summary>
public abstract class MoneyCurrencyTests(CrmApp app)
{
    private async Task<(CurrencyInfo Base, CurrencyInfo? Second)> CurrenciesAsync(string culture)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            return await app.WithServiceAsync<MoneyService, (CurrencyInfo, CurrencyInfo?)>(async money =>
                (await money.BaseCurrencyAsync(), await money.SecondCurrencyAsync()));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public async Task Roubles_and_dollars_by_default_with_symbols_and_names_in_the_users_language_and_renameable()
    {
        var (baseRu, secondRu) = await CurrenciesAsync("ru-RU");
        Assert.Equal(("RUB", "Рубли", "₽"), (baseRu.Code, baseRu.Name, baseRu.Symbol));
        Assert.Equal(("USD", "Доллары", "$"), (secondRu!.Code, secondRu.Name, secondRu.Symbol));
        var (_, secondEn) = await CurrenciesAsync("en-US");
        Assert.Equal("Dollars", secondEn!.Name);

        await app.WithServiceAsync<CrmDbContext, int>(db =>
            db.Currencies.Where(c => c.Code == "USD").ExecuteUpdateAsync(s => s.SetProperty(c => c.NameRu, "Доллары США")));
        var (_, renamed) = await CurrenciesAsync("ru-RU");
        Assert.Equal("Доллары США", renamed!.Name);
    }
}

public sealed class MoneyCurrencyTestsSqlite(IsolatedSqliteApp app) : MoneyCurrencyTests(app), IClassFixture<IsolatedSqliteApp>;
public sealed class MoneyCurrencyTestsPostgreSql(IsolatedPostgreSqlApp app) : MoneyCurrencyTests(app), IClassFixture<IsolatedPostgreSqlApp>;
