using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Reference;
using WebCrm.FunctionalTests.Infrastructure;
using WebCrm.Web.Features.Administration.ReferenceLists;
using WebCrm.Web.Features.Shared;

namespace WebCrm.FunctionalTests.ReferenceLists;

public abstract class CurrencyListTests(CrmApp app) : ReferenceListTestBase(app)
{
    private async Task<string> FreeCodeAsync()
    {
        while (true)
        {
            var code = new string(Enumerable.Range(0, 3).Select(_ => (char)('A' + Random.Shared.Next(26))).ToArray());
            if (!await DbAsync(db => db.Currencies.AnyAsync(c => c.Code == code)))
            {
                return code;
            }
        }
    }

    private static object Form(string code, string en, string ru, string minor = "2", string active = "true", string? stamp = null) =>
        stamp is null
            ? new { Code = code, NameEn = en, NameRu = ru, Symbol = "¤", MinorUnits = minor, IsActive = active }
            : new { Code = code, NameEn = en, NameRu = ru, Symbol = "¤", MinorUnits = minor, IsActive = active, Stamp = stamp };

    [Fact]
    public async Task A_currency_is_added_edited_deactivated_and_the_lookup_follows()
    {
        using var admin = await AdminAsync();
        var code = await FreeCodeAsync();
        var name = Unique("Crowns");
        var added = await admin.PostFormAsync("/admin/lists/currencies/new", Form(code, name, "Кроны " + name, "0"));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var id = await DbAsync(db => db.Currencies.Where(c => c.Code == code).Select(c => c.Id).SingleAsync());
        Assert.Contains(new CurrencyOption(id, code, name, "¤", 0), await LookupAsync(l => l.CurrenciesAsync()));
        Assert.Contains(new CurrencyOption(id, code, "Кроны " + name, "¤", 0), await LookupAsync(l => l.CurrenciesAsync(), "ru"));
        Assert.NotNull((await admin.PageAsync("/admin/lists/currencies")).QuerySelector($"#currencies tr[data-code={code}]"));

        var newCode = await FreeCodeAsync();
        var stamp = (await admin.PageAsync($"/admin/lists/currencies/{id}")).QuerySelector("input[name=Stamp]")!.GetAttribute("value")!;
        var edited = await admin.PostFormAsync($"/admin/lists/currencies/{id}", Form(newCode, name + " 2", "Кроны 2", "3", "false", stamp));
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        var stored = await DbAsync(db => db.Currencies.AsNoTracking().SingleAsync(c => c.Id == id));
        Assert.Equal((newCode, name + " 2", "Кроны 2", 3, false), (stored.Code, stored.NameEn, stored.NameRu, stored.MinorUnits, stored.IsActive));
        Assert.DoesNotContain(await LookupAsync(l => l.CurrenciesAsync()), c => c.Id == id);
        Assert.Contains(await LookupAsync(l => l.CurrenciesAsync(includeId: id)), c => c.Id == id);
        var history = (await admin.PageAsync($"/admin/lists/currencies/{id}")).QuerySelector("#history")!.TextContent;
        Assert.Contains("Minor units", history);
        Assert.Contains(newCode, history);

        // The stamp of the first edit is stale now.
        var stale = await CrmClient.ParseAsync(await admin.PostFormAsync($"/admin/lists/currencies/{id}", Form(newCode, "Lost", "Потеряно", "2", "true", stamp)));
        Assert.Contains("Someone else changed", stale.QuerySelector("#form-error")!.TextContent);
        Assert.Equal(name + " 2", await DbAsync(db => db.Currencies.Where(c => c.Id == id).Select(c => c.NameEn).SingleAsync()));
    }

    [Fact]
    public async Task Bad_currency_input_gets_messages_next_to_the_fields()
    {
        using var admin = await AdminAsync();
        var name = Unique("Bad");
        foreach (var bad in new[] { "rub", "RU", "RUBL", "R1B", "" })
        {
            var page = await CrmClient.ParseAsync(await admin.PostFormAsync("/admin/lists/currencies/new", Form(bad, name, name)));
            Assert.False(string.IsNullOrEmpty(ErrorFor(page, "Code")), bad);
        }
        var taken = await CrmClient.ParseAsync(await admin.PostFormAsync("/admin/lists/currencies/new", Form("RUB", name, name)));
        Assert.Contains("already has the code RUB", ErrorFor(taken, "Code"));
        var minor = await CrmClient.ParseAsync(await admin.PostFormAsync("/admin/lists/currencies/new", Form(await FreeCodeAsync(), name, name, "7")));
        Assert.Contains("from 0 to 4", ErrorFor(minor, "MinorUnits"));
        var names = await CrmClient.ParseAsync(await admin.PostFormAsync("/admin/lists/currencies/new", Form(await FreeCodeAsync(), "", new string('я', 101))));
        Assert.Contains("Enter the English name", ErrorFor(names, "NameEn"));
        Assert.Contains("At most 100 characters", ErrorFor(names, "NameRu"));
        Assert.False(await DbAsync(db => db.Currencies.AnyAsync(c => c.NameEn == name)));
    }
}

// Each class changes lists every form reads (deal stages, currencies, required custom fields): a database of its own.
public sealed class CurrencyListTestsSqlite(IsolatedSqliteApp app) : CurrencyListTests(app), IClassFixture<IsolatedSqliteApp>;
public sealed class CurrencyListTestsPostgreSql(IsolatedPostgreSqlApp app) : CurrencyListTests(app), IClassFixture<IsolatedPostgreSqlApp>;
