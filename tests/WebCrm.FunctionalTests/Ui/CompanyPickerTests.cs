using System.Net;
using System.Text.Json;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Ui;

/// <summary>
/// The company picker of the deal form: a plain select of visible companies (searchable without JavaScript through
/// "Find", i.e. GET /deals/new?companyQuery=) that tom-select turns into a remote search of /deals/lookup/companies.
/// Both offer only the companies the user may see.
/// </summary>
public abstract class CompanyPickerTests(CrmApp app)
{
    [Fact]
    public async Task Remote_search_and_plain_choice_offer_only_visible_companies()
    {
        var (m1, n1) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        var (m2, _) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        using var c1 = await app.SignedInAsync(n1);
        var t = CompanyFactory.Token();
        var mine = await app.CreateCompanyAsync(m1, $"{t} Альфа", c => c.City = "Тверь");
        var mine2 = await app.CreateCompanyAsync(m1, $"{t} Бета");
        var theirs = await app.CreateCompanyAsync(m2, $"{t} Чужая");

        var response = await c1.GetAsync($"/deals/lookup/companies?q={t}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var found = json.RootElement.EnumerateArray().Select(e => (Id: e.GetProperty("id").GetInt32(), Name: e.GetProperty("name").GetString())).ToList();
        Assert.Equal([(mine.Id, mine.Name), (mine2.Id, mine2.Name)], found);

        var page = await c1.PageAsync($"/deals/new?companyQuery={t}");
        var select = page.QuerySelector("select#CompanyId[name=CompanyId]");
        Assert.NotNull(select);
        Assert.Equal("/deals/lookup/companies", select!.GetAttribute("data-search"));
        var options = select.QuerySelectorAll("option").Where(o => o.GetAttribute("value") != "").Select(o => (o.GetAttribute("value"), o.TextContent)).ToList();
        Assert.Equal([(mine.Id.ToString(), $"{mine.Name} (Тверь)"), (mine2.Id.ToString(), mine2.Name)], options);
        Assert.NotNull(page.QuerySelector("noscript"));

        // Opened from a company card, the company is chosen; a forged id of an invisible company is refused.
        var fromCard = await c1.PageAsync($"/deals/new?companyId={mine2.Id}");
        Assert.Equal(mine2.Id.ToString(), fromCard.QuerySelector("select#CompanyId option[selected]")!.GetAttribute("value"));
        var forged = await c1.PageAsync($"/deals/new?companyId={theirs.Id}&companyQuery={t}");
        Assert.Null(forged.QuerySelector($"select#CompanyId option[value='{theirs.Id}']"));
    }
}

public sealed class CompanyPickerTestsSqlite(SqliteApp app) : CompanyPickerTests(app);
public sealed class CompanyPickerTestsPostgreSql(PostgreSqlApp app) : CompanyPickerTests(app);
