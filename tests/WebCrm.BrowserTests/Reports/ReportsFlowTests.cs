using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MiniExcelLibs;
using UglyToad.PdfPig;
using WebCrm.BrowserTests.Infrastructure;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using static Microsoft.Playwright.Assertions;

namespace WebCrm.BrowserTests.Reports;

/// <summary>
/// Reports and the funnel in a real browser on the demo data: the director builds "sales by manager by month" as a bar
/// and a pie chart, opens the deals behind a cell, downloads the PDF and the XLSX; a manager opens the funnel and moves
/// a card of his own new deal on the board by dragging it and back with the card's stage choice. Each page passes an
/// axe scan and fits a 390 px phone without sideways scrolling.
/// </summary>
public sealed class ReportsFlowTests(CrmServer server, CrmBrowser browser) : BrowserTest(server, browser)
{
    private async Task AssertFitsAPhoneAsync(string what)
    {
        var size = Page.ViewportSize;
        await Page.SetViewportSizeAsync(390, 844);
        await AssertNoSidewaysScrollAsync(what);
        await AssertAccessibleAsync(what + " at phone width");
        if (size is not null)
        {
            await Page.SetViewportSizeAsync(size.Width, size.Height);
        }
    }

    private async Task<byte[]> DownloadAsync(string button, string extension, string contentType)
    {
        var download = await Page.RunAndWaitForDownloadAsync(() => Page.ClickAsync(button));
        Assert.EndsWith(extension, download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.True(bytes.Length > 500, $"{extension}: {bytes.Length} bytes");
        // The same link fetched with the page's cookies names its content type.
        var response = await Context.APIRequest.GetAsync(Server.Url((await Page.GetAttributeAsync(button, "href"))!));
        Assert.Equal(200, response.Status);
        Assert.StartsWith(contentType, response.Headers["content-type"]);
        return bytes;
    }

    private async Task<string> ChartTypeAsync() =>
        await Page.EvaluateAsync<string>("() => { const c = Chart.getChart(document.getElementById('report-chart')); return c ? c.config.type : ''; }");

    [Fact]
    public async Task The_director_builds_sales_by_manager_by_month_drills_into_a_cell_and_exports_pdf_and_xlsx()
    {
        await SignInAsync("director");
        await GoAsync("/reports");
        var today = DateTime.Today;
        await Page.SelectOptionAsync("#M", "Sales");
        await Page.SelectOptionAsync("#R", "Salesperson");
        await Page.SelectOptionAsync("#Step", "Month");
        await Page.SelectOptionAsync("#Quick", "");
        await Page.FillAsync("#From", today.AddMonths(-11).ToString("yyyy-MM-01", CultureInfo.InvariantCulture));
        await Page.FillAsync("#To", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Page.SelectOptionAsync("#Chart", "Bar");
        await Page.ClickAsync("#build");
        await Expect(Page.Locator("#report-table")).ToBeVisibleAsync();
        await Expect(Page.Locator("#report-table thead th[data-key]")).ToHaveCountAsync(12);
        Assert.True(await Page.Locator("#report-table tbody tr").CountAsync() >= 2, "fewer than two managers sold in the year");
        Assert.Equal("bar", await ChartTypeAsync());
        var title = (await Page.InnerTextAsync("#report-title")).Trim();
        await AssertAccessibleAsync("report with a bar chart");
        await AssertFitsAPhoneAsync("report with a bar chart");

        // The same report as a pie: one slice per manager.
        await Page.SelectOptionAsync("#Chart", "Pie");
        await Page.ClickAsync("#build");
        await Expect(Page.Locator("canvas#report-chart")).ToBeVisibleAsync();
        Assert.Equal("pie", await ChartTypeAsync());
        var slices = await Page.EvaluateAsync<int>("() => Chart.getChart(document.getElementById('report-chart')).data.labels.length");
        Assert.Equal(await Page.Locator("#report-table tbody tr").CountAsync(), slices);
        var reportUrl = Page.Url;

        // Drill down: the deals behind the first non-empty cell add up to it.
        var cell = Page.Locator("#report-table td.cell a").First;
        var value = decimal.Parse((await cell.Locator("xpath=..").GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture);
        await cell.ClickAsync();
        await Expect(Page.Locator("#drill-deals")).ToBeVisibleAsync();
        Assert.Equal(value, decimal.Parse((await Page.GetAttributeAsync("#drill-total", "data-value"))!, CultureInfo.InvariantCulture));
        var values = await Page.Locator("#drill-deals tbody td.value").EvaluateAllAsync<string[]>("cells => cells.map(c => c.dataset.value)");
        Assert.NotEmpty(values);
        Assert.Equal(value, values.Sum(v => decimal.Parse(v, CultureInfo.InvariantCulture)));
        await AssertAccessibleAsync("deals behind a cell");
        await AssertFitsAPhoneAsync("deals behind a cell");

        // Exports: the downloads arrive, are what they say and carry the report.
        await Page.GotoAsync(reportUrl);
        var pdf = await DownloadAsync("#export-pdf", ".pdf", "application/pdf");
        using (var document = PdfDocument.Open(pdf))
        {
            var text = string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
            Assert.All(title.Split(' ', StringSplitOptions.RemoveEmptyEntries), word => Assert.Contains(word, text));
        }
        var xlsx = await DownloadAsync("#export-xlsx", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        using (var stream = new MemoryStream(xlsx))
        {
            var rows = stream.Query().Cast<IDictionary<string, object>>().ToList();
            Assert.Equal(title, rows[0].Values.First()?.ToString());
            Assert.True(rows.Count >= 5, $"{rows.Count} rows in the sheet");
        }
    }

    /// <summary>A new open deal of manager1's at the first stage, started today so the board shows it first.</summary>
    private async Task<(int DealId, List<int> Stages)> NewDealAsync(string title)
    {
        using var scope = Server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var manager = await db.Users.Where(u => u.UserName == "manager1").Select(u => u.Id).SingleAsync();
        var stages = await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.DealStage && r.IsActive).OrderBy(r => r.SortOrder).ThenBy(r => r.Id)
            .Select(r => r.Id).ToListAsync();
        var rub = await db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync();
        var company = new Company { Name = "ООО " + title, ResponsibleId = manager };
        db.Companies.Add(company);
        await db.SaveChangesAsync();
        var deal = new Deal { Title = title, ResponsibleId = manager, CompanyId = company.Id, CurrencyId = rub, Status = DealStatus.Open, StartDate = DateOnly.FromDateTime(DateTime.Today) };
        DealStagePlan.LayOut(deal, stages, manager);
        deal.Recalculate(2, s => stages.IndexOf(s), _ => false);
        deal.RefreshSearchText();
        db.Deals.Add(deal);
        await db.SaveChangesAsync();
        return (deal.Id, stages);
    }

    [Fact]
    public async Task A_manager_opens_the_funnel_and_moves_a_card_over_stages_by_dragging_and_back_with_its_stage_choice()
    {
        var title = "Board " + Guid.NewGuid().ToString("N")[..8];
        var (dealId, stages) = await NewDealAsync(title);
        Assert.True(stages.Count >= 3, "the stage list needs three stages");
        await SignInAsync("manager1");
        await GoAsync("/funnel");
        await Expect(Page.Locator("#funnel-table")).ToBeVisibleAsync();
        await AssertAccessibleAsync("funnel");
        await AssertFitsAPhoneAsync("funnel");

        await GoAsync("/funnel/board");
        var card = Page.Locator($".board-card[data-id='{dealId}']");
        await Expect(Page.Locator($".board-column[data-stage='{stages[0]}'] .board-card[data-id='{dealId}']")).ToBeVisibleAsync();
        await AssertAccessibleAsync("board");
        await AssertFitsAPhoneAsync("board");

        // Dragged over the second stage onto the third: the card lands there after the page comes back.
        var target = Page.Locator($".board-column[data-stage='{stages[2]}']");
        await target.ScrollIntoViewIfNeededAsync();
        await card.DragToAsync(target);
        await Expect(Page.Locator($".board-column[data-stage='{stages[2]}'] .board-card[data-id='{dealId}']")).ToBeVisibleAsync();
        await Expect(Page.Locator(".alert-success, [role=status]").First).ToContainTextAsync(new Regex("moved", RegexOptions.IgnoreCase));

        // Back to the first stage with the card's "Move…" and the board's shared menu (the keyboard path).
        await Page.Locator($".board-card[data-id='{dealId}'] a.board-move-open").ClickAsync();
        await Expect(Page.Locator("dialog#board-move")).ToBeVisibleAsync();
        await Page.SelectOptionAsync("#board-move-stage", stages[0].ToString(CultureInfo.InvariantCulture));
        await Page.Locator("#board-move-form button[type=submit]").ClickAsync();
        await Expect(Page.Locator($".board-column[data-stage='{stages[0]}'] .board-card[data-id='{dealId}']")).ToBeVisibleAsync();
    }
}
