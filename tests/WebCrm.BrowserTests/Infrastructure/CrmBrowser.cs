using Microsoft.Playwright;

namespace WebCrm.BrowserTests.Infrastructure;

/// <summary>One headless Chromium for the whole assembly; each test opens its own context (cookies, storage).</summary>
public sealed class CrmBrowser : IAsyncLifetime
{
    /// <summary>Names the Chromium (or Chrome) binary to drive; Debian's chromium package by default.</summary>
    public const string PathVariable = "WEBCRM_CHROMIUM";
    public const string DefaultPath = "/usr/bin/chromium";

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } path ? path : DefaultPath;

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Why there is no browser, in one line; null when there is one.</summary>
    public string? Missing { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            // Not thrown here: an assembly fixture that throws fails every test with a two-part message. Each test
            // fails with this one line instead (BrowserTest.InitializeAsync).
            var source = ExecutablePath == DefaultPath ? "the default" : $"from {PathVariable}";
            Missing = $"No Chromium at {ExecutablePath} ({source}): apt-get install chromium (./test.sh does it as root), or set {PathVariable} to a Chromium/Chrome binary.";
            return;
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
    }
}
