using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Data.Auditing;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;
using WebCrm.Web.Features.Shared;

namespace WebCrm.FunctionalTests.Foundation;

/// <summary>
/// The reference cache (<see cref="ReferenceCache"/>) on two app instances sharing one database: a renamed reference
/// value shows at once on the instance that renamed it, and on the other one no later than the cache's lifetime after
/// the rename (here 2 s; 10 s by default).
/// </summary>
public abstract class ReferenceCacheTests(TwoInstances apps)
{
    [Fact]
    public async Task A_renamed_value_shows_at_once_here_and_within_the_lifetime_on_another_instance()
    {
        var first = apps.First;
        var second = apps.Second;
        var t = CompanyFactory.Token();
        var (managerId, managerName) = await first.CreateUserAsync(RoleTemplates.Manager.Permissions);
        var regionId = await first.InDbAsync(async db =>
        {
            var region = new ReferenceItem { Kind = ReferenceListKind.Region, NameEn = $"{t} old", NameRu = $"{t} старое", SortOrder = 900 };
            db.ReferenceItems.Add(region);
            await db.SaveChangesAsync();
            return region.Id;
        });
        var createdAt = Stopwatch.GetTimestamp();
        var company = await first.CreateCompanyAsync(managerId, $"{t} client", c => c.RegionId = regionId);
        var card = $"/clients/{company.Id}";
        using var here = await first.SignedInAsync(managerName);
        using var there = await second.SignedInAsync(managerName);
        // Both instances have read (and cached) the old name: this one at once (it wrote the region), the other one
        // within the lifetime, as its copy may have been loaded (by an earlier test) before the region existed.
        Assert.Contains($"{t} old", await TextAsync(here, card));
        await WithinLifetimeAsync(createdAt, async () => (await TextAsync(there, card)).Contains($"{t} old"),
            "the other instance does not show the new region");

        using var admin = await first.SignedInAsync("admin", "demo-crm-2026");
        var form = await admin.PageAsync($"/admin/lists/region/{regionId}");
        var stamp = form.QuerySelector("input[name=Stamp]")!.GetAttribute("value")!;
        var renamed = await admin.PostFormAsync($"/admin/lists/region/{regionId}", new { NameEn = $"{t} new", NameRu = $"{t} новое", Stamp = stamp });
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        var renamedAt = Stopwatch.GetTimestamp();

        // The instance that saved it dropped its copy: the very next page shows the new name.
        var now = await TextAsync(here, card);
        Assert.Contains($"{t} new", now);
        Assert.DoesNotContain($"{t} old", now);
        // The list names the region from the same copy: the new name there too.
        var list = await TextAsync(here, $"/clients?q={t}");
        Assert.Contains($"{t} new", list);
        Assert.DoesNotContain($"{t} old", list);

        // The other one may show the old name until its copy expires; every page started after the lifetime shows the new one.
        await WithinLifetimeAsync(renamedAt, async () =>
        {
            var page = await TextAsync(there, card);
            return page.Contains($"{t} new") && !page.Contains($"{t} old");
        }, "the other instance still shows the old name");
    }

    [Fact]
    public async Task A_saved_filter_is_offered_at_once_here_and_within_the_lifetime_on_another_instance()
    {
        var first = apps.First;
        var second = apps.Second;
        var t = CompanyFactory.Token();
        var (_, managerName) = await first.CreateUserAsync(RoleTemplates.Manager.Permissions);
        using var here = await first.SignedInAsync(managerName);
        using var there = await second.SignedInAsync(managerName);
        // Both instances have read (and cached) the saved filters before this one exists.
        Assert.DoesNotContain($"{t} mine", await OptionsAsync(here));
        Assert.DoesNotContain($"{t} mine", await OptionsAsync(there));

        var searched = $"/clients?q={t}";
        var action = (await here.PageAsync(searched)).QuerySelector("form[action^='/clients/filters?']")!.GetAttribute("action")!;
        var saved = await here.PostFormAsync(action, new { filterName = $"{t} mine" }, searched);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var savedAt = Stopwatch.GetTimestamp();
        Assert.Contains($"{t} mine", await OptionsAsync(here));

        await WithinLifetimeAsync(savedAt, async () => (await OptionsAsync(there)).Contains($"{t} mine"),
            "the other instance does not offer the filter");
    }

    private static Task WithinLifetimeAsync(long since, Func<Task<bool>> holds, string failure) =>
        TwoInstances.WithinAsync(since, TwoInstances.Lifetime, holds, failure);

    [Fact]
    public async Task The_deal_list_and_its_export_name_a_renamed_stage_at_once_on_the_instance_that_renamed_it()
    {
        var first = apps.First;
        var t = CompanyFactory.Token();
        var (managerId, managerName) = await first.CreateUserAsync(RoleTemplates.Manager.Permissions);
        var stageId = await first.InDbAsync(async db =>
        {
            var stage = new ReferenceItem { Kind = ReferenceListKind.DealStage, NameEn = $"{t} stage old", NameRu = $"{t} этап старый", SortOrder = 900 };
            db.ReferenceItems.Add(stage);
            await db.SaveChangesAsync();
            return stage.Id;
        });
        var company = await first.CreateCompanyAsync(managerId, $"{t} client");
        await first.InDbAsync(async db =>
        {
            var rub = await db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync();
            db.Deals.Add(new WebCrm.Domain.Deals.Deal
            {
                CompanyId = company.Id, ResponsibleId = managerId, Title = $"{t} deal", StartDate = new DateOnly(2026, 1, 1), CurrencyId = rub,
                Stages = [new WebCrm.Domain.Deals.DealStage { StageId = stageId, ResponsibleId = managerId }], CurrentStageId = stageId,
            });
            return await db.SaveChangesAsync();
        });
        var deals = $"/deals?q={t}";
        using var manager = await first.SignedInAsync(managerName);
        using var admin = await first.SignedInAsync("admin", "demo-crm-2026");
        Assert.Contains($"{t} stage old", await TextAsync(manager, deals));

        var form = await admin.PageAsync($"/admin/lists/deal-stage/{stageId}");
        var stamp = form.QuerySelector("input[name=Stamp]")!.GetAttribute("value")!;
        var renamed = await admin.PostFormAsync($"/admin/lists/deal-stage/{stageId}", new { NameEn = $"{t} stage new", NameRu = $"{t} этап новый", Stamp = stamp });
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);

