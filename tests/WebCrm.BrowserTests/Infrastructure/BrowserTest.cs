using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace WebCrm.BrowserTests.Infrastructure;

/// <summary>Base of every browser test: a fresh browser context and page per test against the shared server.</summary>
public abstract class BrowserTest(CrmServer server, CrmBrowser browser) : IAsyncLifetime
{
    protected CrmServer Server => server;
    protected CrmBrowser Browser => browser;
    protected IBrowserContext Context { get; private set; } = null!;
    protected IPage Page { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (browser.Missing is { } missing)
        {
            Assert.Fail(missing);
        }
        Context = await browser.Browser.NewContextAsync(ContextOptions());
        Context.SetDefaultTimeout(10_000);
        Page = await Context.NewPageAsync();
    }

    protected virtual BrowserNewContextOptions ContextOptions() => new() { Locale = "en-US" };

    public async ValueTask DisposeAsync()
    {
        if (Context is not null)
        {
            await Context.CloseAsync();
        }
        GC.SuppressFinalize(this);
    }

    protected Task<IResponse?> GoAsync(string path) => Page.GotoAsync(server.Url(path));

    /// <summary>Signs in through the real form and waits for the page it leads to.</summary>
    protected async Task SignInAsync(string userName, string password = CrmServer.DemoPassword)
    {
        await GoAsync("/account/login");
        await Page.FillAsync("#UserName", userName);
        await Page.FillAsync("#Password", password);
        await Page.ClickAsync("main form button[type=submit]");
        await Assertions.Expect(Page).Not.ToHaveURLAsync(new Regex("/account/login", RegexOptions.IgnoreCase));
    }

    /// <summary>The visible texts of the module links in the left panel.</summary>
    protected async Task<IReadOnlyList<string>> ModuleNamesAsync() =>
        (await Page.Locator("#modules .nav-text").AllInnerTextsAsync()).Select(t => t.Trim()).ToList();

    /// <summary>Fails on every serious or critical axe finding of the page as it is now, naming the elements.</summary>
    protected async Task AssertAccessibleAsync(string what)
    {
        var result = await Page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"{what} ({Page.Url}):" + string.Concat(bad.Select(v =>
            $"\n  [{v.Impact}] {v.Id}: {v.Help} -> " + string.Join(", ", v.Nodes.Select(n => n.Target?.ToString())))));
    }

    /// <summary>Fails when the page is wider than the screen (sideways scrolling) at the current viewport.</summary>
    protected async Task AssertNoSidewaysScrollAsync(string what)
    {
        // A chart redraws to a new width on its resize observer: give the layout a moment to settle before measuring.
        try
        {
            await Page.WaitForFunctionAsync("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1", null,
                new PageWaitForFunctionOptions { Timeout = 2_000 });
        }
        catch (TimeoutException)
        {
            // Measured and reported below.
        }
        var widths = await Page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(widths[0] <= widths[1] + 1, $"{what} ({Page.Url}): page is {widths[0]}px wide on a {widths[1]}px screen");
    }
}
