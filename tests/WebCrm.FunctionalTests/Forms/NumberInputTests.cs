using System.Net;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Forms;

/// <summary>
/// Numbers typed by people, read by the one parser wherever they arrive: the deal list's amount condition (also from an
/// old address's AmountFrom/AmountTo), a payment and a line on the card (text inputs), a product price, a company-filter number condition.
/// </summary>
public abstract class NumberInputTests(CrmApp app)
{
    private static readonly decimal[] Amounts = [999.99m, 1000m, 1000.50m, 100000m, 100000.50m, 100001m, 10000050m];

    private async Task<(string Me, CrmClient Client, string Token, int CompanyId)> SetUpAsync()
    {
        var (me, name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        var client = await app.SignedInAsync(name);
        await client.PostFormAsync("/culture", new { culture = "ru", returnUrl = "/" }, "/");
        var token = CompanyFactory.Token();
        var company = await app.CreateCompanyAsync(me, $"{token} numbers");
        return (me, client, token, company.Id);
    }

    private static int[] Listed(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("#deals tbody tr[data-id]").Select(r => int.Parse(r.GetAttribute("data-id")!)).Order().ToArray();

    [Theory]
    [InlineData("100 000,50", 100000.50)]
    [InlineData("100000,50", 100000.50)]
    [InlineData("100000.50", 100000.50)]
    [InlineData("100 000", 100000)]
    [InlineData("100\u00A0000", 100000)]
    [InlineData("100\u202F000,5", 100000.5)]
    [InlineData("1 000,50", 1000.50)]
    [InlineData("1000,5", 1000.5)]
    public async Task The_deal_lists_amount_filter_reads_every_format(string typed, double meant)
    {
        var (me, client, token, companyId) = await SetUpAsync();
        var ids = await app.InDbAsync(async db =>
        {
            var rub = await db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync();
            var deals = Amounts.Select((a, i) => new Deal
            {
                CompanyId = companyId, ResponsibleId = me, Title = $"{token} deal {i}", StartDate = new DateOnly(2026, 1, 1), CurrencyId = rub, LinesTotal = a,
            }).ToList();
            db.Deals.AddRange(deals);
            await db.SaveChangesAsync();
            return deals.Select(d => (d.Id, d.LinesTotal)).ToList();
        });
        var bound = (decimal)meant;

        // An old address's "amount from" / "amount to", and the builder's conditions "at least" / "at most".
        var from = await client.PageAsync($"/deals?Q={token}&AmountFrom={Uri.EscapeDataString(typed)}");
        Assert.Null(from.QuerySelector("#filter-builder .is-invalid"));
        Assert.Equal(ids.Where(d => d.LinesTotal >= bound).Select(d => d.Id).Order().ToArray(), Listed(from));
        var to = await client.PageAsync($"/deals?Q={token}&AmountTo={Uri.EscapeDataString(typed)}");
        Assert.Equal(ids.Where(d => d.LinesTotal <= bound).Select(d => d.Id).Order().ToArray(), Listed(to));
        var atLeast = await client.PageAsync($"/deals?Q={token}&c[0].f=amount&c[0].o=AtLeast&c[0].v={Uri.EscapeDataString(typed)}");
        Assert.Equal(Listed(from), Listed(atLeast));
        // The condition's box keeps what was typed, which reads the same again.
        Assert.Equal(typed, from.QuerySelector("#c0-v0")!.GetAttribute("value"));
        Assert.Equal("AtLeast", from.QuerySelector("#c0-o option[selected]")!.GetAttribute("value"));
    }

    [Theory]
    [InlineData("100 00,5")]
    [InlineData("сто тысяч")]
    [InlineData("1,000,50")]
    public async Task An_unreadable_amount_filter_is_an_error_next_to_the_field_not_ignored(string typed)
    {
        var (_, client, token, _) = await SetUpAsync();
        var response = await client.GetAsync($"/deals?Q={token}&AmountFrom={Uri.EscapeDataString(typed)}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await CrmClient.ParseAsync(response);
        // The amount is a condition of the builder: marked invalid, the typed text kept, the message beside it.
        Assert.NotNull(page.QuerySelector("#c0-f.is-invalid"));
        Assert.Equal(typed, page.QuerySelector("#c0-v0")!.GetAttribute("value"));
        Assert.Equal("c0-error", page.QuerySelector("#c0-f")!.GetAttribute("aria-describedby"));
        Assert.Contains("не число", page.QuerySelector("#c0-error")!.TextContent);
        Assert.Contains(typed, page.QuerySelector("#c0-error")!.TextContent);
    }

    [Theory]
    [InlineData("1 000,50", 1000.50)]
    [InlineData("1000,50", 1000.50)]
    [InlineData("1000.50", 1000.50)]
    [InlineData("1 000", 1000)]
    [InlineData("1\u00A0000,50", 1000.50)]
    [InlineData("1\u202F000,50", 1000.50)]
    public async Task Payments_lines_and_prices_read_every_format(string typed, double meant)
    {
        var (me, client, token, companyId) = await SetUpAsync();
        var (dealId, stamp, rub, productId) = await app.InDbAsync(async db =>
        {
            var rubId = await db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync();
            var product = new Product { Name = $"{token} product", Price = 1, CurrencyId = rubId };
            var deal = new Deal { CompanyId = companyId, ResponsibleId = me, Title = $"{token} deal", StartDate = new DateOnly(2026, 1, 1), CurrencyId = rubId };
            db.AddRange(product, deal);
            await db.SaveChangesAsync();
            return (deal.Id, deal.ConcurrencyStamp, rubId, product.Id);
        });
        var expected = (decimal)meant;
        var paid = await client.PostFormAsync($"/deals/{dealId}/payments", new Dictionary<string, string>
        {
            ["Payment.Date"] = "2026-01-05", ["Payment.Amount"] = typed, ["Payment.CurrencyId"] = rub.ToString(), ["Payment.ConcurrencyStamp"] = stamp.ToString(),
        }, $"/deals/{dealId}");
        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        var deal = await app.InDbAsync(db => db.Deals.AsNoTracking().Include(d => d.Payments).SingleAsync(d => d.Id == dealId));
        Assert.Equal(expected, Assert.Single(deal.Payments).Amount);

        var line = await client.PostFormAsync($"/deals/{dealId}/lines", new Dictionary<string, string>
        {
            ["Line.ProductId"] = productId.ToString(), ["Line.Quantity"] = "2", ["Line.UnitPrice"] = typed, ["Line.DiscountPercent"] = "0",
            ["Line.ConcurrencyStamp"] = deal.ConcurrencyStamp.ToString(),
        }, $"/deals/{dealId}");
        Assert.Equal(HttpStatusCode.Redirect, line.StatusCode);
        var withLine = await app.InDbAsync(db => db.Deals.AsNoTracking().Include(d => d.Lines).SingleAsync(d => d.Id == dealId));
        Assert.Equal(expected, Assert.Single(withLine.Lines).UnitPrice);
        Assert.Equal(expected * 2, withLine.LinesTotal);
    }

    [Fact]
    public async Task An_unreadable_payment_amount_is_an_error_next_to_the_field()
    {
        var (me, client, token, companyId) = await SetUpAsync();
        var (dealId, stamp, rub) = await app.InDbAsync(async db =>
        {
            var rubId = await db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync();
            var deal = new Deal { CompanyId = companyId, ResponsibleId = me, Title = $"{token} deal", StartDate = new DateOnly(2026, 1, 1), CurrencyId = rubId };
            db.Add(deal);
            await db.SaveChangesAsync();
            return (deal.Id, deal.ConcurrencyStamp, rubId);
        });
        var response = await client.PostFormAsync($"/deals/{dealId}/payments", new Dictionary<string, string>
        {
            ["Payment.Date"] = "2026-01-05", ["Payment.Amount"] = "10 00,5", ["Payment.CurrencyId"] = rub.ToString(), ["Payment.ConcurrencyStamp"] = stamp.ToString(),
        }, $"/deals/{dealId}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await CrmClient.ParseAsync(response);
        Assert.NotNull(page.QuerySelector("[name='Payment.Amount'].is-invalid"));
        Assert.Empty(await app.InDbAsync(db => db.Payments.Where(p => p.DealId == dealId).ToListAsync()));
    }
}

public sealed class NumberInputTestsSqlite(SqliteApp app) : NumberInputTests(app);
public sealed class NumberInputTestsPostgreSql(PostgreSqlApp app) : NumberInputTests(app);
