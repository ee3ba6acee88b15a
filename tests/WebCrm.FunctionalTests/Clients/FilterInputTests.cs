using System.Net;
using System.Text;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;
using Cond = WebCrm.FunctionalTests.Clients.CompanyFilterGroupTests.Cond;

namespace WebCrm.FunctionalTests.Clients;

/// <summary>Bad filter input gives a message next to the condition or a 400, never a 500; the builder works without JavaScript.</summary>
public abstract class FilterInputTests(CrmApp app)
{
    private static string[] Names(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("#companies tbody tr[data-id] td:first-child").Select(td => td.TextContent.Trim()).Order().ToArray();

    private async Task<(string Token, CrmClient Client)> OneCompanyAsync()
    {
        var (me, name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        var t = CompanyFactory.Token();
        await app.CreateCompanyAsync(me, $"{t} only", c => c.City = "Омск");
        return (t, await app.SignedInAsync(name));
    }

    [Fact]
    public async Task A_condition_that_cannot_be_read_is_named_next_to_it_and_left_out()
    {
        var (t, client) = await OneCompanyAsync();
        var cases = new (Cond Bad, string Message)[]
        {
            (new("nosuchfield", "Equals", ["x"]), "no such field"),
            (new("city", "Drop", ["x"]), "Choose a condition"),
            (new("debt", "Greater", ["много"]), "\"много\" is not a number"),
            (new("contactBirthMonth", "Equals", ["13"]), "cannot be read"),
            (new("contactBirthday", "Less", ["31.02.2026"]), "cannot be read"),
            (new("openDeals", "Equals", ["maybe"]), "cannot be read"),
            (new("city", "Contains", [new string('я', 201)]), "too long"),
            (new("city", "Equals", []), "Enter a value"),
        };
        foreach (var (bad, message) in cases)
        {
            // The bad condition sits in an OR group beside a good one; the good one still applies.
            var url = CompanyFilterGroupTests.Url(t, [new("city", "Equals", ["Омск"]), bad], ["or"]);
            var page = await client.PageAsync(url);
            Assert.Equal([$"{t} only"], Names(page));
            Assert.NotNull(page.QuerySelector(".alert-warning"));
            Assert.Contains(message, page.QuerySelector("#c1-error")?.TextContent ?? "", StringComparison.OrdinalIgnoreCase);
            Assert.Null(page.QuerySelector("#c0-error"));
        }
        // Unreadable group numbers and joins fall back to the first group and AND.
        Assert.Equal([$"{t} only"], Names(await client.PageAsync($"/clients?q={t}&c[0].f=city&c[0].o=Equals&c[0].v=Омск&c[0].g=abc&g[0]=xor&j=%00")));
    }

    [Fact]
    public async Task Too_many_conditions_or_groups_are_a_400_with_a_message_and_nothing_listed()
    {
        var (t, client) = await OneCompanyAsync();
        foreach (var url in new[]
                 {
                     CompanyFilterGroupTests.Url(t, Enumerable.Range(0, 51).Select(_ => new Cond("city", "Contains", ["о"])).ToArray()),
                     CompanyFilterGroupTests.Url(t, Enumerable.Range(0, 12).Select(g => new Cond("city", "Contains", ["о"], g)).ToArray()),
                     CompanyFilterGroupTests.Url(t, Enumerable.Range(0, 51).Select(_ => new Cond("city", "Contains", ["о"])).ToArray(), path: "/deals"),
                 })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var page = await CrmClient.ParseAsync(response);
            Assert.NotNull(page.QuerySelector("#filter-too-large"));
            Assert.Empty(page.QuerySelectorAll("tbody tr[data-id]"));
        }
        // More conditions than model binding takes (2,048) is a 400 too, never a 500.
        var flood = new StringBuilder($"/clients?q={t}");
        for (var i = 0; i < 2100; i++)
        {
            flood.Append($"&c[{i}].f=city&c[{i}].o=Contains&c[{i}].v=o");
        }
        foreach (var path in new[] { "/clients", "/deals", "/clients/filter-builder", "/clients/export" })
        {
            var flooded = await client.GetAsync(path + flood.ToString()["/clients".Length..]);
            Assert.Equal(HttpStatusCode.BadRequest, flooded.StatusCode);
            Assert.Contains("too large", await flooded.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task The_builder_adds_and_removes_conditions_and_groups_without_javascript()
    {
        var (t, client) = await OneCompanyAsync();
        var start = await client.PageAsync($"/clients?q={t}&fb=add-0");
        Assert.Single(start.QuerySelectorAll("#filter-builder .filter-condition"));
        Assert.NotNull(start.QuerySelector("select[name='c[0].f']"));
        // Choosing a field and pressing "add group" keeps the condition, offers its operators and opens group 2.
        var two = await client.PageAsync($"/clients?q={t}&c[0].f=city&c[0].o=Equals&c[0].v=Омск&c[0].g=0&fb=group");
        Assert.Equal(2, two.QuerySelectorAll("#filter-builder .filter-group").Length);
        Assert.NotNull(two.QuerySelector("select[name='c[0].o'] option[value=NotEquals]"));
        Assert.NotNull(two.QuerySelector("select[name='c[1].f']"));
        Assert.NotNull(two.QuerySelector("#fb-j"));
        Assert.Equal([$"{t} only"], Names(two));
        // Removing the first condition leaves the second; removing group 2 leaves one group.
        var removed = await client.PageAsync($"/clients?q={t}&c[0].f=city&c[0].o=Equals&c[0].v=Омск&c[0].g=0&c[1].g=1&g[0]=and&g[1]=or&fb=delgroup-1");
        Assert.Single(removed.QuerySelectorAll("#filter-builder .filter-group"));
        Assert.Equal("Омск", removed.QuerySelector("input[name='c[0].v']")!.GetAttribute("value"));
        // Every control of the builder has a label.
        foreach (var control in removed.QuerySelectorAll("#filter-builder select, #filter-builder input:not([type=hidden])"))
        {
            Assert.NotNull(removed.QuerySelector($"label[for='{control.Id}']"));
        }
        // The in-place (htmx) answer is the builder alone.
        var partial = await client.GetAsync($"/clients/filter-builder?c[0].f=contactBirthMonth&c[0].o=Equals&fb=add-0");
        Assert.Equal(HttpStatusCode.OK, partial.StatusCode);
        var html = await partial.Content.ReadAsStringAsync();
        Assert.StartsWith("<div id=\"filter-builder\"", html.TrimStart());
        Assert.Contains("name=\"c[1].f\"", html);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/clients/filter-builder?c[0].f=nosuch&c[0].o=x&fb=del-abc&g[99]=or")).StatusCode);
    }
}

public sealed class FilterInputTestsSqlite(SqliteApp app) : FilterInputTests(app);
public sealed class FilterInputTestsPostgreSql(PostgreSqlApp app) : FilterInputTests(app);
