using WebCrm.Domain.Clients;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;
using WebCrm.Web.Features.Clients;
using WebCrm.Web.Features.Shared;

namespace WebCrm.FunctionalTests.Clients;

/// <summary>
/// The company list counts matches up to <see cref="CompanyList.CountCap"/> (an exact count of a million companies
/// on every page was most of the page's cost): above it the list says "more than", and paging still reaches every row.
/// </summary>
public abstract class CompanyListCountTests(CrmApp app)
{
    [Fact]
    public async Task A_long_list_says_more_than_the_cap_and_still_pages_past_it()
    {
        var (me, name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        using var client = await app.SignedInAsync(name);
        var t = CompanyFactory.Token();
        var size = PageSizes.Default;
        var count = CompanyList.CountCap + size + 7;
        await app.InDbAsync(async db =>
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.Companies.AddRange(Enumerable.Range(0, count).Select(i =>
            {
                var c = new Company { Name = $"{t} firm {i:D5}", ResponsibleId = me };
                c.RefreshSearchText();
                return c;
            }));
            return await db.SaveChangesAsync();
        });

        // A manager sees his own companies only: exactly these.
        var first = await client.PageAsync("/clients?sort=name");
        Assert.Contains($"more than {CompanyList.CountCap}", first.QuerySelector("#total")!.TextContent);
        Assert.Equal(size, first.QuerySelectorAll("#companies tbody tr[data-id]").Length);

        var lastFullPage = (CompanyList.CountCap + size) / size;
        var beyond = await client.PageAsync($"/clients?sort=name&page={lastFullPage}");
        var beyondRows = beyond.QuerySelectorAll("#companies tbody tr[data-id]");
        Assert.Equal(size, beyondRows.Length);
        Assert.Contains($"{t} firm {(lastFullPage - 1) * size:D5}", beyondRows[0].TextContent);
        // The pager offers the page after it, which holds the rest.
        Assert.NotNull(beyond.QuerySelector($".pagination a[href*='page={lastFullPage + 1}']"));
        var rest = await client.PageAsync($"/clients?sort=name&page={lastFullPage + 1}");
        Assert.Equal(count - lastFullPage * size, rest.QuerySelectorAll("#companies tbody tr[data-id]").Length);

        // Below the cap the count is exact (firms 00000–00009 match "firm 0000").
        var filtered = await client.PageAsync("/clients?q=" + Uri.EscapeDataString($"{t} firm 0000"));
        Assert.Contains("10 found", filtered.QuerySelector("#total")!.TextContent);
    }
}

public sealed class CompanyListCountTestsSqlite(SqliteApp app) : CompanyListCountTests(app);
public sealed class CompanyListCountTestsPostgreSql(PostgreSqlApp app) : CompanyListCountTests(app);
