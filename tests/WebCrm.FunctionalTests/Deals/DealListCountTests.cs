using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;
using WebCrm.Web.Features.Deals;

namespace WebCrm.FunctionalTests.Deals;

public abstract class DealListCountTests(CrmApp app)
{
    [Fact]
    public async Task A_long_list_says_more_than_the_cap_and_still_pages_past_it()
    {
        var (me, name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        using var client = await app.SignedInAsync(name);
        var company = await app.CreateCompanyAsync(me, $"{CompanyFactory.Token()} big client");
        var count = DealListQuery.CountCap + DealListQuery.PageSize + 7;
        await app.InDbAsync(async db =>
        {
            var rub = await db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.Deals.AddRange(Enumerable.Range(0, count).Select(i => new Deal
            {
                CompanyId = company.Id, ResponsibleId = me, Title = $"deal {i:D5}", StartDate = new DateOnly(2026, 1, 1), CurrencyId = rub,
            }));
            return await db.SaveChangesAsync();
        });

        var first = await client.PageAsync("/deals");
        Assert.Contains($"more than {DealListQuery.CountCap}", first.QuerySelector("#total")!.TextContent);
        Assert.Equal(DealListQuery.PageSize, first.QuerySelectorAll("#deals tbody tr[data-id]").Length);

        var lastFullPage = (DealListQuery.CountCap + DealListQuery.PageSize) / DealListQuery.PageSize;
        var beyond = await client.PageAsync($"/deals?page={lastFullPage}");
        Assert.Equal(DealListQuery.PageSize, beyond.QuerySelectorAll("#deals tbody tr[data-id]").Length);
        // The pager offers the page after it, which holds the rest.
        Assert.NotNull(beyond.QuerySelector($".pagination a[href*='Page={lastFullPage + 1}']"));
        var rest = await client.PageAsync($"/deals?page={lastFullPage + 1}");
        Assert.Equal(count - lastFullPage * DealListQuery.PageSize, rest.QuerySelectorAll("#deals tbody tr[data-id]").Length);

        // Below the cap the count is exact.
        var filtered = await client.PageAsync("/deals?q=" + Uri.EscapeDataString("deal 0000"));
        Assert.Contains("10 found", filtered.QuerySelector("#total")!.TextContent);
    }

    [Fact]
    public async Task A_manager_lists_and_counts_his_deals_his_companies_deals_and_his_stages_deals_and_no_others()
    {
        var (me, name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        var (other, _) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        using var client = await app.SignedInAsync(name);
        var t = CompanyFactory.Token();
        var mine = await app.CreateCompanyAsync(me, $"{t} mine");
        var theirs = await app.CreateCompanyAsync(other, $"{t} theirs");
        var expected = await app.InDbAsync(async db =>
        {
            var rub = await db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync();
            var stages = await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.DealStage && r.IsActive).OrderBy(r => r.SortOrder).Select(r => r.Id).ToListAsync();
            Deal New(string title, int companyId, string responsible, string? stageResponsible = null) => new()
            {
                CompanyId = companyId, ResponsibleId = responsible, Title = $"{t} {title}", StartDate = new DateOnly(2026, 3, title.Length), CurrencyId = rub,
                Stages = stages.Select((s, i) => new DealStage { StageId = s, ResponsibleId = i == 1 && stageResponsible is not null ? stageResponsible : responsible }).ToList(),
            };
            var visible = new[]
            {
                New("own", theirs.Id, me), New("own two", theirs.Id, me),
                New("company", mine.Id, other), New("company two", mine.Id, other),
                New("stage", theirs.Id, other, me), New("stage two", theirs.Id, other, me),
            };
            db.Deals.AddRange(visible);
            db.Deals.AddRange(New("hidden", theirs.Id, other), New("hidden two", theirs.Id, other));
            await db.SaveChangesAsync();
            return visible.Select(d => d.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order().ToArray();
        });
        // Each sort walks another index; every one lists the same deals, and the count (below the cap) is exact.
        foreach (var sort in new[] { "", "&Sort=start&Desc=true", "&Sort=title", "&Sort=amount&Desc=true", "&Status=Open" })
        {
            var page = await client.PageAsync($"/deals?Q={Uri.EscapeDataString(t)}{sort}");
            Assert.Equal(expected, page.QuerySelectorAll("#deals tbody tr[data-id]").Select(r => r.GetAttribute("data-id")!).Order().ToArray());
            Assert.Contains("6 found", page.QuerySelector("#total")!.TextContent);
        }
    }
}

public sealed class DealListCountTestsSqlite(SqliteApp app) : DealListCountTests(app);
public sealed class DealListCountTestsPostgreSql(PostgreSqlApp app) : DealListCountTests(app);
