using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Deals;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Reports;

/// <summary>
/// The funnel over the report fixture (deals reached per stage, their amount, conversions, losses with reasons, days
/// per stage, each computed here from the fixture's records) and the board of open deals, where a move completes
/// the current stage through the Deals module with the stamp checked and the change recorded in history.
/// </summary>
public abstract partial class FunnelTests(CrmApp app)
{
    private static decimal? Number(string? s) => string.IsNullOrEmpty(s) ? null : decimal.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_funnel_counts_reached_stages_conversions_losses_and_days_like_the_fixture_says()
    {
        var f = await ReportFixture.ForAsync(app);
        var e = new ReportExpectations(f);
        foreach (var (client, userId) in new[] { (await app.SignedInAsync(f.DirectorName), (string?)null), (await app.SignedInAsync(f.M1Name), f.M1) })
        {
            // Up to 28 May: the deal the board test moves (O3, started on the 29th) stays out of this period.
            var page = await client.PageAsync("/funnel?From=2025-01-01&To=2025-05-28");
            var deals = f.Deals.Where(d => e.Sees(d, userId) && d.Start >= new DateOnly(2025, 1, 1) && d.Start <= new DateOnly(2025, 5, 28)).ToList();
            bool Reached(ReportFixture.DealSpec d, int stage) =>
                d.Stages.Any(s => s.StageId == stage && s.CompletedOn != null) || d.CurrentStageId == stage || d.LostAtStageId == stage;
            var stages = f.StageList.Where(s => deals.Any(d => Reached(d, s))).ToList();
            var rows = page.QuerySelectorAll("#funnel-table tbody tr").ToList();
            Assert.Equal(stages, rows.Select(r => int.Parse(r.GetAttribute("data-stage")!, CultureInfo.InvariantCulture)));
            var first = deals.Count(d => Reached(d, stages[0]));
            for (var i = 0; i < stages.Count; i++)
            {
                var here = deals.Where(d => Reached(d, stages[i])).ToList();
                var row = rows[i];
                Assert.Equal(here.Count, Number(row.QuerySelector(".reached")!.GetAttribute("data-value")));
                var amount = Math.Round(here.Sum(d => d.Lines.Sum(l => l.Amount) * e.Rate(d.CurrencyId, d.Start)), 2, MidpointRounding.AwayFromZero);
                Assert.Equal(amount, Number(row.QuerySelector(".amount")!.GetAttribute("data-value")));
                var next = i + 1 < stages.Count ? deals.Count(d => Reached(d, stages[i + 1])) : (int?)null;
                Assert.Equal(next is { } n ? Math.Round(100m * n / here.Count, 1) : null, Number(row.QuerySelector(".to-next")!.GetAttribute("data-value")));
                Assert.Equal(Math.Round(100m * here.Count / first, 1), Number(row.QuerySelector(".from-first")!.GetAttribute("data-value")));
                Assert.Equal(deals.Count(d => d.Status == DealStatus.Lost && d.LostAtStageId == stages[i]), Number(row.QuerySelector(".lost")!.GetAttribute("data-value")));
                var spent = deals.SelectMany(d => d.Stages.Where(s => s.StageId == stages[i] && s.CompletedOn != null).Select(s =>
                    s.CompletedOn!.Value.DayNumber - (d.Stages.Where(o => o.CompletedOn != null && o.CompletedOn < s.CompletedOn).Select(o => o.CompletedOn!.Value)
                        .DefaultIfEmpty(d.Start).Max()).DayNumber)).ToList();
                Assert.Equal(spent.Count == 0 ? null : Math.Round((decimal)spent.Average(), 1), Number(row.QuerySelector(".days")!.GetAttribute("data-value")));
            }
            var lostRow = rows.First(r => r.GetAttribute("data-stage") == deals.First(d => d.Status == DealStatus.Lost).LostAtStageId!.Value.ToString(CultureInfo.InvariantCulture));
            Assert.Matches(@": \d", lostRow.QuerySelector(".reasons")!.TextContent);
            Assert.NotNull(page.QuerySelector("canvas#report-chart[data-chart]"));
        }
    }

