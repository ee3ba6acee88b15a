using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Reports;

/// <summary>
/// The board moves a card to any stage of its deal — forward over stages, back — through the Deals module: the stamp,
/// the right to plan every stage the move changes, a closed deal and a stage the deal does not go through are refused,
/// and each stage's completion is recorded in history. The deal is a new one of a new manager, started after the
/// funnel test's period, so the other board and funnel tests never see it.
/// </summary>
public abstract partial class FunnelTests
{
    /// <summary>The deal's current stage, each stage's completion in list order, its stamp and status (a record: compared by value).</summary>
    private sealed record BoardState(int Current, string Completions, Guid Stamp, DealStatus Status)
    {
        public DateOnly?[] Completed => Completions.Split(',').Select(c => c.Length == 0 ? (DateOnly?)null : DateOnly.Parse(c, CultureInfo.InvariantCulture)).ToArray();
    }

    private Task<BoardState> StateAsync(int dealId, IReadOnlyList<int> stages) =>
        app.InDbAsync(async db =>
        {
            var d = await db.Deals.AsNoTracking().Include(x => x.Stages).SingleAsync(x => x.Id == dealId);
            return new BoardState(d.CurrentStageId ?? 0,
                string.Join(",", stages.Select(s => d.Stages.Single(x => x.StageId == s).CompletedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "")),
                d.ConcurrencyStamp, d.Status);
        });

