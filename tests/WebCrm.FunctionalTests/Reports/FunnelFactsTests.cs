using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;
using WebCrm.Web.Features.Deals;

namespace WebCrm.FunctionalTests.Reports;

/// <summary>
/// The funnel counts and sums what each stage row stores (reached or not, the deal's start date, currency and lines
/// total), which every change of a deal rewrites. Deals are changed here through the card's and the company's own
/// forms in every way that moves the funnel — a stage completed, removed, added, moved, given another responsible; the
/// deal's responsible, source, start date and lines; its company's region; lost with a reason; won; deleted — and after
/// each change the funnel, for the director with no filter and with each filter (manager, source, region, product
/// group) and for a manager, must equal what this test computes from the deals' records as they are stored now (the
/// current stage, "reached" and the visibility rule written out here). Then the stored facts are wiped and rebuilt by
/// the rebuild command's service. Its own app: the test rebuilds every stage row.
/// </summary>
public abstract class FunnelFactsTests(CrmApp app)
{
    private const string Period = "From=2024-01-01&To=2024-12-31";

    private sealed record Row(int StageId, int Reached, decimal Amount, int Lost, decimal? Days);

    private sealed record Refs(int Rub, int Usd, int North, int South, int Web, int Fair, int Licences, int Services, int Licence, int Setup, int Reason);

    private sealed record View(string Name, CrmClient Client, string Query, string? Viewer, Func<Deal, bool> Filter);

    private static string S(int v) => v.ToString(CultureInfo.InvariantCulture);

    private Task<Guid> StampAsync(int id) => app.InDbAsync(db => db.Deals.Where(d => d.Id == id).Select(d => d.ConcurrencyStamp).SingleAsync());

    private async Task PostAsync(CrmClient client, string url, Dictionary<string, string> fields, string from, string step)
    {
        var response = await client.PostFormAsync(url, fields, from);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{step}: {url} answered {response.StatusCode}");
    }

    /// <summary>One of the deal card's forms under the deal's stamp (its fields under <paramref name="prefix"/>).</summary>
    private async Task PartAsync(CrmClient c, int id, string part, string prefix, Dictionary<string, string> fields, string step)
    {
        var all = fields.ToDictionary(f => prefix == "" ? f.Key : $"{prefix}.{f.Key}", f => f.Value);
        all[prefix == "" ? "ConcurrencyStamp" : $"{prefix}.ConcurrencyStamp"] = (await StampAsync(id)).ToString();
        await PostAsync(c, $"/deals/{id}/{part}", all, $"/deals/{id}", step);
    }

    private async Task<int> NewDealAsync(CrmClient c, string title, int companyId, int currencyId, string start, int? sourceId, string responsibleId)
    {
        var fields = new Dictionary<string, string>
        {
            ["Title"] = title, ["CompanyId"] = S(companyId), ["StartDate"] = start, ["CurrencyId"] = S(currencyId),
            ["SourceId"] = sourceId is { } s ? S(s) : "", ["ResponsibleId"] = responsibleId,
        };
        var created = await c.PostFormAsync("/deals/new", fields, "/deals/new");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        return int.Parse(created.Headers.Location!.OriginalString.Split('/').Last(), CultureInfo.InvariantCulture);
    }

    private async Task EditDealAsync(CrmClient c, int id, Action<Dictionary<string, string>> change, string step)
    {
        var d = await app.InDbAsync(db => db.Deals.AsNoTracking().SingleAsync(x => x.Id == id));
        var fields = new Dictionary<string, string>
        {
            ["Title"] = d.Title, ["CompanyId"] = S(d.CompanyId), ["StartDate"] = d.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["CurrencyId"] = S(d.CurrencyId), ["SourceId"] = d.SourceId is { } s ? S(s) : "", ["ResponsibleId"] = d.ResponsibleId,
            ["ConcurrencyStamp"] = d.ConcurrencyStamp.ToString(),
        };
        change(fields);
        await PostAsync(c, $"/deals/{id}/edit", fields, $"/deals/{id}/edit", step);
    }

