using WebCrm.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WebCrm.BrowserTests.Shell;

/// <summary>axe-core scans of the pages built so far: nothing serious or critical.</summary>
public sealed class AccessibilityTests(CrmServer server, CrmBrowser browser) : BrowserTest(server, browser)
{
    public static TheoryData<string> Pages => ["sign-in", "home", "users", "user rights", "new user",
        "/admin/lists", "/admin/lists/deal-stage", "/admin/custom-fields", "/admin/lists/currencies", "/products", "/exchange-rates",
        "/clients/1/contacts/new", "/clients/1/bank-accounts/new", "/clients/1/contracts/new", "/deals/1/stages", "/account/password"];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_has_no_serious_or_critical_accessibility_violations(string page)
    {
        switch (page)
        {
            case "sign-in":
                await GoAsync("/account/login");
                break;
            case "home":
                await SignInAsync("admin");
                break;
            case "users":
                await SignInAsync("admin");
                await GoAsync("/admin/users");
                break;
            case "user rights":
                await SignInAsync("admin");
                await GoAsync("/admin/users");
                await Page.Locator("#users tr[data-user=manager1] a").ClickAsync();
                await Expect(Page.Locator("#rights")).ToBeVisibleAsync();
                break;
            case "new user":
                await SignInAsync("admin");
                await GoAsync("/admin/users/new");
                break;
            default:
                await SignInAsync("admin");
                var response = await GoAsync(page);
                Assert.Equal(200, response!.Status);
                break;
        }
        await Expect(Page.Locator("main h1")).ToBeVisibleAsync();

        await AssertAccessibleAsync(page);
    }
}
