using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;
using WebCrm.Web.Features.Shared;

namespace WebCrm.FunctionalTests.Foundation;

/// <summary>
/// The lists' kept counts (<see cref="ListCounts"/>): a count is kept for the same user and filter (a company added
/// behind the app's back is listed at once but not yet counted), any save through the app makes it old at once on that
/// instance, and another instance sharing the database counts the change within its lifetime. The first instance keeps
/// counts for <see cref="ListCountInstances.LongLifetime"/> (so the kept count is seen however slow the machine), the
/// second for <see cref="ListCountInstances.ShortLifetime"/>.
/// </summary>
public abstract class ListCountTests(TwoInstances apps)
{
    private static int Found(AngleSharp.Html.Dom.IHtmlDocument page) =>
        int.Parse(new string(page.QuerySelector("#total")!.TextContent.Where(char.IsDigit).ToArray()), System.Globalization.CultureInfo.InvariantCulture);

    private static int Rows(AngleSharp.Html.Dom.IHtmlDocument page, string table) => page.QuerySelectorAll($"#{table} tbody tr[data-id], #{table} tbody tr[data-deal]").Length;

    [Fact]
    public async Task A_company_count_is_kept_made_old_by_a_save_here_and_renewed_within_the_lifetime_on_another_instance()
    {
        var t = CompanyFactory.Token();
        var (managerId, managerName) = await apps.First.CreateUserAsync(RoleTemplates.Manager.Permissions);
        for (var i = 0; i < 3; i++)
        {
            await apps.First.CreateCompanyAsync(managerId, $"{t} client {i}");
        }
        var list = $"/clients?q={t}";
        using var here = await apps.First.SignedInAsync(managerName);
        using var there = await apps.Second.SignedInAsync(managerName);
        Assert.Equal(3, Found(await here.PageAsync(list)));
        Assert.Equal(3, Found(await there.PageAsync(list)));

        // Written past the app: the rows are read afresh, the kept count is not.
        await apps.BehindTheAppsAsync(async db =>
        {
            db.Companies.Add(new Company { Name = $"{t} client 3", ResponsibleId = managerId });
            await db.SaveChangesAsync();
        });
        var page = await here.PageAsync(list);
        Assert.Equal(4, Rows(page, "companies"));
        Assert.Equal(3, Found(page));
        // Another page size or page is the same count; another search, or leaving the best-match order, a count of its own.
        Assert.Equal(3, Found(await here.PageAsync($"{list}&size=25")));
        Assert.Equal(3, Found(await here.PageAsync($"{list}&size=25&page=2")));
        Assert.Equal(4, Found(await here.PageAsync($"{list}&sort=city")));
        Assert.Equal(1, Found(await here.PageAsync($"/clients?q={Uri.EscapeDataString($"{t} client 3")}")));

        // A save through this instance: the next page counts again.
        var savedAt = Stopwatch.GetTimestamp();
        var created = await here.PostFormAsync("/clients/new", new Dictionary<string, string> { ["Name"] = $"{t} client 4" }, "/clients/new");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        page = await here.PageAsync(list);
        Assert.Equal(5, Rows(page, "companies"));
        Assert.Equal(5, Found(page));
        await TwoInstances.WithinAsync(savedAt, ListCountInstances.ShortLifetime, async () => Found(await there.PageAsync(list)) == 5,
            "the other instance does not count the new company");
    }

    [Fact]
    public async Task A_deal_count_is_kept_per_user_and_made_old_by_a_save_here()
    {
        var t = CompanyFactory.Token();
        var (managerId, managerName) = await apps.First.CreateUserAsync(RoleTemplates.Manager.Permissions);
        var (_, otherName) = await apps.First.CreateUserAsync(RoleTemplates.Manager.Permissions);
        var company = await apps.First.CreateCompanyAsync(managerId, $"{t} client");
        async Task AddDealAsync(CrmDbContext db, int n)
        {
            var rub = await db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync();
            db.Deals.Add(new Deal { CompanyId = company.Id, ResponsibleId = managerId, Title = $"{t} deal {n}", StartDate = new DateOnly(2026, 1, n), CurrencyId = rub });
            await db.SaveChangesAsync();
        }
        await apps.First.InDbAsync(async db => { await AddDealAsync(db, 1); await AddDealAsync(db, 2); return 0; });
        var list = $"/deals?q={t}";
        using var manager = await apps.First.SignedInAsync(managerName);
        using var other = await apps.First.SignedInAsync(otherName);
        Assert.Equal(2, Found(await manager.PageAsync(list)));
        Assert.Equal(0, Found(await other.PageAsync(list)));

        await apps.BehindTheAppsAsync(db => AddDealAsync(db, 3));
        var page = await manager.PageAsync(list);
        Assert.Equal(3, Rows(page, "deals"));
        Assert.Equal(2, Found(page));

        // Any save through the app (here one that has nothing to do with deals) makes every kept count old.
        await apps.First.InDbAsync(async db =>
        {
            db.Companies.Add(new Company { Name = $"{t} unrelated", ResponsibleId = managerId });
            return await db.SaveChangesAsync();
        });
        Assert.Equal(3, Found(await manager.PageAsync(list)));
        Assert.Equal(0, Found(await other.PageAsync(list)));
    }
}

/// <summary>How long each of the two instances keeps list counts.</summary>
public static class ListCountInstances
{
    public static readonly TimeSpan LongLifetime = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan ShortLifetime = TimeSpan.FromSeconds(2);

    internal static void Keep(IWebHostBuilder builder, TimeSpan lifetime) => builder.UseSetting(ListCounts.LifetimeKey, lifetime.ToString());
}

public sealed class ListCountSqliteInstances : TwoSqliteInstances
{
    protected internal override void ConfigureFirst(IWebHostBuilder builder)
    {
        base.ConfigureFirst(builder);
        ListCountInstances.Keep(builder, ListCountInstances.LongLifetime);
    }

    protected internal override void ConfigureSecond(IWebHostBuilder builder)
    {
        base.ConfigureSecond(builder);
        ListCountInstances.Keep(builder, ListCountInstances.ShortLifetime);
    }
}

public sealed class ListCountPostgreSqlInstances : TwoPostgreSqlInstances
{
    protected internal override void ConfigureFirst(IWebHostBuilder builder)
    {
        base.ConfigureFirst(builder);
        ListCountInstances.Keep(builder, ListCountInstances.LongLifetime);
    }

    protected internal override void ConfigureSecond(IWebHostBuilder builder)
    {
        base.ConfigureSecond(builder);
        ListCountInstances.Keep(builder, ListCountInstances.ShortLifetime);
    }
}

public sealed class ListCountTestsSqlite(ListCountSqliteInstances apps) : ListCountTests(apps), IClassFixture<ListCountSqliteInstances>;
public sealed class ListCountTestsPostgreSql(ListCountPostgreSqlInstances apps) : ListCountTests(apps), IClassFixture<ListCountPostgreSqlInstances>;
