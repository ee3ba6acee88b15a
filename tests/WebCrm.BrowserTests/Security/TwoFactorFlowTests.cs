using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using WebCrm.BrowserTests.Infrastructure;
using WebCrm.Data.Identity;
using static Microsoft.Playwright.Assertions;

namespace WebCrm.BrowserTests.Security;

/// <summary>
/// Two-factor sign-in in a real browser: a user enrols from the key on the page with a code the test computes itself
/// (RFC 6238, written here, independent of the app), keeps his recovery codes, signs out and signs in with a new code.
/// </summary>
public sealed class TwoFactorFlowTests(CrmServer server, CrmBrowser browser) : BrowserTest(server, browser)
{
    private static string Totp(string base32Key, long step)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var key = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in base32Key.Replace(" ", "", StringComparison.Ordinal).TrimEnd('='))
        {
            buffer = (buffer << 5) | alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                key.Add((byte)((buffer >> bits) & 0xFF));
            }
        }
        var counter = BitConverter.GetBytes(step);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(counter);
        }
        var hash = HMACSHA1.HashData(key.ToArray(), counter);
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static long Step => DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;

    [Fact]
    public async Task A_user_enrols_with_the_qr_page_and_signs_in_with_a_computed_code()
    {
        var userName = $"tf{Guid.NewGuid():N}"[..14];
        const string password = "Copper kettle sings 9";
        using (var scope = Server.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var created = await users.CreateAsync(new AppUser { UserName = userName, DisplayName = "Two Factor", CreatedAtUtc = DateTime.UtcNow }, password);
            Assert.True(created.Succeeded);
        }
        await SignInAsync(userName, password);
        await GoAsync("/account/password");
        await Page.Locator("#two-factor-link").ClickAsync();
        await Page.Locator("#enrol").ClickAsync();
        await Expect(Page.Locator("#qr-code")).ToBeVisibleAsync();
        var key = (await Page.Locator("#authenticator-key").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
        var step = Step;
        await Page.FillAsync("#Code", Totp(key, step));
        await Page.Locator("#enrol-form button[type=submit]").ClickAsync();
        await Expect(Page.Locator("#recovery-codes li")).ToHaveCountAsync(10);
        await Page.Locator("main a.btn-primary").ClickAsync();
        await Expect(Page.Locator("#two-factor-state")).ToContainTextAsync("on");

        await Page.Locator("form[action='/account/logout'] button").First.ClickAsync();
        await GoAsync("/account/login");
        await Page.FillAsync("#UserName", userName);
        await Page.FillAsync("#Password", password);
        await Page.ClickAsync("main form button[type=submit]");
        await Expect(Page.Locator("#two-factor-form")).ToBeVisibleAsync();
        // A code of a later step than the one enrolment used: a code is accepted once only.
        await Page.FillAsync("#Code", Totp(key, Math.Max(step + 1, Step)));
        await Page.Locator("#two-factor-form button[type=submit]").ClickAsync();
        await Expect(Page.Locator("#two-factor-form")).ToHaveCountAsync(0);
        await GoAsync("/account/security");
        await Expect(Page.Locator("#two-factor-state")).ToContainTextAsync("on");
    }
}
