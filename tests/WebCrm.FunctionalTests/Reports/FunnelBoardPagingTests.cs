using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;
using WebCrm.Web.Features.Funnel;

namespace WebCrm.FunctionalTests.Reports;

/// <summary>
/// A board column shows its newest <see cref="FunnelBoard.PageSize"/> cards; "show more" brings the next page in place
/// (htmx) or the board with that column longer (a plain link), and page by page the column is exactly the stage's
/// open deals, newest start first, then the highest id — an order computed here. The deals are a new manager's,
/// started after the funnel test's period, at the first stage (the director's board test looks at later columns).
/// </summary>
public abstract partial class FunnelTests
{
    private static List<int> CardIds(IParentNode page, string column) =>
        page.QuerySelectorAll($"{column} .board-card").Select(c => int.Parse(c.GetAttribute("data-id")!, CultureInfo.InvariantCulture)).ToList();

    private static string WithoutFragment(string url) => url.Split('#')[0];

    [Fact]
    public async Task Show_more_pages_a_column_to_exactly_its_deals_newest_first_with_htmx_and_without()
    {
        var f = await ReportFixture.ForAsync(app);
        var stages = f.StageList;
        var (owner, ownerName) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions, "bp");
        var total = 2 * FunnelBoard.PageSize + 3;
        var made = await app.InDbAsync(async db =>
        {
            var company = new Company { Name = "Board pages " + Guid.NewGuid().ToString("N")[..6], ResponsibleId = owner };
            db.Companies.Add(company);
            await db.SaveChangesAsync();
            var deals = Enumerable.Range(0, total).Select(i =>
            {
                // Five start dates for 23 deals: the id decides between deals started the same day.
                var deal = new Deal { Title = $"Page {i}", ResponsibleId = owner, CompanyId = company.Id, CurrencyId = f.Rub, Status = DealStatus.Open,
                    StartDate = new DateOnly(2025, 8, 1 + i % 5) };
                DealStagePlan.LayOut(deal, stages, owner);
                deal.Recalculate(2, s => stages.ToList().IndexOf(s), _ => false);
                deal.RefreshSearchText();
                return deal;
            }).ToList();
            db.Deals.AddRange(deals);
            await db.SaveChangesAsync();
            return deals.Select(d => (d.Id, d.StartDate)).ToList();
        });
        var expected = made.OrderByDescending(d => d.StartDate).ThenByDescending(d => d.Id).Select(d => d.Id).ToList();
        var column = $".board-column[data-stage='{stages[0]}']";

        using var client = await app.SignedInAsync(ownerName);
        var board = await client.PageAsync("/funnel/board");
        Assert.Equal(expected.Take(FunnelBoard.PageSize), CardIds(board, column));
        Assert.Equal(total.ToString(CultureInfo.InvariantCulture), board.QuerySelector($"{column} h2 .badge")!.TextContent.Trim());
        // The cards have no forms of their own: they submit the board's shared ones.
        Assert.Empty(board.QuerySelectorAll(".board-card form"));
        Assert.Single(board.QuerySelectorAll("form#board-next"));
        Assert.Single(board.QuerySelectorAll("dialog#board-move form#board-move-form"));

        // htmx: each "show more" answers the next cards and the next "show more", never the page.
        var seen = CardIds(board, column);
        var more = board.QuerySelector($"{column} .board-more a");
        var firstMore = more!.GetAttribute("hx-get")!;
        while (more is not null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, more.GetAttribute("hx-get"));
            request.Headers.Add("HX-Request", "true");
            var response = await client.Http.SendAsync(request);
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, html);
            Assert.DoesNotContain("<html", html, StringComparison.OrdinalIgnoreCase);
            var part = await CrmClient.ParseAsync(new HttpResponseMessage { Content = new StringContent(html) });
            seen.AddRange(CardIds(part, "body"));
            more = part.QuerySelector(".board-more a");
        }
        Assert.Equal(expected, seen);

        // Without JavaScript the link shows the board with this column a page longer, until it is whole.
        var longer = await client.PageAsync(WithoutFragment(board.QuerySelector($"{column} .board-more a")!.GetAttribute("href")!));
        Assert.Equal(expected.Take(2 * FunnelBoard.PageSize), CardIds(longer, column));
        var whole = await client.PageAsync(WithoutFragment(longer.QuerySelector($"{column} .board-more a")!.GetAttribute("href")!));
        Assert.Equal(expected, CardIds(whole, column));
        Assert.Null(whole.QuerySelector($"{column} .board-more"));
        // The htmx address asked by a plain request sends the board instead.
        var plain = await client.GetAsync(firstMore);
        Assert.Equal(HttpStatusCode.Redirect, plain.StatusCode);
        Assert.StartsWith($"/funnel/board?stageId={stages[0]}&shown={2 * FunnelBoard.PageSize}", plain.Headers.Location!.OriginalString);
    }
}