    [Fact]
    public async Task A_card_moves_to_any_stage_of_its_deal_forward_and_back_with_rights_stamp_and_history_checked()
    {
        var f = await ReportFixture.ForAsync(app);
        var stages = f.StageList;
        Assert.True(stages.Count >= 4, "the stage list needs four stages");
        var (owner, ownerName) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions, "bo");
        var (helper, helperName) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions, "bh");
        var dealId = await app.InDbAsync(async db =>
        {
            var company = new Company { Name = "Board move " + Guid.NewGuid().ToString("N")[..6], ResponsibleId = owner };
            db.Companies.Add(company);
            await db.SaveChangesAsync();
            var deal = new Deal { Title = "Move me", ResponsibleId = owner, CompanyId = company.Id, CurrencyId = f.Rub, Status = DealStatus.Open, StartDate = new DateOnly(2025, 7, 1) };
            DealStagePlan.LayOut(deal, stages, owner);
            deal.Stages.Single(s => s.StageId == stages[1]).ResponsibleId = helper;
            deal.Recalculate(2, s => stages.ToList().IndexOf(s), _ => false);
            deal.RefreshSearchText();
            db.Deals.Add(deal);
            await db.SaveChangesAsync();
            return deal.Id;
        });
        using var client = await app.SignedInAsync(ownerName);
        var board = await client.PageAsync("/funnel/board");
        var card = board.QuerySelector($".board-column[data-stage='{stages[0]}'] .board-card[data-id='{dealId}']");
        Assert.NotNull(card);
        Assert.Equal(stages.Skip(1).Select(s => s.ToString(CultureInfo.InvariantCulture)), card!.GetAttribute("data-targets")!.Split(' '));
        // The card's "Move…" opens the board's shared menu; without JavaScript it is a page with the same choice.
        var menu = await client.PageAsync(card.QuerySelector("a.board-move-open")!.GetAttribute("href")!);
        Assert.Equal(stages.Skip(1).Select(s => s.ToString(CultureInfo.InvariantCulture)),
            menu.QuerySelectorAll("#move-form select[name=stageId] option").Select(o => o.GetAttribute("value")));
        Assert.NotNull(menu.QuerySelector($"#next-form[action='/funnel/board/{dealId}/next']"));

        var today = DateOnly.FromDateTime(DateTime.Now);
        Task<HttpResponseMessage> Move(CrmClient c, int stage, Guid stamp) =>
            c.PostFormAsync($"/funnel/board/{dealId}/move", new { stageId = stage.ToString(CultureInfo.InvariantCulture), stamp }, "/funnel/board");

        // A stale stamp changes nothing.
        var start = await StateAsync(dealId, stages);
        // "Next stage" submits the board's one shared form with this deal's address and stamp.
        var next = card.QuerySelector("button.board-next")!;
        Assert.Equal(("board-next", $"/funnel/board/{dealId}/next", start.Stamp.ToString()), (next.GetAttribute("form"), next.GetAttribute("formaction"), next.GetAttribute("value")));
        Assert.Equal(HttpStatusCode.Redirect, (await Move(client, stages[3], Guid.NewGuid())).StatusCode);
        Assert.Equal(start, await StateAsync(dealId, stages));

        // Forward over two stages: the three before the target are completed, the target is current.
        Assert.Equal(HttpStatusCode.Redirect, (await Move(client, stages[3], start.Stamp)).StatusCode);
        var forward = await StateAsync(dealId, stages);
        Assert.Equal(stages[3], forward.Current);
        Assert.All(forward.Completed.Take(3), c => Assert.NotNull(c));
        Assert.All(forward.Completed.Skip(3), c => Assert.Null(c));
        Assert.InRange(forward.Completed[0]!.Value.DayNumber, today.DayNumber - 1, today.DayNumber + 1);
        Assert.NotNull((await client.PageAsync("/funnel/board")).QuerySelector($".board-column[data-stage='{stages[3]}'] .board-card[data-id='{dealId}']"));
        var root = dealId.ToString(CultureInfo.InvariantCulture);
        Task<int> HistoryAsync() => app.InDbAsync(db => db.ChangeLog.CountAsync(c => c.EntityType == nameof(DealStage) && c.RootId == root && c.Field == nameof(DealStage.CompletedOn)));
        var recorded = await HistoryAsync();
        Assert.True(recorded >= 3, $"{recorded} completions recorded");

        // Back to the second stage: it and the third are open again.
        Assert.Equal(HttpStatusCode.Redirect, (await Move(client, stages[1], forward.Stamp)).StatusCode);
        var back = await StateAsync(dealId, stages);
        Assert.Equal(stages[1], back.Current);
        Assert.NotNull(back.Completed[0]);
        Assert.All(back.Completed.Skip(1), c => Assert.Null(c));
        Assert.True(await HistoryAsync() > recorded);

        // The responsible of the second stage may complete his own stage, not the third one (not his).
        using var stageUser = await app.SignedInAsync(helperName);
        Assert.Equal(HttpStatusCode.Forbidden, (await Move(stageUser, stages[3], back.Stamp)).StatusCode);
        Assert.Equal(back, await StateAsync(dealId, stages));
        Assert.Equal(HttpStatusCode.Redirect, (await Move(stageUser, stages[2], back.Stamp)).StatusCode);
        var his = await StateAsync(dealId, stages);
        Assert.Equal(stages[2], his.Current);

        // A stage the deal does not go through, and the stage it is at, change nothing.
        var lossReason = await app.InDbAsync(db => db.ReferenceItems.Where(r => r.Kind == Domain.Reference.ReferenceListKind.LossReason).Select(r => r.Id).FirstAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await Move(client, lossReason, his.Stamp)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Move(client, stages[2], his.Stamp)).StatusCode);
        Assert.Equal(his, await StateAsync(dealId, stages));

        // Someone who does not see the deal gets 404; a won deal is read-only.
        var (_, strangerName) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions, "bs");
        using var stranger = await app.SignedInAsync(strangerName);
        Assert.Equal(HttpStatusCode.NotFound, (await Move(stranger, stages[0], his.Stamp)).StatusCode);
        await app.InDbAsync(db => db.Deals.Where(d => d.Id == dealId).ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DealStatus.Won).SetProperty(d => d.CloseDate, today)));
        var won = await StateAsync(dealId, stages);
        Assert.Equal(HttpStatusCode.Redirect, (await Move(client, stages[0], won.Stamp)).StatusCode);
        Assert.Equal(won, await StateAsync(dealId, stages));
    }
}
