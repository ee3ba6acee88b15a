using WebCrm.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WebCrm.BrowserTests.Administration;

public sealed class UserRightsFlowTests(CrmServer server, CrmBrowser browser) : BrowserTest(server, browser)
{
    [Fact]
    public async Task Administrator_creates_a_user_and_grants_a_right_that_sticks()
    {
        var userName = $"br{Guid.NewGuid():N}"[..14];
        await SignInAsync("admin");

        // Create the user through the form, from the users list.
        await GoAsync("/admin/users");
        await Page.Locator("main a[href='/admin/users/new']").ClickAsync();
        await Expect(Page).ToHaveURLAsync(Server.Url("/admin/users/new"));
        await Page.FillAsync("#UserName", userName);
        await Page.FillAsync("#DisplayName", "Browser Test User");
        await Page.FillAsync("#Password", "Copper kettle sings 9");
        await Page.SelectOptionAsync("#Template", "Manager");
        await Page.Locator("main form button[type=submit]").ClickAsync();
        await Expect(Page.Locator("#rights")).ToBeVisibleAsync();

        // Open it again from the list.
        await GoAsync("/admin/users");
        await Page.Locator($"#users tr[data-user='{userName}'] a").ClickAsync();
        await Expect(Page.Locator("main h1")).ToContainTextAsync(userName);
        var rightsUrl = Page.Url;

        var reports = Page.Locator("#perm-Reports-Export");
        await Expect(Page.Locator("#perm-Clients-ViewOwn")).ToBeCheckedAsync(); // from the Manager template
        await Expect(reports).Not.ToBeCheckedAsync();

        await reports.CheckAsync();
        await Page.Locator("form[action$='/rights'] button[type=submit]").ClickAsync();

        await Expect(Page.Locator(".alert-success")).ToBeVisibleAsync();
        await Expect(reports).ToBeCheckedAsync();

        await Page.ReloadAsync();
        Assert.Equal(rightsUrl, Page.Url);
        await Expect(Page.Locator("#perm-Reports-Export")).ToBeCheckedAsync();
        await Expect(Page.Locator("#perm-Clients-ViewOwn")).ToBeCheckedAsync();
    }
}
