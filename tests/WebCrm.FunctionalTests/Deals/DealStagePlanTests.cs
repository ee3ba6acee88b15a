using System.Net;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Deals;

/// <summary>A deal's own stages: chosen on the new-deal form, added, removed, reordered, "next stage"; refused when it must be.</summary>
public abstract class DealStagePlanTests(CrmApp app)
{
    private Task<List<int>> StageListAsync() => app.InDbAsync(db => db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.DealStage && r.IsActive)
        .OrderBy(r => r.SortOrder).ThenBy(r => r.Id).Select(r => r.Id).ToListAsync());

    private Task<Deal> ReloadAsync(int id) => app.InDbAsync(db => db.Deals.AsNoTracking().Include(d => d.Stages).Include(d => d.Lines).SingleAsync(d => d.Id == id));

    /// <summary>The deal's stage ids in its order, read straight from the rows: position, then id.</summary>
    private static int[] Order(Deal d) => d.Stages.OrderBy(s => s.Position).ThenBy(s => s.Id).Select(s => s.StageId).ToArray();

    private async Task<(string Me, CrmClient Client, int CompanyId, int Rub)> ManagerAsync()
    {
        var (me, name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        var client = await app.SignedInAsync(name);
        var company = await app.CreateCompanyAsync(me, $"{CompanyFactory.Token()} stages");
        var rub = await app.InDbAsync(db => db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync());
        return (me, client, company.Id, rub);
    }

    private static Dictionary<string, string> NewDeal(int companyId, int rub) =>
        new Dictionary<string, string>
        {
            ["Title"] = "stages " + Guid.NewGuid().ToString("N")[..6], ["CompanyId"] = companyId.ToString(), ["StartDate"] = "2026-01-01",
            ["CurrencyId"] = rub.ToString(), ["StagesOffered"] = "true",
        };

    private static async Task<int> CreatedIdAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(response.Headers.Location!.OriginalString.Split('/').Last());
    }

    private Task<HttpResponseMessage> PostAsync(CrmClient client, int dealId, string action, Guid stamp, params (string, string)[] more) =>
        client.PostFormAsync($"/deals/{dealId}/{action}",
            more.Select(m => new KeyValuePair<string, string>(m.Item1, m.Item2)).Append(new("ConcurrencyStamp", stamp.ToString())), $"/deals/{dealId}/stages");

    [Fact]
    public async Task The_new_deal_form_proposes_the_default_set_and_keeps_only_the_chosen_stages_in_list_order()
    {
        var (_, client, companyId, rub) = await ManagerAsync();
        var list = await StageListAsync();
        var form = await client.PageAsync($"/deals/new?companyId={companyId}");
        var offered = form.QuerySelectorAll("#new-deal-stages input[name=StageIds]").Select(i => (Id: int.Parse(i.GetAttribute("value")!), Checked: i.HasAttribute("checked"))).ToList();
        Assert.Equal(list, offered.Select(o => o.Id));
        Assert.All(offered, o => Assert.True(o.Checked));

        // Chosen out of order and without the first stage: laid out in the list's order, the first chosen is current.
        var fields = NewDeal(companyId, rub).ToList();
        fields.Add(new("StageIds", list[3].ToString()));
        fields.Add(new("StageIds", list[1].ToString()));
        var id = await CreatedIdAsync(await client.PostFormAsync("/deals/new", fields, "/deals/new"));
        var deal = await ReloadAsync(id);
        Assert.Equal(new[] { list[1], list[3] }, Order(deal));
        Assert.Equal(list[1], deal.CurrentStageId);

        // None chosen: a deal without stages. Without the choice on the form (an older client): the default set.
        var none = await ReloadAsync(await CreatedIdAsync(await client.PostFormAsync("/deals/new", NewDeal(companyId, rub), "/deals/new")));
        Assert.Empty(none.Stages);
        Assert.Null(none.CurrentStageId);
        var plain = NewDeal(companyId, rub);
        plain.Remove("StagesOffered");
        Assert.Equal(list, Order(await ReloadAsync(await CreatedIdAsync(await client.PostFormAsync("/deals/new", plain, "/deals/new")))));

        // A stage id that is not a stage is an error next to the choice, and nothing is created.
        var forged = NewDeal(companyId, rub).ToList();
        var region = await app.InDbAsync(db => db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.Region).Select(r => r.Id).FirstAsync());
        forged.Add(new("StageIds", region.ToString()));
        var refused = await client.PostFormAsync("/deals/new", forged, "/deals/new");
        Assert.NotEqual(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.NotNull((await CrmClient.ParseAsync(refused)).QuerySelector("#StageIds-error"));
    }

    [Fact]
    public async Task Stages_are_added_removed_reordered_and_next_stage_completes_the_current_one_today()
    {
        var (_, client, companyId, rub) = await ManagerAsync();
        var list = await StageListAsync();
        var fields = NewDeal(companyId, rub).ToList();
        fields.AddRange(list.Take(3).Select(s => new KeyValuePair<string, string>("StageIds", s.ToString())));
        var id = await CreatedIdAsync(await client.PostFormAsync("/deals/new", fields, "/deals/new"));
        var deal = await ReloadAsync(id);
        Assert.Equal(list.Take(3), Order(deal));

        // Add the fifth list value before the second stage.
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, id, "stages/add", deal.ConcurrencyStamp, ("StageId", list[4].ToString()), ("BeforeStageId", list[1].ToString()))).StatusCode);
        deal = await ReloadAsync(id);
        Assert.Equal(new[] { list[0], list[4], list[1], list[2] }, Order(deal));
        Assert.Equal(deal.ResponsibleId, deal.Stages.Single(s => s.StageId == list[4]).ResponsibleId);

        // Adding a stage the deal already has is refused; so is a value of another list.
        await PostAsync(client, id, "stages/add", deal.ConcurrencyStamp, ("StageId", list[4].ToString()));
        var region = await app.InDbAsync(db => db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.Region).Select(r => r.Id).FirstAsync());
        await PostAsync(client, id, "stages/add", deal.ConcurrencyStamp, ("StageId", region.ToString()));
        Assert.Equal(4, (await ReloadAsync(id)).Stages.Count);

        // Move the first stage down: the added one becomes first and current.
        var firstRow = deal.Stages.Single(s => s.StageId == list[0]).Id;
        await PostAsync(client, id, $"stages/{firstRow}/move?direction=1", deal.ConcurrencyStamp);
        deal = await ReloadAsync(id);
        Assert.Equal(new[] { list[4], list[0], list[1], list[2] }, Order(deal));
        Assert.Equal(list[4], deal.CurrentStageId);
        // The first stage cannot move further up.
        await PostAsync(client, id, $"stages/{deal.Stages.Single(s => s.StageId == list[4]).Id}/move?direction=-1", deal.ConcurrencyStamp);
        Assert.Equal(Order(deal), Order(await ReloadAsync(id)));

        // Remove the third one.
        await PostAsync(client, id, $"stages/{deal.Stages.Single(s => s.StageId == list[1]).Id}/remove", deal.ConcurrencyStamp);
        deal = await ReloadAsync(id);
        Assert.Equal(new[] { list[4], list[0], list[2] }, Order(deal));

        // Next stage: the current one is completed today, the next becomes current; twice more and none is current.
        var today = DateOnly.FromDateTime(DateTime.Now);
        for (var step = 0; step < 3; step++)
        {
            var before = Order(deal);
            var response = await PostAsync(client, id, "next-stage", deal.ConcurrencyStamp);
            Assert.Equal($"/deals/{id}?tab=stages", response.Headers.Location!.OriginalString);
            deal = await ReloadAsync(id);
            Assert.Equal(today, deal.Stages.Single(s => s.StageId == before[step]).CompletedOn);
            Assert.Equal(step < 2 ? before[step + 1] : null, deal.CurrentStageId);
            Assert.Equal(step + 1, deal.Stages.Count(s => s.CompletedOn is not null));
        }
        // Nothing left to complete: refused, nothing changes.
        await PostAsync(client, id, "next-stage", deal.ConcurrencyStamp);
        Assert.Equal(deal.ConcurrencyStamp, (await ReloadAsync(id)).ConcurrencyStamp);

        // The stage page and the card list the stages in the deal's order.
        var page = await client.PageAsync($"/deals/{id}/stages");
        Assert.Equal(Order(deal).Select(s => s.ToString()), page.QuerySelectorAll("#stages li.stage").Select(li => li.GetAttribute("data-stage")));
        var card = await client.PageAsync($"/deals/{id}");
        Assert.Equal(Order(deal).Select(s => s.ToString()), card.QuerySelectorAll("#stages li[data-stage]").Select(li => li.GetAttribute("data-stage")));
    }

    [Fact]
    public async Task Stage_changes_are_refused_with_a_stale_stamp_on_a_closed_deal_and_to_another_manager()
    {
        var (_, client, companyId, rub) = await ManagerAsync();
        var (_, otherName) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        using var other = await app.SignedInAsync(otherName);
        var list = await StageListAsync();
        var id = await CreatedIdAsync(await client.PostFormAsync("/deals/new", NewDeal(companyId, rub).Concat(list.Take(2).Select(s => new KeyValuePair<string, string>("StageIds", s.ToString()))), "/deals/new"));
        var deal = await ReloadAsync(id);

        // Another manager who cannot see the deal gets 404 and changes nothing.
        var forged = await other.PostFormAsync($"/deals/{id}/next-stage", new Dictionary<string, string> { ["ConcurrencyStamp"] = deal.ConcurrencyStamp.ToString() }, "/deals");
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);

        // A stale stamp: someone changed the deal after the page was opened.
        await PostAsync(client, id, "next-stage", deal.ConcurrencyStamp);
        var stale = await PostAsync(client, id, "next-stage", deal.ConcurrencyStamp);
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        var after = await ReloadAsync(id);
        Assert.Single(after.Stages, s => s.CompletedOn is not null);

        // A stage of another deal is not found on this one.
        var otherDeal = await CreatedIdAsync(await client.PostFormAsync("/deals/new", NewDeal(companyId, rub).Concat([new("StageIds", list[0].ToString())]), "/deals/new"));
        var foreignRow = (await ReloadAsync(otherDeal)).Stages.Single().Id;
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(client, id, $"stages/{foreignRow}/remove", after.ConcurrencyStamp)).StatusCode);

        // A closed deal's stages do not change.
        await app.InDbAsync(async db =>
        {
            var d = await db.Deals.SingleAsync(x => x.Id == id);
            d.Status = DealStatus.Won;
            d.CloseDate = new DateOnly(2026, 1, 2);
            return await db.SaveChangesAsync();
        });
        var closed = await ReloadAsync(id);
        await PostAsync(client, id, "next-stage", closed.ConcurrencyStamp);
        await PostAsync(client, id, $"stages/{closed.Stages.First().Id}/remove", closed.ConcurrencyStamp);
        await PostAsync(client, id, "stages/add", closed.ConcurrencyStamp, ("StageId", list[3].ToString()));
        var still = await ReloadAsync(id);
        Assert.Equal(closed.ConcurrencyStamp, still.ConcurrencyStamp);
        Assert.Equal(2, still.Stages.Count);
    }
}

