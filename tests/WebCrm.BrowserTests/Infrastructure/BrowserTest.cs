using System.Text.RegularExpressions;
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
}
