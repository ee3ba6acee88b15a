using Microsoft.Playwright;
using WebCrm.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WebCrm.BrowserTests.Shell;

/// <summary>At phone width the pages fit the screen and the module panel stays usable.</summary>
public sealed class PhoneWidthTests(CrmServer server, CrmBrowser browser) : BrowserTest(server, browser)
{
    private const int Width = 390;

    protected override BrowserNewContextOptions ContextOptions() => new()
    {
        Locale = "en-US",
        ViewportSize = new ViewportSize { Width = Width, Height = 740 },
        IsMobile = true,
        HasTouch = true,
    };

    [Theory]
    [InlineData("/")]
    [InlineData("/admin/users")]
    [InlineData("/clients")]
    [InlineData("/clients/1")]
    [InlineData("/deals")]
    [InlineData("/deals/1")]
    [InlineData("/clients/new")]
    [InlineData("/clients/1?tab=deals")]
    [InlineData("/clients/1?tab=history")]
    [InlineData("/deals/1?tab=payments")]
    [InlineData("/deals/1?tab=documents")]
    [InlineData("/deals/1?tab=stages")]
    [InlineData("/deals/1/stages")]
    [InlineData("/deals/new?companyId=1")]
    [InlineData("/products")]
    [InlineData("/exchange-rates")]
    [InlineData("/admin/lists")]
    public async Task Page_does_not_scroll_sideways_and_shows_the_modules(string path)
    {
        await SignInAsync("admin");
        await GoAsync(path);
        await Expect(Page.Locator("main h1")).ToBeVisibleAsync();

        var widths = await Page.EvaluateAsync<int[]>(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        var (scrollWidth, clientWidth) = (widths[0], widths[1]);
        // Name the widest elements that stick out, so a failure says where to look.
        var culprits = scrollWidth <= clientWidth + 1 ? "" : await Page.EvaluateAsync<string>(
            "w => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1)" +
            ".slice(-4).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + [...e.classList].join('.') + ' ' + Math.round(e.getBoundingClientRect().right) + ' in ' + (e.parentElement?.parentElement?.id || e.parentElement?.parentElement?.className) + ' \"' + (e.textContent || '').trim().slice(0, 30) + '\"').join('; ') + ' | chain: ' + (() => { let e = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1).pop(), out = []; while (e && e !== document.body) { const r = e.getBoundingClientRect(); out.push(e.tagName.toLowerCase() + '.' + [...e.classList].join('.') + ' ' + Math.round(r.left) + '-' + Math.round(r.right)); e = e.parentElement; } return out.join(' < '); })()",
            clientWidth);
        Assert.True(scrollWidth <= clientWidth + 1, $"{path}: page is {scrollWidth}px wide on a {clientWidth}px screen: {culprits}");

        // The panel becomes a strip above the page rather than a column squeezing it.
        var main = await Page.Locator("main#main").BoundingBoxAsync();
        var panel = await Page.Locator("#modules").BoundingBoxAsync();
        Assert.NotNull(main);
        Assert.NotNull(panel);
        Assert.True(main.Width >= clientWidth * 0.9, $"{path}: the page content is squeezed to {main.Width}px of {clientWidth}px");
        Assert.True(panel.Y + panel.Height <= main.Y + 1, $"{path}: the module panel is not above the page content");

        var links = Page.Locator("#modules a");
        Assert.Equal(8, await links.CountAsync());
        foreach (var link in await links.AllAsync())
        {
            await Expect(link).ToBeVisibleAsync();
            var box = await link.BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.X >= 0 && box.X + box.Width <= clientWidth + 1,
                $"{path}: module link '{await link.InnerTextAsync()}' lies outside the screen ({box.X}..{box.X + box.Width})");
        }
    }
}