public sealed class DealStagePlanTestsSqlite(SqliteApp app) : DealStagePlanTests(app);
public sealed class DealStagePlanTestsPostgreSql(PostgreSqlApp app) : DealStagePlanTests(app);

/// <summary>The administrator's default set: a stage marked "not proposed for new deals" is left out of the form's proposal and of a plain new deal.</summary>
public abstract class DealStageDefaultsTests(CrmApp app)
{
    [Fact]
    public async Task A_stage_the_administrator_leaves_out_is_not_proposed_for_new_deals()
    {
        var (adminId, adminName) = await app.CreateUserAsync(RoleTemplates.Administrator.Permissions);
        using var admin = await app.SignedInAsync(adminName);
        var list = await app.InDbAsync(db => db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.DealStage && r.IsActive)
            .OrderBy(r => r.SortOrder).ThenBy(r => r.Id).ToListAsync());
        var leftOut = list[2];
        var edit = $"/admin/lists/deal-stage/{leftOut.Id}";
        var saved = await admin.PostFormAsync(edit, new Dictionary<string, string>
        {
            ["NameEn"] = leftOut.NameEn, ["NameRu"] = leftOut.NameRu, ["Stamp"] = leftOut.ConcurrencyStamp.ToString(), ["NotProposedForNewDeals"] = "true",
        }, edit);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.True(await app.InDbAsync(db => db.ReferenceItems.Where(r => r.Id == leftOut.Id).Select(r => r.NotProposedForNewDeals).SingleAsync()));
        var listPage = await admin.PageAsync("/admin/lists/deal-stage");
        Assert.Equal("false", listPage.QuerySelector($"tr[data-id='{leftOut.Id}'] td.proposed")!.GetAttribute("data-value"));

