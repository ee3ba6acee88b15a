using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Deals;

/// <summary>
/// A deal's stages edited on the card itself: add, move up and down, remove, one stage's plan opened and saved in its
/// row, and "next stage" — through the card's htmx endpoints (the answer is the card, no redirect) and as plain form
/// posts without JavaScript (back to the card's stages tab); errors next to the field, conflicts said; other users'
/// deals, another deal's stage, a post without the antiforgery token and oversized text are refused with a 4xx.
/// </summary>
public abstract class DealStageCardTests(CrmApp app)
{
    private Task<List<int>> StageListAsync() => app.InDbAsync(db => db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.DealStage && r.IsActive)
        .OrderBy(r => r.SortOrder).ThenBy(r => r.Id).Select(r => r.Id).ToListAsync());

    private Task<Deal> ReloadAsync(int id) => app.InDbAsync(db => db.Deals.AsNoTracking().Include(d => d.Stages).SingleAsync(d => d.Id == id));

    /// <summary>The deal's stage-list ids in its order, read straight from the rows.</summary>
    private static int[] Order(Deal d) => d.Stages.OrderBy(s => s.Position).ThenBy(s => s.Id).Select(s => s.StageId).ToArray();

    /// <summary>The stage-list ids as the card's stages tab shows them.</summary>
    private static int[] Shown(IHtmlDocument card) => card.QuerySelectorAll("#stages li[data-stage]").Select(li => int.Parse(li.GetAttribute("data-stage")!)).ToArray();

    /// <summary>A manager who may also give a stage another responsible (Deals.Reassign), his deal with the first stages of the list.</summary>
    private async Task<(string Me, CrmClient Client, int DealId, List<int> List)> DealAsync(int stages = 3)
    {
        var (me, name) = await app.CreateUserAsync([.. RoleTemplates.Manager.Permissions, Permissions.Deals.Reassign]);
        var client = await app.SignedInAsync(name);
        var company = await app.CreateCompanyAsync(me, $"{CompanyFactory.Token()} card stages");
        var rub = await app.InDbAsync(db => db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync());
        var list = await StageListAsync();
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Title", "card stages " + Guid.NewGuid().ToString("N")[..6]), new("CompanyId", company.Id.ToString()), new("StartDate", "2026-01-01"),
            new("CurrencyId", rub.ToString()), new("StagesOffered", "true"),
        };
        fields.AddRange(list.Take(stages).Select(s => new KeyValuePair<string, string>("StageIds", s.ToString())));
        var created = await client.PostFormAsync("/deals/new", fields, "/deals/new");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        return (me, client, int.Parse(created.Headers.Location!.OriginalString.Split('/').Last()), list);
    }

    /// <summary>Posts a form of the card as htmx does (HX-Request), with the card page's antiforgery token.</summary>
    private static async Task<HttpResponseMessage> HtmxPostAsync(CrmClient client, int dealId, string url, params (string Key, string Value)[] fields)
    {
        var token = await client.TokenAsync($"/deals/{dealId}");
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))
                .Append(new("__RequestVerificationToken", token))),
        };
        request.Headers.Add("HX-Request", "true");
        return await client.Http.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> HtmxGetAsync(CrmClient client, string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("HX-Request", "true");
        return await client.Http.SendAsync(request);
    }

    private static Task<HttpResponseMessage> PlainPostAsync(CrmClient client, int dealId, string url, params (string Key, string Value)[] fields) =>
        client.PostFormAsync(url, fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)), $"/deals/{dealId}");

    /// <summary>An htmx answer: the card partial alone (no page around it), swapped into #deal-card.</summary>
    private static async Task<IHtmlDocument> CardPartAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {html[..Math.Min(html.Length, 800)]}");
        Assert.Equal("#deal-card", response.Headers.GetValues("HX-Retarget").Single());
        Assert.DoesNotContain("<html", html, StringComparison.OrdinalIgnoreCase);
        var page = await CrmClient.ParseAsync(response);
        Assert.NotNull(page.QuerySelector("#deal-card"));
        return page;
    }

    private static string Error(IHtmlDocument page, string id)
    {
        var field = page.QuerySelector($"#{id}");
        Assert.NotNull(field);
        Assert.Contains("is-invalid", field!.ClassName);
        Assert.Equal($"{id}-error", field.GetAttribute("aria-describedby"));
        return page.QuerySelector($"#{id}-error")!.TextContent.Trim();
    }

    [Fact]
    public async Task Every_stage_action_works_in_place_through_the_cards_htmx_endpoints()
    {
        var (_, client, id, list) = await DealAsync();
        using var _c = client;
        var card = await client.PageAsync($"/deals/{id}?tab=stages");
        var deal = await ReloadAsync(id);
        Assert.Equal(Order(deal), Shown(card));
        var rows = deal.Stages.OrderBy(s => s.Position).ToList();
        // The card offers each action in place: buttons per stage and the add form, all posting back to the card.
        Assert.NotNull(card.QuerySelector($"#stage-up-{rows[1].Id}"));
        Assert.NotNull(card.QuerySelector($"#stage-up-{rows[0].Id}[disabled]"));
        Assert.NotNull(card.QuerySelector($"#stage-down-{rows[2].Id}[disabled]"));
        Assert.NotNull(card.QuerySelector($"form[hx-post='/deals/{id}/stages/{rows[1].Id}/remove?back=card']"));
        Assert.NotNull(card.QuerySelector($"#add-stage[hx-post='/deals/{id}/stages/add?back=card'] select[name=StageId]"));

        // Add the fifth value before the second stage.
        var page = await CardPartAsync(await HtmxPostAsync(client, id, $"/deals/{id}/stages/add?back=card",
            ("StageId", list[4].ToString()), ("BeforeStageId", list[1].ToString()), ("ConcurrencyStamp", deal.ConcurrencyStamp.ToString())));
        deal = await ReloadAsync(id);
        Assert.Equal(new[] { list[0], list[4], list[1], list[2] }, Order(deal));
        Assert.Equal(Order(deal), Shown(page));
        Assert.Contains("Saved.", page.QuerySelector(".flash")!.TextContent);
        // The answer keeps the stages tab open.
        Assert.Contains("active", page.QuerySelector("#tab-stages")!.ClassName);

        // Move the first stage down, then the last one up.
        var first = deal.Stages.Single(s => s.StageId == list[0]).Id;
        page = await CardPartAsync(await HtmxPostAsync(client, id, $"/deals/{id}/stages/{first}/move?direction=1&back=card", ("ConcurrencyStamp", deal.ConcurrencyStamp.ToString())));
        deal = await ReloadAsync(id);
        Assert.Equal(new[] { list[4], list[0], list[1], list[2] }, Order(deal));
        Assert.Equal(Order(deal), Shown(page));
        Assert.Equal(list[4], deal.CurrentStageId);
        var last = deal.Stages.Single(s => s.StageId == list[2]).Id;
        page = await CardPartAsync(await HtmxPostAsync(client, id, $"/deals/{id}/stages/{last}/move?direction=-1&back=card", ("ConcurrencyStamp", deal.ConcurrencyStamp.ToString())));
        deal = await ReloadAsync(id);
        Assert.Equal(new[] { list[4], list[0], list[2], list[1] }, Order(deal));
        Assert.Equal(Order(deal), Shown(page));

        // A stage dragged over others moves by the places it travelled; the ones it passes keep their order.
        page = await CardPartAsync(await HtmxPostAsync(client, id, $"/deals/{id}/stages/{first}/move?direction=2&back=card", ("ConcurrencyStamp", deal.ConcurrencyStamp.ToString())));
        deal = await ReloadAsync(id);
        Assert.Equal(new[] { list[4], list[2], list[1], list[0] }, Order(deal));
        Assert.Equal(Order(deal), Shown(page));
        Assert.NotNull(page.QuerySelector($".stage-list-draggable > li[draggable=true][data-id='{first}']"));
        var tooFar = await CardPartAsync(await HtmxPostAsync(client, id, $"/deals/{id}/stages/{first}/move?direction=-4&back=card", ("ConcurrencyStamp", deal.ConcurrencyStamp.ToString())),
            HttpStatusCode.UnprocessableEntity);
        Assert.Contains("The stage cannot move further.", tooFar.QuerySelector(".validation-summary-errors, [data-valmsg-summary]")!.TextContent);
        page = await CardPartAsync(await HtmxPostAsync(client, id, $"/deals/{id}/stages/{first}/move?direction=-2&back=card", ("ConcurrencyStamp", deal.ConcurrencyStamp.ToString())));
        deal = await ReloadAsync(id);
        Assert.Equal(new[] { list[4], list[0], list[2], list[1] }, Order(deal));

        // Remove the second one.
        var second = deal.Stages.Single(s => s.StageId == list[0]).Id;
        page = await CardPartAsync(await HtmxPostAsync(client, id, $"/deals/{id}/stages/{second}/remove?back=card", ("ConcurrencyStamp", deal.ConcurrencyStamp.ToString())));
        deal = await ReloadAsync(id);
        Assert.Equal(new[] { list[4], list[2], list[1] }, Order(deal));
        Assert.Equal(Order(deal), Shown(page));
        Assert.Null(page.QuerySelector($"#stages li[data-id='{second}']"));
        // The history still names the removed stage: "Stage — deleted", was: its name (not its id).
        var removedName = await app.InDbAsync(db => db.ReferenceItems.Where(r => r.Id == list[0]).Select(r => r.NameEn).SingleAsync());
        var removal = page.QuerySelectorAll("#history tbody tr").Select(r => r.Children.Select(c => c.TextContent.Trim()).ToArray())
            .Single(c => c[2] == "Stage — deleted");
        Assert.Equal(("Stage", removedName, ""), (removal[3], removal[4], removal[5]));

        // Open a stage's plan in its row and save it there.
        var target = deal.Stages.Single(s => s.StageId == list[2]);
        page = await CardPartAsync(await HtmxGetAsync(client, $"/deals/{id}/stages/{target.Id}/edit"));
        var form = page.QuerySelector($"#stages li[data-id='{target.Id}'] form#edit-stage");
        Assert.NotNull(form);
        Assert.Equal($"/deals/{id}/stages/{target.Id}", form!.GetAttribute("hx-post"));
        Assert.Equal(deal.ConcurrencyStamp.ToString(), form.QuerySelector("input[name='EditStage.ConcurrencyStamp']")!.GetAttribute("value"));
        Assert.NotNull(form.QuerySelector("select#EditStage_ResponsibleId"));
        var (colleague, _) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        var yesterday = DateOnly.FromDateTime(DateTime.Now).AddDays(-1);
        page = await CardPartAsync(await HtmxPostAsync(client, id, $"/deals/{id}/stages/{target.Id}",
            ("EditStage.PlannedStart", "2026-02-01"), ("EditStage.PlannedEnd", "2026-02-20"), ("EditStage.CompletedOn", yesterday.ToString("yyyy-MM-dd")),
            ("EditStage.Note", "Согласовать смету"), ("EditStage.ResponsibleId", colleague), ("EditStage.ConcurrencyStamp", deal.ConcurrencyStamp.ToString())));
        var saved = (await ReloadAsync(id)).Stages.Single(s => s.Id == target.Id);
        Assert.Equal((new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 20), yesterday, "Согласовать смету", colleague),
            (saved.PlannedStart!.Value, saved.PlannedEnd!.Value, saved.CompletedOn!.Value, saved.Note, saved.ResponsibleId));
        Assert.Null(page.QuerySelector("#edit-stage"));
        Assert.Contains("Согласовать смету", page.QuerySelector($"#stages li[data-id='{target.Id}']")!.TextContent);

        // Next stage from the card, in place: the current one is completed today.
        deal = await ReloadAsync(id);
        var current = deal.CurrentStageId;
        page = await CardPartAsync(await HtmxPostAsync(client, id, $"/deals/{id}/next-stage", ("ConcurrencyStamp", deal.ConcurrencyStamp.ToString())));
        deal = await ReloadAsync(id);
        Assert.Equal(DateOnly.FromDateTime(DateTime.Now), deal.Stages.Single(s => s.StageId == current).CompletedOn);
        Assert.NotNull(page.QuerySelector($"#stages li.done[data-stage='{current}']"));

        // A stale stamp (the deal changed since the card was drawn): said on the card, nothing changes.
        var stale = await CardPartAsync(await HtmxPostAsync(client, id, $"/deals/{id}/stages/{target.Id}/move?direction=-1&back=card", ("ConcurrencyStamp", Guid.NewGuid().ToString())));
        Assert.Contains("Someone changed this deal after you opened it", stale.QuerySelector(".flash.alert-danger")!.TextContent);
        Assert.Equal(Order(deal), Order(await ReloadAsync(id)));
        var staleEdit = await CardPartAsync(await HtmxPostAsync(client, id, $"/deals/{id}/stages/{target.Id}",
            ("EditStage.Note", "lost update"), ("EditStage.ResponsibleId", colleague), ("EditStage.ConcurrencyStamp", Guid.NewGuid().ToString())));
        Assert.Contains("Someone changed this deal after you opened it", staleEdit.QuerySelector(".flash.alert-danger")!.TextContent);
        Assert.Equal("Согласовать смету", (await ReloadAsync(id)).Stages.Single(s => s.Id == target.Id).Note);
    }

    [Fact]
    public async Task Without_javascript_every_stage_action_posts_back_to_the_cards_stages_tab()
    {
        var (_, client, id, list) = await DealAsync();
        using var _c = client;
        var deal = await ReloadAsync(id);
        var back = $"/deals/{id}?tab=stages";
        async Task Redirected(HttpResponseMessage response)
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(back, response.Headers.Location!.OriginalString);
            deal = await ReloadAsync(id);
        }

        await Redirected(await PlainPostAsync(client, id, $"/deals/{id}/stages/add?back=card", ("StageId", list[3].ToString()), ("ConcurrencyStamp", deal.ConcurrencyStamp.ToString())));
        Assert.Equal(new[] { list[0], list[1], list[2], list[3] }, Order(deal));
        // The message comes with the card the redirect opens.
        Assert.Contains("Saved.", (await client.PageAsync(back)).Body!.TextContent);
        await Redirected(await PlainPostAsync(client, id, $"/deals/{id}/stages/{deal.Stages.Single(s => s.StageId == list[3]).Id}/move?direction=-1&back=card",
            ("ConcurrencyStamp", deal.ConcurrencyStamp.ToString())));
        Assert.Equal(new[] { list[0], list[1], list[3], list[2] }, Order(deal));
        await Redirected(await PlainPostAsync(client, id, $"/deals/{id}/stages/{deal.Stages.Single(s => s.StageId == list[1]).Id}/remove?back=card",
            ("ConcurrencyStamp", deal.ConcurrencyStamp.ToString())));
        Assert.Equal(new[] { list[0], list[3], list[2] }, Order(deal));

        // The stage's "edit" link opens the whole card with that row as a form; the form saves and returns to the card.
        var target = deal.Stages.Single(s => s.StageId == list[3]);
        var card = await client.PageAsync($"/deals/{id}?tab=stages");
        Assert.Equal($"/deals/{id}/stages/{target.Id}/edit", card.QuerySelector($"#stage-edit-{target.Id}")!.GetAttribute("href"));
        var editor = await client.PageAsync($"/deals/{id}/stages/{target.Id}/edit");
        Assert.NotNull(editor.QuerySelector("html body #deal-card"));
        Assert.Equal($"/deals/{id}/stages/{target.Id}", editor.QuerySelector("form#edit-stage")!.GetAttribute("action"));
        await Redirected(await client.PostFormAsync($"/deals/{id}/stages/{target.Id}", new Dictionary<string, string>
        {
            ["EditStage.PlannedStart"] = "2026-03-01", ["EditStage.PlannedEnd"] = "2026-03-31", ["EditStage.Note"] = "без JavaScript",
            ["EditStage.ResponsibleId"] = target.ResponsibleId ?? "", ["EditStage.ConcurrencyStamp"] = deal.ConcurrencyStamp.ToString(),
        }, $"/deals/{id}/stages/{target.Id}/edit"));
        var saved = deal.Stages.Single(s => s.Id == target.Id);
        Assert.Equal((new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), "без JavaScript"), (saved.PlannedStart!.Value, saved.PlannedEnd!.Value, saved.Note));

        // Errors come back on the whole card (422), next to the field, the row still open with what was typed.
        var refused = await client.PostFormAsync($"/deals/{id}/stages/{target.Id}", new Dictionary<string, string>
        {
            ["EditStage.PlannedStart"] = "2026-04-10", ["EditStage.PlannedEnd"] = "2026-04-01", ["EditStage.CompletedOn"] = DateTime.Now.AddDays(3).ToString("yyyy-MM-dd"),
            ["EditStage.Note"] = "typed", ["EditStage.ConcurrencyStamp"] = deal.ConcurrencyStamp.ToString(),
        }, $"/deals/{id}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var page = await CrmClient.ParseAsync(refused);
        Assert.NotNull(page.QuerySelector("html body #deal-card"));
        Assert.Equal("The end date cannot be before the start date.", Error(page, "EditStage_PlannedEnd"));
        Assert.Equal("The date cannot be in the future.", Error(page, "EditStage_CompletedOn"));
        Assert.Equal("typed", page.QuerySelector("#EditStage_Note")!.GetAttribute("value"));
        Assert.Equal("без JavaScript", (await ReloadAsync(id)).Stages.Single(s => s.Id == target.Id).Note);

        // A value that is not a stage: the add form shows the error next to its picker.
        var region = await app.InDbAsync(db => db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.Region).Select(r => r.Id).FirstAsync());
        var badAdd = await PlainPostAsync(client, id, $"/deals/{id}/stages/add?back=card", ("StageId", region.ToString()), ("ConcurrencyStamp", deal.ConcurrencyStamp.ToString()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badAdd.StatusCode);
        Assert.Equal("Choose a value from the list.", Error(await CrmClient.ParseAsync(badAdd), "AddStage_StageId"));
        // The same through htmx: the card partial with the error in place.
        var badHtmx = await CardPartAsync(await HtmxPostAsync(client, id, $"/deals/{id}/stages/add?back=card", ("StageId", list[0].ToString()),
            ("ConcurrencyStamp", deal.ConcurrencyStamp.ToString())), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("This stage is already on the deal.", Error(badHtmx, "AddStage_StageId"));
        Assert.Equal(3, (await ReloadAsync(id)).Stages.Count);

        // Next stage without JavaScript: back to the card's stages tab.
        var current = deal.CurrentStageId;
        await Redirected(await PlainPostAsync(client, id, $"/deals/{id}/next-stage", ("ConcurrencyStamp", deal.ConcurrencyStamp.ToString())));
        Assert.NotNull(deal.Stages.Single(s => s.StageId == current).CompletedOn);
    }

    [Fact]
    public async Task Bad_stage_input_on_the_card_is_refused_with_a_4xx_and_changes_nothing()
    {
        var (_, client, id, list) = await DealAsync();
        using var _c = client;
        var (_, otherName) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        using var other = await app.SignedInAsync(otherName);
        var (_, otherClient, otherDeal, _) = await DealAsync(1);
        using var _o = otherClient;
        var deal = await ReloadAsync(id);
        var stage = deal.Stages.OrderBy(s => s.Position).First();
        var foreign = (await ReloadAsync(otherDeal)).Stages.Single().Id;
        var stamp = deal.ConcurrencyStamp.ToString();

        // Another manager, who does not see the deal: 404 on every endpoint, in place or not.
        foreach (var url in new[] { $"/deals/{id}/stages/{stage.Id}/edit" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await HtmxGetAsync(other, url)).StatusCode);
        }
        foreach (var url in new[] { $"/deals/{id}/stages/add?back=card", $"/deals/{id}/stages/{stage.Id}/move?direction=1&back=card",
                     $"/deals/{id}/stages/{stage.Id}/remove?back=card", $"/deals/{id}/stages/{stage.Id}", $"/deals/{id}/next-stage" })
        {
            var fields = new Dictionary<string, string>
            {
                ["StageId"] = list[4].ToString(), ["ConcurrencyStamp"] = stamp, ["EditStage.Note"] = "forged", ["EditStage.ConcurrencyStamp"] = stamp,
            };
            Assert.Equal(HttpStatusCode.NotFound, (await other.PostFormAsync(url, fields, "/deals")).StatusCode);
        }

        // A stage of another deal (his own, even) is not found on this one.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/deals/{id}/stages/{foreign}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await HtmxPostAsync(client, id, $"/deals/{id}/stages/{foreign}", ("EditStage.Note", "x"), ("EditStage.ConcurrencyStamp", stamp))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await HtmxPostAsync(client, id, $"/deals/{id}/stages/{foreign}/move?direction=1&back=card", ("ConcurrencyStamp", stamp))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await HtmxPostAsync(client, id, $"/deals/{id}/stages/{foreign}/remove?back=card", ("ConcurrencyStamp", stamp))).StatusCode);
        // Even with a field error the foreign stage is a 404, not a form.
        Assert.Equal(HttpStatusCode.NotFound, (await HtmxPostAsync(client, id, $"/deals/{id}/stages/{foreign}",
            ("EditStage.Note", new string('n', 2001)), ("EditStage.ConcurrencyStamp", stamp))).StatusCode);

        // A post without the antiforgery token (a forged cross-site form): 400.
        var forged = new HttpRequestMessage(HttpMethod.Post, $"/deals/{id}/stages/{stage.Id}/remove?back=card")
        {
            Content = new FormUrlEncodedContent([new("ConcurrencyStamp", stamp)]),
        };
        forged.Headers.Add("HX-Request", "true");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.Http.SendAsync(forged)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.Http.PostAsync($"/deals/{id}/stages/{stage.Id}",
            new FormUrlEncodedContent([new("EditStage.Note", "forged"), new("EditStage.ConcurrencyStamp", stamp)]))).StatusCode);

        // Oversized and unreadable input: a message next to the field (422), never a 500.
        var big = await CardPartAsync(await HtmxPostAsync(client, id, $"/deals/{id}/stages/{stage.Id}",
            ("EditStage.Note", new string('n', 2001)), ("EditStage.ResponsibleId", new string('u', 5000)), ("EditStage.ConcurrencyStamp", stamp)),
            HttpStatusCode.UnprocessableEntity);
        Assert.Equal("At most 2000 characters.", Error(big, "EditStage_Note"));
        Assert.Equal("Choose a value from the list.", Error(big, "EditStage_ResponsibleId"));
        var unreadable = await CardPartAsync(await HtmxPostAsync(client, id, $"/deals/{id}/stages/{stage.Id}",
            ("EditStage.PlannedEnd", "31.31.2026"), ("EditStage.ConcurrencyStamp", stamp)), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("is-invalid", unreadable.QuerySelector("#EditStage_PlannedEnd")!.ClassName);
        var direction = await CardPartAsync(await HtmxPostAsync(client, id, $"/deals/{id}/stages/{stage.Id}/move?direction=up&back=card", ("ConcurrencyStamp", stamp)),
            HttpStatusCode.UnprocessableEntity);
        Assert.Contains("The stage cannot move further.", direction.QuerySelector(".validation-summary-errors, [data-valmsg-summary]")!.TextContent);
        var absurd = await HtmxPostAsync(client, id, $"/deals/{id}/stages/add?back=card", ("StageId", "99999999999999999999"), ("ConcurrencyStamp", stamp));
        Assert.True((int)absurd.StatusCode is >= 400 and < 500, $"answered {(int)absurd.StatusCode}");
        Assert.Equal(stamp, (await ReloadAsync(id)).ConcurrencyStamp.ToString());

        // A closed deal's stages are not opened for editing.
        await app.InDbAsync(async db =>
        {
            var d = await db.Deals.SingleAsync(x => x.Id == id);
            d.Status = DealStatus.Won;
            d.CloseDate = new DateOnly(2026, 1, 2);
            return await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/deals/{id}/stages/{stage.Id}/edit")).StatusCode);
        var closedCard = await client.PageAsync($"/deals/{id}?tab=stages");
        Assert.Null(closedCard.QuerySelector("#add-stage"));
        Assert.Null(closedCard.QuerySelector(".edit-stage, .move-up, .remove-stage"));
    }
}

public sealed class DealStageCardTestsSqlite(SqliteApp app) : DealStageCardTests(app);
public sealed class DealStageCardTestsPostgreSql(PostgreSqlApp app) : DealStageCardTests(app);