    [Fact]
    public async Task A_bad_funnel_period_gets_a_message_not_a_500()
    {
        var f = await ReportFixture.ForAsync(app);
        using var director = await app.SignedInAsync(f.DirectorName);
        var response = await director.GetAsync("/funnel?From=2025-06-01&To=2025-01-01");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.NotNull((await CrmClient.ParseAsync(response)).QuerySelector("#funnel-errors li"));
    }

    [Fact]
    public async Task A_move_on_the_board_completes_the_current_stage_checked_and_recorded()
    {
        var f = await ReportFixture.ForAsync(app);
        var e = new ReportExpectations(f);
        using var m1 = await app.SignedInAsync(f.M1Name);
        var board = await m1.PageAsync("/funnel/board");
        var open = f.Deals.Where(d => d.Status == DealStatus.Open && d.CurrentStageId != null && e.Sees(d, f.M1)).ToList();
        var cards = board.QuerySelectorAll("#board .board-card").Select(c => int.Parse(c.GetAttribute("data-id")!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(open.Select(d => d.Id).Order(), cards.Order());
        foreach (var d in open)
        {
            Assert.NotNull(board.QuerySelector($".board-column[data-stage='{d.CurrentStageId}'] .board-card[data-id='{d.Id}']"));
        }

        // The director moves O3 (outside the funnel test's period; not one of m1's cards).
        using var director = await app.SignedInAsync(f.DirectorName);
        var deal = f.Deals.Single(d => d.Title == "O3");
        Assert.DoesNotContain(deal.Id, cards);
        var stamp = await app.InDbAsync(db => db.Deals.Where(x => x.Id == deal.Id).Select(x => x.ConcurrencyStamp).SingleAsync());
        var stale = await director.PostFormAsync($"/funnel/board/{deal.Id}/next", new { stamp = Guid.NewGuid() }, "/funnel/board");
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.Equal(deal.CurrentStageId, await app.InDbAsync(db => db.Deals.Where(x => x.Id == deal.Id).Select(x => x.CurrentStageId).SingleAsync()));

        var moved = await director.PostFormAsync($"/funnel/board/{deal.Id}/next", new { stamp }, "/funnel/board");
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        var order = f.StageList.ToList();
        var now = await app.InDbAsync(db => db.Deals.Where(x => x.Id == deal.Id).Select(x => x.CurrentStageId).SingleAsync());
        Assert.True(order.IndexOf(now!.Value) > order.IndexOf(deal.CurrentStageId!.Value));
        Assert.True(await app.InDbAsync(db => db.ChangeLog.AnyAsync(c => c.EntityType == nameof(DealStage) && c.RootId == deal.Id.ToString(CultureInfo.InvariantCulture) && c.Field == nameof(DealStage.CompletedOn))));
        Assert.NotNull((await director.PageAsync("/funnel/board")).QuerySelector($".board-column[data-stage='{now}'] .board-card[data-id='{deal.Id}']"));

        // Another manager who does not see the deal cannot move it.
        var (_, other) = await app.CreateUserAsync(Domain.Security.RoleTemplates.Manager.Permissions);
        using var stranger = await app.SignedInAsync(other);
        var newStamp = await app.InDbAsync(db => db.Deals.Where(x => x.Id == deal.Id).Select(x => x.ConcurrencyStamp).SingleAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostFormAsync($"/funnel/board/{deal.Id}/next", new { stamp = newStamp }, "/funnel/board")).StatusCode);
    }
}

public sealed class FunnelTestsSqlite(IsolatedSqliteApp app) : FunnelTests(app), IClassFixture<IsolatedSqliteApp>;
public sealed class FunnelTestsPostgreSql(IsolatedPostgreSqlApp app) : FunnelTests(app), IClassFixture<IsolatedPostgreSqlApp>;