        var company = await app.CreateCompanyAsync(adminId, $"{CompanyFactory.Token()} defaults");
        var form = await admin.PageAsync($"/deals/new?companyId={company.Id}");
        var offered = form.QuerySelectorAll("#new-deal-stages input[name=StageIds]").ToDictionary(i => int.Parse(i.GetAttribute("value")!), i => i.HasAttribute("checked"));
        Assert.Equal(list.Select(s => s.Id), offered.Keys);
        Assert.Equal(list.Select(s => s.Id != leftOut.Id), offered.Values);

        var rub = await app.InDbAsync(db => db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync());
        var created = await admin.PostFormAsync("/deals/new", new { Title = "defaults", CompanyId = company.Id, StartDate = "2026-01-01", CurrencyId = rub }, "/deals/new");
        var id = int.Parse(created.Headers.Location!.OriginalString.Split('/').Last());
        var stages = await app.InDbAsync(db => db.DealStages.Where(s => s.DealId == id).OrderBy(s => s.Position).Select(s => s.StageId).ToListAsync());
        Assert.Equal(list.Where(s => s.Id != leftOut.Id).Select(s => s.Id), stages);
    }
}

public sealed class DealStageDefaultsTestsSqlite(IsolatedSqliteApp app) : DealStageDefaultsTests(app), IClassFixture<IsolatedSqliteApp>;
public sealed class DealStageDefaultsTestsPostgreSql(IsolatedPostgreSqlApp app) : DealStageDefaultsTests(app), IClassFixture<IsolatedPostgreSqlApp>;
