using Microsoft.Playwright;
using WebCrm.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WebCrm.BrowserTests.Shell;

/// <summary>
/// The two big lists on a desktop screen, in Russian (the longer words): at 1280 px the page does not scroll
/// sideways and no column (the debt at the right end) is cut off or hidden in a scrolling box; at 1440 px every row
/// is one line high (long names and phones are cut with an ellipsis, the full value in the title).
/// </summary>
public abstract class DesktopWidthTests(CrmServer server, CrmBrowser browser, int width) : BrowserTest(server, browser)
{
    protected override BrowserNewContextOptions ContextOptions() => new()
    {
        Locale = "ru-RU",
        ViewportSize = new ViewportSize { Width = width, Height = 900 },
    };

    protected async Task OpenAsync(string path)
    {
        await SignInAsync("admin");
        await GoAsync(path);
        await Expect(Page.Locator("main h1")).ToBeVisibleAsync();
        Assert.True(await Page.Locator("main table tbody tr").CountAsync() >= 10, $"{path}: the demo list should have rows to measure");
    }

    protected async Task AssertNoColumnCutAsync(string path)
    {
        await AssertNoSidewaysScrollAsync(path);
        var widths = await Page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        // A table inside a scrolling box would hide the overflow from the page but still cut the last columns.
        var cut = await Page.EvaluateAsync<string>(
            "() => [...document.querySelectorAll('main table')].map(t => { const box = t.closest('.table-responsive') || t.parentElement;" +
            " return box.scrollWidth > box.clientWidth + 1 ? `table ${t.id || t.className} is ${box.scrollWidth}px in ${box.clientWidth}px` : ''; })" +
            ".filter(x => x).join('; ')");
        Assert.True(cut == "", $"{path}: {cut}");
        var lastHeader = await Page.Locator("main table thead th:visible").Last.BoundingBoxAsync();
        Assert.NotNull(lastHeader);
        Assert.True(lastHeader.X + lastHeader.Width <= widths[1] + 1, $"{path}: the last column ends at {lastHeader.X + lastHeader.Width}px, past {widths[1]}px");
    }

    protected async Task AssertOneLinePerRowAsync(string path)
    {
        // A cell's content taller than 1.5 lines has wrapped.
        var wrapped = await Page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('main table tbody tr')].flatMap((tr, i) => [...tr.cells].map((td, j) => {" +
            " const s = getComputedStyle(td); const line = parseFloat(s.lineHeight) || parseFloat(s.fontSize) * 1.5;" +
            " const content = td.clientHeight - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom);" +
            " return content > line * 1.5 ? `row ${i + 1}, column ${j + 1}: ${Math.round(content)}px for a ${Math.round(line)}px line: \"${td.textContent.trim().slice(0, 40)}\"` : ''; }))" +
            ".filter(x => x)");
        Assert.True(wrapped.Length == 0, $"{path}: rows wrap: {string.Join("; ", wrapped.Take(5))}");
    }
}

public sealed class DesktopWidth1280Tests(CrmServer server, CrmBrowser browser) : DesktopWidthTests(server, browser, 1280)
{
    [Theory]
    [InlineData("/clients")]
    [InlineData("/deals")]
    [InlineData("/clients?size=100")]
    public async Task List_fits_the_window_without_sideways_scrolling(string path)
    {
        await OpenAsync(path);
        await AssertNoColumnCutAsync(path);
    }
}

public sealed class DesktopWidth1440Tests(CrmServer server, CrmBrowser browser) : DesktopWidthTests(server, browser, 1440)
{
    [Theory]
    [InlineData("/clients")]
    [InlineData("/deals")]
    public async Task List_fits_and_shows_one_line_per_row(string path)
    {
        await OpenAsync(path);
        await AssertNoColumnCutAsync(path);
        await AssertOneLinePerRowAsync(path);
    }
}
