using Microsoft.Playwright;
using WebCrm.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WebCrm.BrowserTests.Administration;

/// <summary>Copying rights in a real browser: no source preselected, a preview of what is added and removed, then the confirmation.</summary>
public sealed class RightsPreviewFlowTests(CrmServer server, CrmBrowser browser) : BrowserTest(server, browser)
{
    [Fact]
    public async Task The_administrator_previews_a_copy_of_rights_and_only_the_confirmation_changes_them()
    {
        var userName = $"cp{Guid.NewGuid():N}"[..14];
        await SignInAsync("admin");
        await GoAsync("/admin/users/new");
        await Page.FillAsync("#UserName", userName);
        await Page.FillAsync("#DisplayName", "Copy Target");
        await Page.FillAsync("#Password", "Copper kettle sings 9");
        await Page.SelectOptionAsync("#Template", "Support");
        await Page.Locator("main form button[type=submit]").ClickAsync();
        await Expect(Page.Locator("#rights")).ToBeVisibleAsync();
        var rightsUrl = Page.Url;
        var before = await Page.Locator("#rights input[type=checkbox]:checked").EvaluateAllAsync<string[]>("els => els.map(e => e.value)");

        // Nothing is preselected: the form cannot even be sent without a choice.
        await Expect(Page.Locator("#sourceId")).ToHaveValueAsync("");
        await Expect(Page.Locator("#template")).ToHaveValueAsync("");
        await Page.SelectOptionAsync("#sourceId", new SelectOptionValue { Label = "director — Ирина Директорова" });
        await Page.ClickAsync("#copy-form button[type=submit]");

        // The preview: what is added and removed; the rights are unchanged so far.
        await Expect(Page.Locator("#confirm")).ToBeVisibleAsync();
        await Expect(Page.Locator("#source")).ToContainTextAsync("Ирина Директорова");
        var added = await Page.Locator("#added li").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.right)");
        var removed = await Page.Locator("#removed li").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.right)");
        Assert.NotEmpty(added);
        Assert.Contains("Reports.View", added);
        await AssertAccessibleAsync("copy-rights preview");
        await Page.GotoAsync(rightsUrl);
        var unchanged = await Page.Locator("#rights input[type=checkbox]:checked").EvaluateAllAsync<string[]>("els => els.map(e => e.value)");
        Assert.Equal(before.Order(), unchanged.Order());

        // Confirmed: the rights are the previewed ones, and the history says so in words.
        await Page.SelectOptionAsync("#sourceId", new SelectOptionValue { Label = "director — Ирина Директорова" });
        await Page.ClickAsync("#copy-form button[type=submit]");
        await Page.ClickAsync("#confirm button[type=submit]");
        await Expect(Page.Locator(".alert-success")).ToBeVisibleAsync();
        var after = await Page.Locator("#rights input[type=checkbox]:checked").EvaluateAllAsync<string[]>("els => els.map(e => e.value)");
        Assert.Equal(before.Union(added).Except(removed).Order(), after.Order());
        await Expect(Page.Locator("#history")).ToContainTextAsync("rights copied from user Ирина Директорова");
        await Expect(Page.Locator("#history")).ToContainTextAsync("added: Reports — View reports");
        await AssertAccessibleAsync("rights page after the copy");
    }
}