        var list = await TextAsync(manager, deals);
        Assert.Contains($"{t} stage new", list);
        Assert.DoesNotContain($"{t} stage old", list);
        var csv = await (await admin.GetAsync($"/deals/export?q={t}")).Content.ReadAsStringAsync();
        Assert.Contains($"{t} stage new", csv);
        Assert.Contains($"Test {managerName}", csv); // the responsible by his display name
        Assert.DoesNotContain($"{t} stage old", csv);
    }

    private static async Task<List<string>> OptionsAsync(CrmClient client) =>
        (await client.PageAsync("/clients")).QuerySelectorAll("#saved option").Select(o => o.TextContent.Trim()).ToList();

    private static async Task<string> TextAsync(CrmClient client, string url) => (await client.PageAsync(url)).Body!.TextContent;
}

/// <summary>Two app instances on one database (the second one starts on the first one's database), each with a
/// reference-cache lifetime of <see cref="Lifetime"/>; a fixture for other caches adds its settings per instance
/// (<see cref="ConfigureFirst"/>, <see cref="ConfigureSecond"/>).</summary>
public abstract class TwoInstances : IAsyncDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);

    public abstract CrmApp First { get; }

    private CrmApp? _second;

    public CrmApp Second => _second ??= new Instance(this, ProviderName, Connection);

    protected abstract string ProviderName { get; }
    protected abstract string Connection { get; }

    public virtual async ValueTask DisposeAsync()
    {
        if (_second is not null)
        {
            await _second.DisposeAsync();
        }
        await First.DisposeAsync();
    }

    protected internal virtual void ConfigureFirst(IWebHostBuilder builder) => builder.UseSetting(ReferenceCache.LifetimeKey, Lifetime.ToString());

    protected internal virtual void ConfigureSecond(IWebHostBuilder builder) => builder.UseSetting(ReferenceCache.LifetimeKey, Lifetime.ToString());

    /// <summary>A save through a context of the test's own on the instances' database: seen by neither instance's interceptors.</summary>
    public async Task BehindTheAppsAsync(Func<CrmDbContext, Task> action)
    {
        CrmDbContext db;
        if (ProviderName == "PostgreSQL")
        {
            var options = new DbContextOptionsBuilder<PostgreSqlCrmDbContext>();
            DbContextOptionsSetup.UsePostgreSql(options, Connection);
            db = new PostgreSqlCrmDbContext(options.Options, SystemUser.Instance, TimeProvider.System);
        }
        else
        {
            var options = new DbContextOptionsBuilder<SqliteCrmDbContext>();
            DbContextOptionsSetup.UseSqlite(options, Connection);
            db = new SqliteCrmDbContext(options.Options, SystemUser.Instance, TimeProvider.System);
        }
        await using (db)
        {
            await action(db);
        }
    }

    /// <summary>
    /// Checks until <paramref name="holds"/>; a check started more than <paramref name="lifetime"/> after
    /// <paramref name="since"/> must hold (earlier ones may see a copy loaded before the change).
    /// </summary>
    public static async Task WithinAsync(long since, TimeSpan lifetime, Func<Task<bool>> holds, string failure)
    {
        while (true)
        {
            var startedAfter = Stopwatch.GetElapsedTime(since);
            if (await holds())
            {
                return;
            }
            Assert.True(startedAfter <= lifetime,
                $"{startedAfter.TotalSeconds:0.0} s after the change {failure} (lifetime {lifetime.TotalSeconds} s)");
            await Task.Delay(200);
        }
    }

    private sealed class Instance(TwoInstances owner, string provider, string connection) : CrmApp
    {
        protected override string Provider => provider;
        protected override string ConnectionString => connection;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            owner.ConfigureSecond(builder);
        }
    }
}

public class TwoSqliteInstances : TwoInstances
{
    private readonly FirstApp _first;

    public TwoSqliteInstances() => _first = new FirstApp(this);

    public override CrmApp First => _first;
    protected override string ProviderName => "Sqlite";
    protected override string Connection => _first.Connection;

    private sealed class FirstApp(TwoInstances owner) : SqliteApp
    {
        public string Connection => ConnectionString;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            owner.ConfigureFirst(builder);
        }
    }
}

public class TwoPostgreSqlInstances : TwoInstances
{
    private readonly FirstApp _first;

    public TwoPostgreSqlInstances() => _first = new FirstApp(this);

    public override CrmApp First => _first;
    protected override string ProviderName => "PostgreSQL";
    protected override string Connection => _first.Connection;

    private sealed class FirstApp(TwoInstances owner) : PostgreSqlApp
    {
        public string Connection => ConnectionString;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            owner.ConfigureFirst(builder);
        }
    }
}

public sealed class ReferenceCacheTestsSqlite(TwoSqliteInstances apps) : ReferenceCacheTests(apps), IClassFixture<TwoSqliteInstances>;
public sealed class ReferenceCacheTestsPostgreSql(TwoPostgreSqlInstances apps) : ReferenceCacheTests(apps), IClassFixture<TwoPostgreSqlInstances>;
