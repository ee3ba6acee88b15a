using System.Data.Common;
using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Deals;

/// <summary>
/// The receivable rule end to end: deals in every state built through the card's own forms, then the deal card, the
/// deal list (columns, "has debt"), the company card and the company list, checked against each other and against a
/// debt computed by SQL written here, independent of the app's code. Also the confirmation a payment on a closed deal
/// needs, and the administrator's "counts as a shipment" flag recomputing stored debts.
/// </summary>
public abstract class ReceivableTests(CrmApp app)
{
    private sealed record Ids(int Rub, int Product, int Waybill, int Act, int Upd, int Invoice, int LossReason);

    private async Task<(string Id, CrmClient Client)> UserAsync(IEnumerable<string> rights)
    {
        var (id, name) = await app.CreateUserAsync(rights);
        return (id, await app.SignedInAsync(name));
    }

    private Task<Ids> IdsAsync(string token) => app.InDbAsync(async db =>
    {
        var rub = await db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync();
        var product = new Product { Name = $"{token} licence", Price = 100m, CurrencyId = rub };
        db.Products.Add(product);
        await db.SaveChangesAsync();
        Task<int> Type(string code) => db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.AccountingDocumentType && r.Code == code).Select(r => r.Id).SingleAsync();
        return new Ids(rub, product.Id, await Type("waybill"), await Type("act"), await Type("upd"), await Type("invoice"),
            await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.LossReason && r.IsActive).Select(r => r.Id).FirstAsync());
    });

    private Task<Guid> StampAsync(int id) => app.InDbAsync(db => db.Deals.Where(d => d.Id == id).Select(d => d.ConcurrencyStamp).SingleAsync());

    private static string S(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static decimal Value(AngleSharp.Dom.IElement? element) =>
        decimal.Parse(element!.GetAttribute("data-value")!, CultureInfo.InvariantCulture);

    /// <summary>Posts one of the card's forms and expects the redirect back to the card.</summary>
    private async Task PostAsync(CrmClient client, int id, string part, string prefix, Dictionary<string, string> fields)
    {
        fields[$"{prefix}.ConcurrencyStamp"] = (await StampAsync(id)).ToString();
        var response = await client.PostFormAsync($"/deals/{id}/{part}", fields.ToDictionary(f => f.Key.StartsWith(prefix + '.') ? f.Key : $"{prefix}.{f.Key}", f => f.Value), $"/deals/{id}");
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{part}: {response.StatusCode}");
    }

    /// <summary>A rouble deal made through the forms: one line of the amount, payments, documents, then won or lost.</summary>
    private async Task<int> DealAsync(CrmClient client, int companyId, Ids ids, string title, decimal amount, decimal[] payments,
        (int Type, decimal Amount)[] documents, DealStatus status = DealStatus.Open)
    {
        var created = await client.PostFormAsync("/deals/new", new { Title = title, CompanyId = companyId, StartDate = "2026-01-05", CurrencyId = ids.Rub }, "/deals/new");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = int.Parse(created.Headers.Location!.OriginalString.Split('/').Last(), CultureInfo.InvariantCulture);
        await PostAsync(client, id, "lines", "Line", new() { ["ProductId"] = ids.Product.ToString(CultureInfo.InvariantCulture), ["Quantity"] = "1", ["UnitPrice"] = S(amount) });
        foreach (var paid in payments)
        {
            await PostAsync(client, id, "payments", "Payment", new() { ["Date"] = "2026-01-10", ["Amount"] = S(paid), ["CurrencyId"] = ids.Rub.ToString(CultureInfo.InvariantCulture) });
        }
        var n = 0;
        foreach (var (type, sum) in documents)
        {
            await PostAsync(client, id, "documents", "Document", new() { ["TypeId"] = type.ToString(CultureInfo.InvariantCulture), ["Number"] = $"D-{++n}", ["Date"] = "2026-01-15", ["Amount"] = S(sum) });
        }
        if (status != DealStatus.Open)
        {
            var stage = await app.InDbAsync(db => db.DealStages.Where(s => s.DealId == id).Select(s => s.StageId).FirstAsync());
            await PostAsync(client, id, "close", "Close", new()
            {
                ["Outcome"] = status == DealStatus.Won ? "won" : "lost", ["CloseDate"] = "2026-02-01",
                ["LossReasonId"] = ids.LossReason.ToString(CultureInfo.InvariantCulture), ["LostAtStageId"] = stage.ToString(CultureInfo.InvariantCulture),
            });
        }
        return id;
    }

    /// <summary>
    /// The company's total receivable in roubles computed straight from the tables: per deal, shipped = the sum of its
    /// documents whose type counts as a shipment, else its lines total when won, else 0; debt = shipped − paid when positive.
    /// </summary>
    private Task<decimal> SqlDebtAsync(int companyId) => app.InDbAsync(async db =>
    {
        var sqlite = db.Database.ProviderName!.Contains("Sqlite", StringComparison.Ordinal);
        string N(string column) => sqlite ? $"CAST({column} AS REAL)" : column;
        var yes = sqlite ? "1" : "TRUE";
        var greatest = sqlite ? "MAX" : "GREATEST";
        var sql = $"""
            SELECT COALESCE(SUM({greatest}(x.shipped - x.paid, 0)), 0) FROM (
              SELECT
                COALESCE(
                  (SELECT SUM({N("a.\"Amount\"")}) FROM "AccountingDocuments" a JOIN "ReferenceItems" r ON r."Id" = a."TypeId"
                   WHERE a."DealId" = d."Id" AND r."CountsAsShipment" = {yes}),
                  CASE WHEN d."Status" = 1 THEN (SELECT COALESCE(SUM({N("l.\"Amount\"")}), 0) FROM "DealLines" l WHERE l."DealId" = d."Id") ELSE 0 END) AS shipped,
                (SELECT COALESCE(SUM({N("p.\"AmountInDealCurrency\"")}), 0) FROM "Payments" p WHERE p."DealId" = d."Id") AS paid
              FROM "Deals" d WHERE d."CompanyId" = {companyId}) x
            """;
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using DbCommand command = connection.CreateCommand();
            command.CommandText = sql;
            return Math.Round(Convert.ToDecimal(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture), 2);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    });

    private static IReadOnlyDictionary<int, AngleSharp.Dom.IElement> Rows(IHtmlDocument page) =>
        page.QuerySelectorAll("#deals tbody tr[data-id]").ToDictionary(r => int.Parse(r.GetAttribute("data-id")!, CultureInfo.InvariantCulture));

    [Fact]
    public async Task Every_state_owes_by_the_receivable_rule_and_card_list_company_and_sql_agree()
    {
        var (m1, c1) = await UserAsync(RoleTemplates.Manager.Permissions);
        var t = CompanyFactory.Token();
        var ids = await IdsAsync(t);
        var company = await app.CreateCompanyAsync(m1, $"{t} client");

        // Open, nothing shipped: owes nothing; 700 to be paid; the 300 paid is an advance.
        var openNoDocs = await DealAsync(c1, company.Id, ids, $"{t} open", 1000m, [300m], []);
        // Open, a waybill of 600 (the invoice ships nothing): owes 600 − 100.
        var openShipped = await DealAsync(c1, company.Id, ids, $"{t} open shipped", 1000m, [100m], [(ids.Invoice, 1000m), (ids.Waybill, 600m)]);
        // Won without shipment documents: its whole amount counts as shipped.
        var wonNoDocs = await DealAsync(c1, company.Id, ids, $"{t} won", 2000m, [500m], [], DealStatus.Won);
        // Won and overpaid: an advance of 200, never a negative debt.
        var wonOverpaid = await DealAsync(c1, company.Id, ids, $"{t} won overpaid", 800m, [1000m], [(ids.Act, 800m)], DealStatus.Won);
        // Lost with nothing shipped: owes nothing, whatever its amount.
        var lostNoDocs = await DealAsync(c1, company.Id, ids, $"{t} lost", 5000m, [], [], DealStatus.Lost);
        // Lost after a partial shipment: owes what was shipped and not paid.
        var lostShipped = await DealAsync(c1, company.Id, ids, $"{t} lost shipped", 3000m, [100m], [(ids.Upd, 400m)], DealStatus.Lost);

        // Shipped, debt, advance, to be paid (open deals only).
        var expected = new Dictionary<int, (decimal Shipped, decimal Debt, decimal Advance, decimal? ToBePaid)>
        {
            [openNoDocs] = (0m, 0m, 300m, 700m),
            [openShipped] = (600m, 500m, 0m, 900m),
            [wonNoDocs] = (2000m, 1500m, 0m, null),
            [wonOverpaid] = (800m, 0m, 200m, null),
            [lostNoDocs] = (0m, 0m, 0m, null),
            [lostShipped] = (400m, 300m, 0m, null),
        };
        foreach (var (id, e) in expected)
        {
            var card = await c1.PageAsync($"/deals/{id}");
            Assert.Equal(e.Shipped, Value(card.QuerySelector("#shipped-total")));
            Assert.Equal(e.Debt, Value(card.QuerySelector("#debt")));
            Assert.Equal(e.Advance, card.QuerySelector("#advance") is { } advance ? Value(advance) : 0m);
            Assert.Equal(e.ToBePaid, card.QuerySelector("#to-be-paid") is { } toBePaid ? Value(toBePaid) : null);
            var stored = await app.InDbAsync(db => db.Deals.AsNoTracking().SingleAsync(d => d.Id == id));
            Assert.Equal((e.Shipped, e.Debt, e.Advance), (stored.ShippedTotal, stored.Debt, stored.Advance));
        }

        // The deal list shows amount, paid, debt and advance; "has debt" is debt > 0.
        var list = Rows(await c1.PageAsync($"/deals?Q={t}"));
        Assert.Equal(expected.Keys.Order(), list.Keys.Order());
        foreach (var (id, e) in expected)
        {
            Assert.Equal((e.Debt, e.Advance), (Value(list[id].QuerySelector("td.debt")), Value(list[id].QuerySelector("td.advance"))));
        }
        Assert.Equal(1000m, Value(list[wonOverpaid].QuerySelector("td.paid")));
        Assert.Equal(5000m, Value(list[lostNoDocs].QuerySelector("td.amount")));
        Assert.Equal(new[] { openShipped, wonNoDocs, lostShipped }.Order(), Rows(await c1.PageAsync($"/deals?Q={t}&HasDebt=true")).Keys.Order());
        var byDebt = Rows(await c1.PageAsync($"/deals?Q={t}&Sort=debt&Desc=true")).Keys.Take(3).ToArray();
        Assert.Equal(new[] { wonNoDocs, openShipped, lostShipped }, byDebt);

        // Company card, company list and SQL: 500 + 1500 + 300 = 2300; advances 300 + 200.
        var companyCard = await c1.PageAsync($"/clients/{company.Id}");
        var cardTotal = Value(companyCard.QuerySelector("#company-debt strong"));
        Assert.Equal(2300m, cardTotal);
        Assert.Equal(500m, Value(companyCard.QuerySelector("#company-advance strong")));
        foreach (var (id, e) in expected)
        {
            Assert.Equal(e.Debt, Value(companyCard.QuerySelector($"#company-deals tr[data-deal='{id}'] td.debt")));
            Assert.Equal(e.Advance, Value(companyCard.QuerySelector($"#company-deals tr[data-deal='{id}'] td.advance")));
        }
        var listTotal = Value((await c1.PageAsync($"/clients?q={t}")).QuerySelector($"#companies tr[data-id='{company.Id}'] td.debt"));
        Assert.Equal(cardTotal, listTotal);
        Assert.Equal(cardTotal, await SqlDebtAsync(company.Id));
    }

    [Fact]
    public async Task The_migration_sql_recomputes_stored_totals_by_the_same_rule_as_the_app()
    {
        var (m1, c1) = await UserAsync(RoleTemplates.Manager.Permissions);
        var t = CompanyFactory.Token();
        var ids = await IdsAsync(t);
        var company = await app.CreateCompanyAsync(m1, $"{t} client");
        await DealAsync(c1, company.Id, ids, $"{t} open", 1000m, [300m], [(ids.Invoice, 1000m)]);
        await DealAsync(c1, company.Id, ids, $"{t} open shipped", 1000m, [100m], [(ids.Waybill, 600.55m), (ids.Act, 0.1m)]);
        await DealAsync(c1, company.Id, ids, $"{t} won", 2000.01m, [500m], [], DealStatus.Won);
        await DealAsync(c1, company.Id, ids, $"{t} won overpaid", 800m, [1000.25m], [(ids.Upd, 800m)], DealStatus.Won);
        await DealAsync(c1, company.Id, ids, $"{t} lost", 5000m, [], [], DealStatus.Lost);
        await DealAsync(c1, company.Id, ids, $"{t} lost shipped", 3000m, [100m], [(ids.Waybill, 400m)], DealStatus.Lost);
        static (int, decimal, decimal, decimal, decimal, decimal)[] Totals(IEnumerable<Deal> deals) =>
            deals.OrderBy(d => d.Id).Select(d => (d.Id, d.LinesTotal, d.PaidTotal, d.ShippedTotal, d.Debt, d.Advance)).ToArray();
        var byApp = Totals(await app.InDbAsync(db => db.Deals.AsNoTracking().Where(d => d.CompanyId == company.Id).ToListAsync()));
        Assert.Contains(byApp, d => d.Item6 > 0);

        // In a transaction that is rolled back, so no other test sees it: the old stored debt (lines − paid), then the
        // migration's own statements for this provider.
        var byMigration = await app.InDbAsync(async db =>
        {
            var sqlite = db.Database.ProviderName!.Contains("Sqlite", StringComparison.Ordinal);
            await using var tx = await db.Database.BeginTransactionAsync();
            await db.Deals.Where(d => d.CompanyId == company.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.ShippedTotal, 0m).SetProperty(d => d.Advance, 0m).SetProperty(d => d.Debt, 12345m));
            foreach (var sql in WebCrm.Data.Migrations.ReceivableRuleSql.Up(sqlite))
            {
                await db.Database.ExecuteSqlRawAsync(sql);
            }
            var deals = await db.Deals.AsNoTracking().Where(d => d.CompanyId == company.Id).ToListAsync();
            await tx.RollbackAsync();
            return deals;
        });
        Assert.Equal(byApp, Totals(byMigration));
    }

    [Fact]
    public async Task A_payment_on_a_lost_or_won_deal_needs_an_explicit_confirmation()
    {
        var (m1, c1) = await UserAsync(RoleTemplates.Manager.Permissions);
        var t = CompanyFactory.Token();
        var ids = await IdsAsync(t);
        var company = await app.CreateCompanyAsync(m1, $"{t} client");
        var lost = await DealAsync(c1, company.Id, ids, $"{t} lost", 500m, [], [], DealStatus.Lost);
        var won = await DealAsync(c1, company.Id, ids, $"{t} won", 500m, [], [], DealStatus.Won);
        var open = await DealAsync(c1, company.Id, ids, $"{t} open", 500m, [], []);

        Dictionary<string, string> Payment(Guid stamp, bool confirm)
        {
            var fields = new Dictionary<string, string>
            {
                ["Payment.Date"] = "2026-02-10", ["Payment.Amount"] = "120", ["Payment.CurrencyId"] = ids.Rub.ToString(CultureInfo.InvariantCulture),
                ["Payment.ConcurrencyStamp"] = stamp.ToString(),
            };
            if (confirm)
            {
                fields["Payment.ConfirmClosed"] = "true";
            }
            return fields;
        }

        foreach (var (id, word) in new[] { (lost, "lost"), (won, "closed") })
        {
            var card = await c1.PageAsync($"/deals/{id}");
            Assert.NotNull(card.QuerySelector("#Payment_ConfirmClosed"));
            var refused = await c1.PostFormAsync($"/deals/{id}/payments", Payment(await StampAsync(id), confirm: false), $"/deals/{id}");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var page = await CrmClient.ParseAsync(refused);
            Assert.Contains(word, page.QuerySelector("#Payment_ConfirmClosed-error")!.TextContent);
            Assert.Contains("is-invalid", page.QuerySelector("#Payment_ConfirmClosed")!.ClassName);
            Assert.Equal(0, await app.InDbAsync(db => db.Payments.CountAsync(p => p.DealId == id)));

            var accepted = await c1.PostFormAsync($"/deals/{id}/payments", Payment(await StampAsync(id), confirm: true), $"/deals/{id}");
            Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
            Assert.Equal(120m, await app.InDbAsync(db => db.Deals.Where(d => d.Id == id).Select(d => d.PaidTotal).SingleAsync()));
        }
        // The lost deal shipped nothing: the money is an advance. The won one owes the rest of its amount.
        var (lostDebt, lostAdvance) = await app.InDbAsync(db => db.Deals.Where(d => d.Id == lost).Select(d => new ValueTuple<decimal, decimal>(d.Debt, d.Advance)).SingleAsync());
        Assert.Equal((0m, 120m), (lostDebt, lostAdvance));
        Assert.Equal(380m, await app.InDbAsync(db => db.Deals.Where(d => d.Id == won).Select(d => d.Debt).SingleAsync()));

        // An open deal needs no confirmation and offers none.
        Assert.Null((await c1.PageAsync($"/deals/{open}")).QuerySelector("#Payment_ConfirmClosed"));
        Assert.Equal(HttpStatusCode.Redirect, (await c1.PostFormAsync($"/deals/{open}/payments", Payment(await StampAsync(open), confirm: false), $"/deals/{open}")).StatusCode);
    }

    [Fact]
    public async Task Flipping_a_document_types_shipment_flag_recomputes_the_stored_debt_of_its_deals()
    {
        var (m1, c1) = await UserAsync(RoleTemplates.Manager.Permissions);
        // The demo administrator: another user with every right would break the "last administrator" test.
        using var admin = await app.SignedInAsync("admin", "demo-crm-2026");
        var t = CompanyFactory.Token();
        var ids = await IdsAsync(t);
        var company = await app.CreateCompanyAsync(m1, $"{t} client");
        const string List = "/admin/lists/accounting-document-type";

        // A type of its own, so no other test's deals move: added by the administrator, not a shipment at first.
        var name = $"{t} delivery note";
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"{List}/add", new { NameEn = name, NameRu = $"{t} накладная" }, List)).StatusCode);
        var type = await app.InDbAsync(db => db.ReferenceItems.Where(r => r.NameEn == name).Select(r => r.Id).SingleAsync());
        var listPage = await admin.PageAsync(List);
        Assert.Equal("false", listPage.QuerySelector($"tr[data-id='{type}'] td.shipment")!.GetAttribute("data-value"));
        Assert.Equal("true", listPage.QuerySelector($"tr[data-id='{ids.Waybill}'] td.shipment")!.GetAttribute("data-value"));
        Assert.Equal("false", listPage.QuerySelector($"tr[data-id='{ids.Invoice}'] td.shipment")!.GetAttribute("data-value"));
        // A type can also be added as a shipment straight away.
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"{List}/add",
            new Dictionary<string, string> { ["NameEn"] = $"{t} transfer act", ["NameRu"] = $"{t} акт передачи", ["CountsAsShipment"] = "true" }, List)).StatusCode);
        Assert.True(await app.InDbAsync(db => db.ReferenceItems.Where(r => r.NameEn == $"{t} transfer act").Select(r => r.CountsAsShipment).SingleAsync()));

        var open = await DealAsync(c1, company.Id, ids, $"{t} open", 1000m, [250m], [(type, 700m)]);
        var other = await DealAsync(c1, company.Id, ids, $"{t} other", 1000m, [], [(ids.Waybill, 100m)]);
        Assert.Equal(0m, Value((await c1.PageAsync($"/deals/{open}")).QuerySelector("#debt")));
        var otherStamp = await StampAsync(other);

        async Task FlipAsync(bool on)
        {
            var form = await admin.PageAsync($"{List}/{type}");
            Assert.NotNull(form.QuerySelector("#CountsAsShipment"));
            var fields = new Dictionary<string, string>
            {
                ["NameEn"] = name, ["NameRu"] = $"{t} накладная", ["Stamp"] = form.QuerySelector("input[name=Stamp]")!.GetAttribute("value")!,
            };
            if (on)
            {
                fields["CountsAsShipment"] = "true";
            }
            Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"{List}/{type}", fields, $"{List}/{type}")).StatusCode);
        }

        await FlipAsync(on: true);
        Assert.True(await app.InDbAsync(db => db.ReferenceItems.Where(r => r.Id == type).Select(r => r.CountsAsShipment).SingleAsync()));
        Assert.Equal(450m, await app.InDbAsync(db => db.Deals.Where(d => d.Id == open).Select(d => d.Debt).SingleAsync()));
        Assert.Equal(450m, Value((await c1.PageAsync($"/deals/{open}")).QuerySelector("#debt")));
        Assert.Contains(open, Rows(await c1.PageAsync($"/deals?Q={t}&HasDebt=true")).Keys);
        Assert.Equal(550m, Value((await c1.PageAsync($"/clients/{company.Id}")).QuerySelector("#company-debt strong")));
        Assert.Equal(550m, await SqlDebtAsync(company.Id));
        // A deal without a document of that type was not touched.
        Assert.Equal(otherStamp, await StampAsync(other));

        await FlipAsync(on: false);
        Assert.Equal((0m, 250m), await app.InDbAsync(db => db.Deals.Where(d => d.Id == open).Select(d => new ValueTuple<decimal, decimal>(d.Debt, d.Advance)).SingleAsync()));
        Assert.Equal(100m, await SqlDebtAsync(company.Id));
        Assert.Equal(100m, Value((await c1.PageAsync($"/clients/{company.Id}")).QuerySelector("#company-debt strong")));
    }
}

public sealed class ReceivableTestsSqlite(SqliteApp app) : ReceivableTests(app);
public sealed class ReceivableTestsPostgreSql(PostgreSqlApp app) : ReceivableTests(app);
