using System.Text;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Ui;

/// <summary>
/// The company and deal CSV exports write dates and money in the user's culture (Russian: "05.01.2026", "2 469,00"
/// and ";" between cells so Russian spreadsheets split the columns; English: "1/5/2026", "2,469.00" and ","), and
/// formula characters stay neutralised in both. Expected texts are spelled out here, not formatted by the same code.
/// </summary>
public abstract class CsvCultureTests(CrmApp app)
{
    private const char Nbsp = '\u00a0';

    private async Task<(string Id, CrmClient En, CrmClient Ru)> UserAsync()
    {
        var (id, name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions.Append(Permissions.Deals.Export).Append(Permissions.Clients.Export));
        var ru = app.ClientWithoutLanguage();
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await ru.SignInAsync(name, CrmApp.Password)).StatusCode);
        return (id, await app.SignedInAsync(name), ru);
    }

    private Task<Deal> DealAsync(int companyId, string owner, string title) => app.InDbAsync(async db =>
    {
        var rub = await db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync();
        var waybill = await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.AccountingDocumentType && r.Code == "waybill").Select(r => r.Id).SingleAsync();
        var stages = await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.DealStage && r.IsActive).OrderBy(r => r.SortOrder).Select(r => new { r.Id, r.SortOrder }).ToListAsync();
        var product = new Product { Name = title + " p", Price = 100m, CurrencyId = rub };
        db.Products.Add(product);
        await db.SaveChangesAsync();
        var deal = new Deal
        {
            CompanyId = companyId, ResponsibleId = owner, Title = title, StartDate = new DateOnly(2026, 1, 5), EndDate = new DateOnly(2026, 12, 31), CurrencyId = rub,
            Stages = stages.Select(s => new DealStage { StageId = s.Id, ResponsibleId = owner }).ToList(),
            Lines = [new DealLine { ProductId = product.Id, Quantity = 2, UnitPrice = 1234.5m, Amount = DealMath.LineAmount(2, 1234.5m, 0, 2) }],
            Payments = [new Payment { Date = new DateOnly(2026, 1, 10), Amount = 34.5m, CurrencyId = rub, AmountInDealCurrency = 34.5m }],
            Documents = [new AccountingDocument { TypeId = waybill, Number = "ТН-1", Date = new DateOnly(2026, 1, 20), Amount = 2469m }],
        };
        deal.Recalculate(2, s => stages.First(x => x.Id == s).SortOrder, t => t == waybill);
        db.Deals.Add(deal);
        await db.SaveChangesAsync();
        return deal;
    });

    private static async Task<string[]> LinesAsync(CrmClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        return Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task Deal_export_writes_dates_and_money_in_the_users_culture_and_neutralises_formulas()
    {
        var (me, en, ru) = await UserAsync();
        var t = CompanyFactory.Token();
        var company = await app.CreateCompanyAsync(me, $"{t} Альфа");
        await DealAsync(company.Id, me, $"=SUM(A1) {t}");

        var russian = await LinesAsync(ru, $"/deals/export?Q={t}");
        Assert.Equal(2, russian.Length);
        Assert.StartsWith("Название;Компания;", russian[0]);
        Assert.StartsWith("'=SUM(A1) " + t + ";" + t + " Альфа;", russian[1]);
        // Start, end; then amount, paid, shipped, debt, advance and currency.
        Assert.Contains(";05.01.2026;31.12.2026;", russian[1]);
        Assert.True(russian[1].Contains($";2{Nbsp}469,00;34,50;2{Nbsp}469,00;2{Nbsp}434,50;0,00;RUB;"), russian[1]);

        var english = await LinesAsync(en, $"/deals/export?Q={t}");
        Assert.StartsWith("Title,Company,", english[0]);
        Assert.StartsWith("'=SUM(A1) " + t + "," + t + " Альфа,", english[1]);
        Assert.Contains(",1/5/2026,12/31/2026,", english[1]);
        Assert.Contains(",\"2,469.00\",34.50,\"2,469.00\",\"2,434.50\",0.00,RUB,", english[1]);
    }

    [Fact]
    public async Task Company_export_writes_the_creation_date_in_the_users_culture_and_neutralises_formulas()
    {
        var (me, en, ru) = await UserAsync();
        var t = CompanyFactory.Token();
        var company = await app.CreateCompanyAsync(me, $"@SUM(1) {t}", c => c.City = "-2+3");
        var created = await app.InDbAsync(db => db.Companies.Where(c => c.Id == company.Id).Select(c => c.CreatedAtUtc).SingleAsync());

        var russian = await LinesAsync(ru, $"/clients/export?q={t}");
        Assert.Equal(2, russian.Length);
        Assert.StartsWith("Название;ИНН;", russian[0]);
        Assert.StartsWith($"'@SUM(1) {t};", russian[1]);
        Assert.Contains(";'-2+3;", russian[1]);
        Assert.EndsWith($";{created.Day:00}.{created.Month:00}.{created.Year}", russian[1]);

        var english = await LinesAsync(en, $"/clients/export?q={t}");
        Assert.StartsWith("Name,INN,", english[0]);
        Assert.StartsWith($"'@SUM(1) {t},", english[1]);
        Assert.EndsWith($",{created.Month}/{created.Day}/{created.Year}", english[1]);
    }

    [Theory]
    [InlineData("-1234.50", "-1234.50")] [InlineData("-1\u00a0234,50", "\"-1\u00a0234,50\"")] [InlineData("-1,234.50", "\"-1,234.50\"")]
    [InlineData("-2+3", "'-2+3")] [InlineData("=1", "'=1")] [InlineData("-1 234,5 x", "\"'-1 234,5 x\"")]
    public void A_negative_amount_in_either_culture_stays_a_number_and_anything_else_is_neutralised(string cell, string written) =>
        Assert.Equal(written, WebCrm.Web.Infrastructure.Web.CsvResult.Cell(cell));

    [Fact]
    public void In_a_semicolon_file_a_decimal_comma_needs_no_quotes_but_the_separator_does()
    {
        Assert.Equal("-1\u00a0234,50", WebCrm.Web.Infrastructure.Web.CsvResult.Cell("-1\u00a0234,50", ";"));
        Assert.Equal("\"a;b\"", WebCrm.Web.Infrastructure.Web.CsvResult.Cell("a;b", ";"));
        Assert.Equal("'=1,5", WebCrm.Web.Infrastructure.Web.CsvResult.Cell("=1,5", ";"));
    }
}

public sealed class CsvCultureTestsSqlite(SqliteApp app) : CsvCultureTests(app);
public sealed class CsvCultureTestsPostgreSql(PostgreSqlApp app) : CsvCultureTests(app);