    /// <summary>The deal's stage rows in the deal's order (position, then the stage list's order).</summary>
    private Task<List<DealStage>> StagesAsync(int id) => app.InDbAsync(async db =>
    {
        var order = await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.DealStage).ToDictionaryAsync(r => r.Id, r => r.SortOrder);
        return (await db.DealStages.AsNoTracking().Where(s => s.DealId == id).ToListAsync())
            .OrderBy(s => s.Position).ThenBy(s => order[s.StageId]).ThenBy(s => s.Id).ToList();
    });

    private static string Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    /// <summary>Saves one stage's row form with the stage as stored but its responsible and completion as given.</summary>
    private async Task EditStageAsync(CrmClient c, int id, DealStage stage, string? responsibleId, DateOnly? completedOn, string step) =>
        await PartAsync(c, id, $"stages/{stage.Id}", "EditStage", new()
        {
            ["Id"] = S(stage.Id), ["ResponsibleId"] = responsibleId ?? "", ["PlannedStart"] = Day(stage.PlannedStart), ["PlannedEnd"] = Day(stage.PlannedEnd),
            ["CompletedOn"] = Day(completedOn), ["Note"] = stage.Note ?? "",
        }, step);

    /// <summary>What the funnel must show, computed here from the stored records of the period's deals.</summary>
    private Task<List<Row>> ExpectedAsync(Refs refs, string? viewer, Func<Deal, bool> filter) => app.InDbAsync(async db =>
    {
        var order = await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.DealStage).ToDictionaryAsync(r => r.Id, r => (r.SortOrder, r.Id));
        var rates = await db.ExchangeRates.AsNoTracking().Where(r => r.CurrencyId == refs.Usd).Select(r => new { r.Date, r.Rate }).ToListAsync();
        decimal Rate(int currency, DateOnly day) => currency == refs.Rub ? 1m : rates.Where(r => r.Date <= day).OrderByDescending(r => r.Date).First().Rate;
        var deals = (await db.Deals.AsNoTracking().Include(d => d.Stages).Include(d => d.Lines).ThenInclude(l => l.Product).Include(d => d.Company)
                .Where(d => d.StartDate >= new DateOnly(2024, 1, 1) && d.StartDate <= new DateOnly(2024, 12, 31)).AsSplitQuery().ToListAsync())
            .Where(d => viewer is null || d.ResponsibleId == viewer || d.Stages.Any(s => s.ResponsibleId == viewer) || d.Company!.ResponsibleId == viewer)
            .Where(filter).ToList();
        int? Current(Deal d) => d.Stages.OrderBy(s => s.Position).ThenBy(s => order[s.StageId]).ThenBy(s => s.Id)
            .Where(s => s.CompletedOn == null).Select(s => (int?)s.StageId).FirstOrDefault();
        bool Reached(Deal d, int stage) => d.Stages.Any(s => s.StageId == stage && s.CompletedOn != null) || Current(d) == stage || d.LostAtStageId == stage;
        var shown = order.Keys.Where(st => deals.Any(d => Reached(d, st) || (d.Status == DealStatus.Lost && d.LostAtStageId == st)))
            .OrderBy(st => order[st]).ToList();
        return shown.Select(st =>
        {
            var here = deals.Where(d => Reached(d, st)).ToList();
            var spent = deals.SelectMany(d => d.Stages.Where(s => s.StageId == st && s.CompletedOn != null).Select(s =>
                s.CompletedOn!.Value.DayNumber - d.Stages.Where(o => o.CompletedOn < s.CompletedOn).Select(o => o.CompletedOn!.Value)
                    .DefaultIfEmpty(d.StartDate).Max().DayNumber)).ToList();
            return new Row(st, here.Count, Math.Round(here.Sum(d => d.Lines.Sum(l => l.Amount) * Rate(d.CurrencyId, d.StartDate)), 2, MidpointRounding.AwayFromZero),
                deals.Count(d => d.Status == DealStatus.Lost && d.LostAtStageId == st),
                spent.Count == 0 ? null : Math.Round((decimal)spent.Average(), 1));
        }).ToList();
    });

    private static async Task<List<Row>> ShownAsync(CrmClient client, string query)
    {
        var page = await client.PageAsync($"/funnel?{Period}{query}");
        static decimal? Number(AngleSharp.Dom.IElement row, string cell) =>
            row.QuerySelector(cell)?.GetAttribute("data-value") is { Length: > 0 } v ? decimal.Parse(v, CultureInfo.InvariantCulture) : null;
        return page.QuerySelectorAll("#funnel-table tbody tr").Select(r => new Row(int.Parse(r.GetAttribute("data-stage")!, CultureInfo.InvariantCulture),
            (int)Number(r, ".reached")!.Value, Number(r, ".amount")!.Value, (int)Number(r, ".lost")!.Value, Number(r, ".days"))).ToList();
    }

    private async Task AssertFunnelAsync(IReadOnlyList<View> views, Refs refs, string step)
    {
        foreach (var view in views)
        {
            var expected = await ExpectedAsync(refs, view.Viewer, view.Filter);
            var shown = await ShownAsync(view.Client, view.Query);
            Assert.True(expected.SequenceEqual(shown), $"{step}, {view.Name}: expected {string.Join("; ", expected)}, shown {string.Join("; ", shown)}");
        }
    }

    [Fact]
    public async Task The_funnel_equals_the_records_after_every_kind_of_change_and_after_a_rebuild()
    {
        var (_, directorName) = await app.CreateUserAsync([.. RoleTemplates.Director.Permissions], "ffd");
        var (m1, m1Name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions, "ffm1");
        var (m2, _) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions, "ffm2");
        using var c = await app.SignedInAsync(directorName);
        using var manager = await app.SignedInAsync(m1Name);
        var refs = await app.InDbAsync(async db =>
        {
            var rub = await db.Currencies.Where(x => x.Code == "RUB").Select(x => x.Id).SingleAsync();
            var usd = await db.Currencies.Where(x => x.Code == "USD").Select(x => x.Id).SingleAsync();
            db.ExchangeRates.AddRange(new ExchangeRate { CurrencyId = usd, Date = new(2024, 1, 1), Rate = 90m },
                new ExchangeRate { CurrencyId = usd, Date = new(2024, 4, 1), Rate = 100m });
            ReferenceItem Ref(ReferenceListKind kind, string name)
            {
                var item = new ReferenceItem { Kind = kind, NameEn = name, NameRu = name + " ру", SortOrder = 1000 };
                db.ReferenceItems.Add(item);
                return item;
            }
            var (north, south) = (Ref(ReferenceListKind.Region, "Funnel North"), Ref(ReferenceListKind.Region, "Funnel South"));
            var (web, fair) = (Ref(ReferenceListKind.ClientSource, "Funnel web"), Ref(ReferenceListKind.ClientSource, "Funnel fair"));
            var (licences, services) = (Ref(ReferenceListKind.ProductGroup, "Funnel licences"), Ref(ReferenceListKind.ProductGroup, "Funnel services"));
            await db.SaveChangesAsync();
            var licence = new Product { Name = "Funnel licence", Price = 100m, CurrencyId = rub, GroupId = licences.Id };
            var setup = new Product { Name = "Funnel setup", Price = 10m, CurrencyId = rub, GroupId = services.Id };
            db.Products.AddRange(licence, setup);
            await db.SaveChangesAsync();
            var reason = await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.LossReason).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync();
            return new Refs(rub, usd, north.Id, south.Id, web.Id, fair.Id, licences.Id, services.Id, licence.Id, setup.Id, reason);
        });
        var mine = (await app.CreateCompanyAsync(m1, "Funnel Mine", x => x.RegionId = refs.North)).Id;
        var other = (await app.CreateCompanyAsync(m2, "Funnel Other", x => x.RegionId = refs.South)).Id;
        var groupDeals = (Func<Deal, bool>)(d => d.Lines.Any(l => l.Product!.GroupId == refs.Licences));
        var views = new List<View>
        {
            new("director", c, "", null, _ => true),
            new("director, manager m1", c, "&ResponsibleId=" + m1, null, d => d.ResponsibleId == m1),
            new("director, source", c, "&SourceId=" + S(refs.Web), null, d => d.SourceId == refs.Web),
            new("director, region", c, "&RegionId=" + S(refs.North), null, d => d.Company!.RegionId == refs.North),
            new("director, product group", c, "&ProductGroupId=" + S(refs.Licences), null, groupDeals),
            new("manager m1", manager, "", m1, _ => true),
        };
        Task Line(int id, int product, string price, string step) =>
            PartAsync(c, id, "lines", "Line", new() { ["ProductId"] = S(product), ["Quantity"] = "2", ["UnitPrice"] = price }, step);

        // A: m1's, at his company, in roubles; B: m2's, at the other company, in dollars; C: m2's at m1's company (m1 sees it).
        var a = await NewDealAsync(c, "FA", mine, refs.Rub, "2024-02-01", refs.Web, m1);
        await Line(a, refs.Licence, "100", "A's line");
        var b = await NewDealAsync(c, "FB", other, refs.Usd, "2024-03-05", refs.Fair, m2);
        await Line(b, refs.Setup, "10", "B's line");
        var cDeal = await NewDealAsync(c, "FC", mine, refs.Rub, "2024-04-10", null, m2);
        await AssertFunnelAsync(views, refs, "three new deals");
        Assert.True((await StagesAsync(a)).Count >= 3, "a new deal gets its stages laid out");

        // Stages completed: A's first on a date, its second by "next stage" (today).
        var first = (await StagesAsync(a))[0];
        await EditStageAsync(c, a, first, first.ResponsibleId, new DateOnly(2024, 2, 10), "A's first stage completed");
        await AssertFunnelAsync(views, refs, "a stage completed on a date");
        await PartAsync(c, a, "next-stage", "", [], "next stage");
        await AssertFunnelAsync(views, refs, "next stage");
        // B's current stage removed, added back at the end, then moved up: its current stage changes each time.
        var removed = (await StagesAsync(b))[0];
        await PartAsync(c, b, $"stages/{removed.Id}/remove", "", [], "stage removed");
        await AssertFunnelAsync(views, refs, "stage removed");
        await PartAsync(c, b, "stages/add", "", new() { ["StageId"] = S(removed.StageId) }, "stage added");
        await AssertFunnelAsync(views, refs, "stage added at the end");
        await PartAsync(c, b, $"stages/{(await StagesAsync(b))[^1].Id}/move?direction=-1", "", [], "stage moved");
        await AssertFunnelAsync(views, refs, "stage moved up");
        // One of B's stages given to m1: m1 sees B now.
        var given = (await StagesAsync(b))[1];
        await EditStageAsync(c, b, given, m1, given.CompletedOn, "B's stage responsible");
        await AssertFunnelAsync(views, refs, "a stage responsible");

        // The deal's responsible, source and start date; the company's region.
        await EditDealAsync(c, a, f => f["ResponsibleId"] = m2, "A's responsible");
        await AssertFunnelAsync(views, refs, "deal responsible");
        await EditDealAsync(c, b, f => f["SourceId"] = S(refs.Web), "B's source");
        await AssertFunnelAsync(views, refs, "deal source");
        await EditDealAsync(c, cDeal, f => f["StartDate"] = "2024-05-20", "C's start");
        await AssertFunnelAsync(views, refs, "start date");
        var company = await app.InDbAsync(db => db.Companies.AsNoTracking().SingleAsync(x => x.Id == other));
        await PostAsync(c, $"/clients/{other}/edit", new Dictionary<string, string>
        {
            ["Name"] = company.Name, ["ResponsibleId"] = company.ResponsibleId, ["RegionId"] = S(refs.North), ["ConcurrencyStamp"] = company.ConcurrencyStamp.ToString(),
        }, $"/clients/{other}/edit", "region");
        await AssertFunnelAsync(views, refs, "company region");

        // Products: C gets a licence line (the group filter takes it), A's line is deleted.
        await Line(cDeal, refs.Licence, "55.5", "C's line");
        await AssertFunnelAsync(views, refs, "line added");
        var line = await app.InDbAsync(db => db.DealLines.Where(l => l.DealId == a).Select(l => l.Id).FirstAsync());
        await PartAsync(c, a, $"lines/{line}/delete", "", [], "line deleted");
        await AssertFunnelAsync(views, refs, "line deleted");

        // C lost with a reason at its current stage; B won; A deleted.
        var current = await app.InDbAsync(db => db.Deals.Where(d => d.Id == cDeal).Select(d => d.CurrentStageId).SingleAsync());
        await PartAsync(c, cDeal, "close", "Close", new()
        {
            ["Outcome"] = "lost", ["CloseDate"] = "2024-06-01", ["LossReasonId"] = S(refs.Reason), ["LostAtStageId"] = S(current!.Value),
        }, "lost");
        await AssertFunnelAsync(views, refs, "lost with a reason");
        Assert.Contains(await ShownAsync(c, ""), r => r.StageId == current && r.Lost == 1);
        await PartAsync(c, b, "close", "Close", new() { ["Outcome"] = "won", ["CloseDate"] = "2024-07-01" }, "won");
        await AssertFunnelAsync(views, refs, "won");
        await PostAsync(c, $"/deals/{a}/delete", new Dictionary<string, string> { ["stamp"] = (await StampAsync(a)).ToString() }, $"/deals/{a}/delete", "delete");
        await AssertFunnelAsync(views, refs, "deal deleted");
        Assert.NotEmpty(await ShownAsync(c, ""));

        // The funnel reads the stored facts: wiped, no stage is reached; rebuilt, it equals the records again.
        await app.InDbAsync(db => db.DealStages.ExecuteUpdateAsync(u => u.SetProperty(s => s.Reached, false).SetProperty(s => s.DealCurrencyId, 0)
            .SetProperty(s => s.DealLinesTotal, 0m).SetProperty(s => s.DealStartDate, new DateOnly(2000, 1, 1))));
        // (The lost deal's stage still shows its loss, which is read from the deal.)
        Assert.All(await ShownAsync(c, ""), r => Assert.True(r.Reached == 0 && r.Amount == 0m && r.Days is null, $"after the wipe: {r}"));
        var rebuilt = await app.WithServiceAsync<DealRecalculation, int>(r => r.RebuildFunnelFactsAsync(CancellationToken.None, batch: 1));
        Assert.True(rebuilt >= 6, $"{rebuilt} stage rows rebuilt");
        await AssertFunnelAsync(views, refs, "rebuilt");
    }
}

/// <summary>
/// An app of its own whose funnel sends back the keys of at most one deal (<c>Funnel:KeyListLimit</c>), so the views
/// above take both of its ways: a single deal's (or none) by deal key, more along the period.
/// </summary>
public sealed class FunnelFactsSqliteApp : SqliteApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Funnel:KeyListLimit", "1");
    }
}

/// <inheritdoc cref="FunnelFactsSqliteApp"/>
public sealed class FunnelFactsPostgreSqlApp : PostgreSqlApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Funnel:KeyListLimit", "1");
    }
}

public sealed class FunnelFactsTestsSqlite(FunnelFactsSqliteApp app) : FunnelFactsTests(app), IClassFixture<FunnelFactsSqliteApp>;
public sealed class FunnelFactsTestsPostgreSql(FunnelFactsPostgreSqlApp app) : FunnelFactsTests(app), IClassFixture<FunnelFactsPostgreSqlApp>;
