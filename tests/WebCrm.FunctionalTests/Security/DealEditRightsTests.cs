using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Security;

/// <summary>
/// Finding 2: with Deals.Edit and one stage of someone else's deal, a manager reassigned all six stages to himself and
/// moved another manager's lost deal to his own company. Now each branch does only what DealEditRights gives it.
/// </summary>
public abstract class DealEditRightsTests(CrmApp app)
{
    private async Task<(string Id, CrmClient Client)> UserAsync(IEnumerable<string> rights)
    {
        var (id, name) = await app.CreateUserAsync(rights);
        return (id, await app.SignedInAsync(name));
    }

    private Task<Deal> DealAsync(int companyId, string responsibleId, string title, string stageResponsible, DealStatus status = DealStatus.Open) =>
        app.InDbAsync(async db =>
        {
            var rub = await db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync();
            var stages = await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.DealStage && r.IsActive).OrderBy(r => r.SortOrder).Select(r => r.Id).ToListAsync();
            var deal = new Deal
            {
                CompanyId = companyId, ResponsibleId = responsibleId, Title = title, StartDate = new DateOnly(2026, 1, 1), CurrencyId = rub,
                Stages = stages.Select((s, i) => new DealStage { StageId = s, ResponsibleId = i == 1 ? stageResponsible : responsibleId }).ToList(),
                CurrentStageId = stages[0],
            };
            if (status == DealStatus.Lost)
            {
                deal.Status = DealStatus.Lost;
                deal.CloseDate = new DateOnly(2026, 2, 1);
                deal.LostAtStageId = stages[1];
                deal.LossReasonId = await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.LossReason).Select(r => r.Id).FirstAsync();
            }
            db.Deals.Add(deal);
            await db.SaveChangesAsync();
            return deal;
        });

    private Task<Deal> ReloadAsync(int id) => app.InDbAsync(db => db.Deals.AsNoTracking().Include(d => d.Stages).Include(d => d.Lines).SingleAsync(d => d.Id == id));

    private static string D(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    /// <summary>The stages form as posted, with <paramref name="change"/> applied to each stage's fields.</summary>
    private static Dictionary<string, string> StagesForm(Deal deal, Action<int, DealStage, Dictionary<string, string>>? change = null)
    {
        var form = new Dictionary<string, string> { ["ConcurrencyStamp"] = deal.ConcurrencyStamp.ToString() };
        var i = 0;
        foreach (var s in deal.Stages.OrderBy(s => s.Id))
        {
            var fields = new Dictionary<string, string>
            {
                ["Id"] = s.Id.ToString(CultureInfo.InvariantCulture), ["ResponsibleId"] = s.ResponsibleId ?? "", ["PlannedStart"] = D(s.PlannedStart),
                ["PlannedEnd"] = D(s.PlannedEnd), ["CompletedOn"] = D(s.CompletedOn), ["Note"] = s.Note ?? "",
            };
            change?.Invoke(i, s, fields);
            foreach (var (k, v) in fields)
            {
                form[$"Stages[{i}].{k}"] = v;
            }
            i++;
        }
        return form;
    }

    private static Dictionary<string, string> MainForm(Deal deal, Action<Dictionary<string, string>>? change = null)
    {
        var form = new Dictionary<string, string>
        {
            ["Title"] = deal.Title, ["CompanyId"] = deal.CompanyId.ToString(CultureInfo.InvariantCulture), ["StartDate"] = D(deal.StartDate),
            ["CurrencyId"] = deal.CurrencyId.ToString(CultureInfo.InvariantCulture), ["ResponsibleId"] = deal.ResponsibleId,
            ["ConcurrencyStamp"] = deal.ConcurrencyStamp.ToString(),
        };
        change?.Invoke(form);
        return form;
    }

    [Fact]
    public async Task A_stage_responsible_works_his_stage_and_takes_over_nothing()
    {
        var (m2, _) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (m3, c3) = await UserAsync(RoleTemplates.Manager.Permissions);
        var t = CompanyFactory.Token();
        var theirCompany = await app.CreateCompanyAsync(m2, $"{t} theirs");
        var hisCompany = await app.CreateCompanyAsync(m3, $"{t} his");
        var lost = await DealAsync(theirCompany.Id, m2, $"{t} lost", m3, DealStatus.Lost);
        var open = await DealAsync(theirCompany.Id, m2, $"{t} open", m3);
        lost = await ReloadAsync(lost.Id);
        open = await ReloadAsync(open.Id);

        // As found: every stage reassigned to himself, the lost deal moved to his own company.
        foreach (var deal in new[] { lost, open })
        {
            var grab = await c3.PostFormAsync($"/deals/{deal.Id}/stages", StagesForm(deal, (_, _, f) => f["ResponsibleId"] = m3), $"/deals/{deal.Id}");
            Assert.Equal(HttpStatusCode.Forbidden, grab.StatusCode);
            var move = await c3.PostFormAsync($"/deals/{deal.Id}/edit", MainForm(deal, f => f["CompanyId"] = hisCompany.Id.ToString(CultureInfo.InvariantCulture)), $"/deals/{deal.Id}");
            Assert.Equal(HttpStatusCode.Forbidden, move.StatusCode);
            var after = await ReloadAsync(deal.Id);
            Assert.Equal(theirCompany.Id, after.CompanyId);
            Assert.Equal(deal.Stages.OrderBy(s => s.Id).Select(s => s.ResponsibleId), after.Stages.OrderBy(s => s.Id).Select(s => s.ResponsibleId));
        }

        // The deal's own data, other stages' plans and the money are not his either; the edit form is not offered.
        Assert.Equal(HttpStatusCode.Forbidden, (await c3.GetAsync($"/deals/{open.Id}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await c3.PostFormAsync($"/deals/{open.Id}/edit", MainForm(open, f => f["Title"] = "renamed"), $"/deals/{open.Id}")).StatusCode);
        var otherStage = await c3.PostFormAsync($"/deals/{open.Id}/stages", StagesForm(open, (i, _, f) => { if (i == 0) { f["PlannedEnd"] = "2026-03-01"; } }), $"/deals/{open.Id}");
        Assert.Equal(HttpStatusCode.Forbidden, otherStage.StatusCode);
        var rub = open.CurrencyId.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.Forbidden, (await c3.PostFormAsync($"/deals/{open.Id}/payments", new Dictionary<string, string>
        {
            ["Payment.Date"] = "2026-01-10", ["Payment.Amount"] = "100", ["Payment.CurrencyId"] = rub, ["Payment.ConcurrencyStamp"] = open.ConcurrencyStamp.ToString(),
        }, $"/deals/{open.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await c3.PostFormAsync($"/deals/{open.Id}/close", new Dictionary<string, string>
        {
            ["Close.Outcome"] = "won", ["Close.CloseDate"] = "2026-01-10", ["Close.ConcurrencyStamp"] = open.ConcurrencyStamp.ToString(),
        }, $"/deals/{open.Id}")).StatusCode);
        Assert.Equal(DealStatus.Open, (await ReloadAsync(open.Id)).Status);
        // Nor the deal's stage list, nor "next stage" while the current stage is not his.
        var stamp = new Dictionary<string, string> { ["concurrencyStamp"] = open.ConcurrencyStamp.ToString() };
        var firstStage = open.Stages.OrderBy(s => s.Id).First();
        Assert.Equal(HttpStatusCode.Forbidden, (await c3.PostFormAsync($"/deals/{open.Id}/stages/{firstStage.Id}/remove", stamp, $"/deals/{open.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await c3.PostFormAsync($"/deals/{open.Id}/stages/{firstStage.Id}/move?direction=1", stamp, $"/deals/{open.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await c3.PostFormAsync($"/deals/{open.Id}/next-stage", stamp, $"/deals/{open.Id}")).StatusCode);
        Assert.Equal(open.Stages.Count, (await ReloadAsync(open.Id)).Stages.Count);
        Assert.Null((await c3.PageAsync($"/deals/{open.Id}/stages")).QuerySelector("#add-stage"));

        // His own stage he plans and completes; the card offers him the stages form and no edit button.
        var card = await c3.PageAsync($"/deals/{open.Id}");
        Assert.NotNull(card.QuerySelector($"a[href='/deals/{open.Id}/stages']"));
        Assert.Null(card.QuerySelector($"a[href='/deals/{open.Id}/edit']"));
        Assert.Equal(HttpStatusCode.OK, (await c3.GetAsync($"/deals/{open.Id}/stages")).StatusCode);
        var own = await c3.PostFormAsync($"/deals/{open.Id}/stages", StagesForm(open, (i, _, f) =>
        {
            if (i == 1) { f["PlannedEnd"] = "2026-04-30"; f["CompletedOn"] = "2026-01-05"; f["Note"] = "done by " + t; }
        }), $"/deals/{open.Id}");
        Assert.Equal(HttpStatusCode.Redirect, own.StatusCode);
        var saved = (await ReloadAsync(open.Id)).Stages.OrderBy(s => s.Id).ElementAt(1);
        Assert.Equal((new DateOnly(2026, 4, 30), new DateOnly(2026, 1, 5), "done by " + t, m3), (saved.PlannedEnd, saved.CompletedOn, saved.Note, saved.ResponsibleId));
    }

    [Fact]
    public async Task Changing_who_runs_a_stage_or_the_deals_company_needs_reassign_and_an_active_user()
    {
        var (m1, c1) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (m2, _) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (_, director) = await UserAsync(RoleTemplates.Director.Permissions);
        var (disabledId, _) = await UserAsync(RoleTemplates.Manager.Permissions);
        await app.InDbAsync(async db =>
        {
            (await db.Users.SingleAsync(u => u.Id == disabledId)).IsDisabled = true;
            return await db.SaveChangesAsync();
        });
        var t = CompanyFactory.Token();
        var company = await app.CreateCompanyAsync(m1, $"{t} mine");
        var other = await app.CreateCompanyAsync(m1, $"{t} also mine");
        var deal = await ReloadAsync((await DealAsync(company.Id, m1, $"{t} deal", m1)).Id);

        // The owner without Reassign: not another stage responsible, not another company (even one of his own).
        Assert.Equal(HttpStatusCode.Forbidden, (await c1.PostFormAsync($"/deals/{deal.Id}/stages", StagesForm(deal, (i, _, f) => { if (i == 2) { f["ResponsibleId"] = m2; } }), $"/deals/{deal.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await c1.PostFormAsync($"/deals/{deal.Id}/edit", MainForm(deal, f => f["CompanyId"] = other.Id.ToString(CultureInfo.InvariantCulture)), $"/deals/{deal.Id}")).StatusCode);
        Assert.NotNull((await c1.PageAsync($"/deals/{deal.Id}/edit")).QuerySelector("select#CompanyId[disabled]"));
        // He still edits the deal's own data.
        Assert.Equal(HttpStatusCode.Redirect, (await c1.PostFormAsync($"/deals/{deal.Id}/edit", MainForm(deal, f => f["Title"] = $"{t} renamed"), $"/deals/{deal.Id}")).StatusCode);
        deal = await ReloadAsync(deal.Id);

        // The director (Reassign) may, but never to a disabled user.
        var toDisabled = await director.PostFormAsync($"/deals/{deal.Id}/stages", StagesForm(deal, (i, _, f) => { if (i == 2) { f["ResponsibleId"] = disabledId; } }), $"/deals/{deal.Id}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, toDisabled.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await director.PostFormAsync($"/deals/{deal.Id}/edit", MainForm(deal, f => f["ResponsibleId"] = disabledId), $"/deals/{deal.Id}")).StatusCode);
        Assert.Equal(m1, (await ReloadAsync(deal.Id)).Stages.OrderBy(s => s.Id).ElementAt(2).ResponsibleId);
        Assert.DoesNotContain(disabledId, (await director.PageAsync($"/deals/{deal.Id}/stages")).QuerySelectorAll("option").Select(o => o.GetAttribute("value")));

        Assert.Equal(HttpStatusCode.Redirect, (await director.PostFormAsync($"/deals/{deal.Id}/stages", StagesForm(deal, (i, _, f) => { if (i == 2) { f["ResponsibleId"] = m2; } }), $"/deals/{deal.Id}")).StatusCode);
        deal = await ReloadAsync(deal.Id);
        Assert.Equal(m2, deal.Stages.OrderBy(s => s.Id).ElementAt(2).ResponsibleId);
        Assert.Equal(HttpStatusCode.Redirect, (await director.PostFormAsync($"/deals/{deal.Id}/edit", MainForm(deal, f => f["CompanyId"] = other.Id.ToString(CultureInfo.InvariantCulture)), $"/deals/{deal.Id}")).StatusCode);
        Assert.Equal(other.Id, (await ReloadAsync(deal.Id)).CompanyId);
    }

    [Fact]
    public async Task A_closed_deal_is_read_only_until_its_owner_reopens_it()
    {
        var (m1, c1) = await UserAsync(RoleTemplates.Manager.Permissions);
        var t = CompanyFactory.Token();
        var company = await app.CreateCompanyAsync(m1, $"{t} client");
        var deal = await ReloadAsync((await DealAsync(company.Id, m1, $"{t} lost", m1, DealStatus.Lost)).Id);
        var product = await app.InDbAsync(async db =>
        {
            var p = new Product { Name = $"{t} item", Price = 10m, CurrencyId = deal.CurrencyId };
            db.Products.Add(p);
            await db.SaveChangesAsync();
            return p.Id;
        });

        var edit = await c1.PostFormAsync($"/deals/{deal.Id}/edit", MainForm(deal, f => f["Title"] = "renamed"), $"/deals/{deal.Id}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, edit.StatusCode);
        Assert.Contains("reopen it first", (await CrmClient.ParseAsync(edit)).Body!.TextContent);
        var stages = await c1.PostFormAsync($"/deals/{deal.Id}/stages", StagesForm(deal, (i, _, f) => { if (i == 0) { f["PlannedEnd"] = "2026-03-01"; } }), $"/deals/{deal.Id}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, stages.StatusCode);
        var line = await c1.PostFormAsync($"/deals/{deal.Id}/lines", new Dictionary<string, string>
        {
            ["Line.ProductId"] = product.ToString(CultureInfo.InvariantCulture), ["Line.Quantity"] = "1", ["Line.UnitPrice"] = "10",
            ["Line.ConcurrencyStamp"] = deal.ConcurrencyStamp.ToString(),
        }, $"/deals/{deal.Id}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, line.StatusCode);
        var unchanged = await ReloadAsync(deal.Id);
        Assert.Equal(($"{t} lost", 0, (DateOnly?)null), (unchanged.Title, unchanged.Lines.Count, unchanged.Stages.OrderBy(s => s.Id).First().PlannedEnd));
        Assert.Null((await c1.PageAsync($"/deals/{deal.Id}")).QuerySelector($"a[href='/deals/{deal.Id}/stages']"));

        Assert.Equal(HttpStatusCode.Redirect, (await c1.PostFormAsync($"/deals/{deal.Id}/reopen", new Dictionary<string, string> { ["stamp"] = unchanged.ConcurrencyStamp.ToString() }, $"/deals/{deal.Id}")).StatusCode);
        var reopened = await ReloadAsync(deal.Id);
        Assert.Equal(DealStatus.Open, reopened.Status);
        Assert.Equal(HttpStatusCode.Redirect, (await c1.PostFormAsync($"/deals/{deal.Id}/edit", MainForm(reopened, f => f["Title"] = $"{t} renamed"), $"/deals/{deal.Id}")).StatusCode);
    }

    [Fact]
    public async Task The_stages_form_shows_a_stage_responsible_the_other_stages_as_text()
    {
        var (m2, _) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (m3, c3) = await UserAsync(RoleTemplates.Manager.Permissions);
        var t = CompanyFactory.Token();
        var company = await app.CreateCompanyAsync(m2, $"{t} theirs");
        var deal = await ReloadAsync((await DealAsync(company.Id, m2, $"{t} open", m3)).Id);
        var his = deal.Stages.Single(s => s.ResponsibleId == m3);

        var page = await c3.PageAsync($"/deals/{deal.Id}/stages");
        var items = page.QuerySelectorAll("#stages li.stage");
        Assert.Equal(deal.Stages.Count, items.Length);
        foreach (var item in items)
        {
            var own = item.GetAttribute("data-id") == his.Id.ToString(CultureInfo.InvariantCulture);
            // His own stage: dates, completion and note are fields; who runs it is text (no Reassign). Others' stages: text only.
            Assert.Equal(own ? 3 : 0, item.QuerySelectorAll("input[type=date]").Length);
            Assert.Equal(own ? 1 : 0, item.QuerySelectorAll("input[name$='.Note']:not([type=hidden])").Length);
            Assert.Empty(item.QuerySelectorAll("select"));
            Assert.NotEmpty(item.QuerySelectorAll(".read-only"));
        }
        // The owner sees every field of every stage.
        using var owner = await app.SignedInAsync((await app.InDbAsync(db => db.Users.SingleAsync(u => u.Id == m2))).UserName!);
        var ownerItems = (await owner.PageAsync($"/deals/{deal.Id}/stages")).QuerySelectorAll("#stages li.stage");
        Assert.All(ownerItems, item => Assert.Equal(3, item.QuerySelectorAll("input[type=date]").Length));

        // The page's own form, with his stage's end changed, saves; the other stages' hidden values post them unchanged.
        var fields = page.QuerySelectorAll("#stages-form input").OfType<AngleSharp.Html.Dom.IHtmlInputElement>()
            .Where(i => !string.IsNullOrEmpty(i.Name) && i.Name != "__RequestVerificationToken").ToDictionary(i => i.Name!, i => i.Value);
        var hisIndex = fields.Single(f => f.Key.EndsWith(".Id", StringComparison.Ordinal) && f.Value == his.Id.ToString(CultureInfo.InvariantCulture)).Key[..^3];
        fields[hisIndex + ".PlannedEnd"] = "2026-04-30";
        Assert.Equal(HttpStatusCode.Redirect, (await c3.PostFormAsync($"/deals/{deal.Id}/stages", fields, $"/deals/{deal.Id}/stages")).StatusCode);
        var saved = await ReloadAsync(deal.Id);
        Assert.Equal(new DateOnly(2026, 4, 30), saved.Stages.Single(s => s.Id == his.Id).PlannedEnd);

        // A forged post of another stage's fields is still refused by the server.
        var other = fields.First(f => f.Key.EndsWith(".Id", StringComparison.Ordinal) && f.Value != his.Id.ToString(CultureInfo.InvariantCulture)).Key[..^3];
        fields[other + ".PlannedEnd"] = "2026-05-31";
        fields["ConcurrencyStamp"] = saved.ConcurrencyStamp.ToString();
        Assert.Equal(HttpStatusCode.Forbidden, (await c3.PostFormAsync($"/deals/{deal.Id}/stages", fields, $"/deals/{deal.Id}/stages")).StatusCode);
        Assert.Equal(saved.Stages.OrderBy(s => s.Id).Select(s => s.PlannedEnd), (await ReloadAsync(deal.Id)).Stages.OrderBy(s => s.Id).Select(s => s.PlannedEnd));
    }
}

public sealed class DealEditRightsTestsSqlite(SqliteApp app) : DealEditRightsTests(app);
public sealed class DealEditRightsTestsPostgreSql(PostgreSqlApp app) : DealEditRightsTests(app);
