using Microsoft.Playwright;
using WebCrm.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WebCrm.BrowserTests.Deals;

/// <summary>
/// A deal's own stages in a real browser: the new-deal form proposes the default set, "next stage" on the card moves
/// the deal on in one click, and the stage page — reorder, remove, add — fits a 390 px phone without sideways scrolling.
/// </summary>
public sealed class DealStagesFlowTests(CrmServer server, CrmBrowser browser) : BrowserTest(server, browser)
{
    private async Task<string[]> StageNamesAsync() =>
        (await Page.Locator("#stages li.stage .stage-name").AllInnerTextsAsync()).Select(t => t.Trim()).ToArray();

    [Fact]
    public async Task A_manager_chooses_the_stages_moves_the_deal_on_and_edits_the_stage_list_at_phone_width()
    {
        var token = "Stages" + Guid.NewGuid().ToString("N")[..8];
        await SignInAsync("manager1");
        await GoAsync("/clients/new");
        await Page.FillAsync("#Name", $"ООО {token}");
        await Page.ClickAsync("main form button[type=submit]");
        await Expect(Page.Locator("#company-name")).ToHaveTextAsync($"ООО {token}");

        // The new-deal form proposes the default set, every stage checked; the manager leaves the third one out.
        await Page.ClickAsync("#new-deal");
        var choices = Page.Locator("#new-deal-stages input[type=checkbox]");
        var offered = await choices.CountAsync();
        Assert.True(offered >= 4, $"only {offered} stages offered");
        for (var i = 0; i < offered; i++)
        {
            await Expect(choices.Nth(i)).ToBeCheckedAsync();
        }
        var names = (await Page.Locator("#new-deal-stages label").AllInnerTextsAsync()).Select(t => t.Trim()).ToList();
        await choices.Nth(2).UncheckAsync();
        await Page.FillAsync("#Title", $"Внедрение {token}");
        await Page.ClickAsync("main form button[type=submit]");
        await Expect(Page.Locator("#deal-title")).ToHaveTextAsync($"Внедрение {token}");
        var dealUrl = Page.Url.Split('?')[0];
        await Page.ClickAsync("#tab-stages-link");
        var expected = names.Where((_, i) => i != 2).ToList();
        Assert.Equal(expected, (await Page.Locator("#stages li strong").AllInnerTextsAsync()).Select(t => t.Trim()).ToList());
        var first = await Page.Locator("#stages li").Nth(0).GetAttributeAsync("data-stage");
        await Expect(Page.Locator("#stages li.current")).ToHaveAttributeAsync("data-stage", first!);

        // "Next stage" is one click: the first stage is completed today, the second is current.
        await Page.ClickAsync("#next-stage button");
        await Expect(Page.Locator("#stages li").Nth(0)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\bdone\\b"));
        await Expect(Page.Locator("#stages li").Nth(0)).ToContainTextAsync(DateTime.Now.ToString("d", new System.Globalization.CultureInfo("en-US")));
        var second = await Page.Locator("#stages li").Nth(1).GetAttributeAsync("data-stage");
        await Expect(Page.Locator("#stages li.current")).ToHaveAttributeAsync("data-stage", second!);
        await AssertAccessibleAsync("deal card with next stage");

        // The stage page on a 390 px phone: nothing scrolls sideways, every control is reachable.
        await Page.SetViewportSizeAsync(390, 844);
        await Page.GotoAsync(dealUrl + "/stages");
        await Expect(Page.Locator("#stages li.stage")).ToHaveCountAsync(expected.Count);
        await AssertNoSidewaysScrollAsync("stage page");
        await AssertAccessibleAsync("stage page at phone width");
        foreach (var control in await Page.Locator("#stages-form select, #stages-form input:not([type=hidden]), #stages-form button").AllAsync())
        {
            var box = await control.BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.X >= 0 && box.X + box.Width <= 391, $"a control lies outside the screen ({box.X}..{box.X + box.Width})");
        }

        // Reorder: the last stage moves up one place.
        await Page.Locator("#stages li.stage").Last.Locator("button.move-up").ClickAsync();
        var reordered = expected.ToList();
        (reordered[^1], reordered[^2]) = (reordered[^2], reordered[^1]);
        await Expect(Page.Locator("#stages li.stage .stage-name").Last).ToHaveTextAsync(reordered[^1]);
        Assert.Equal(reordered, await StageNamesAsync());

        // Remove the first remaining stage that is not done, then add the left-out one back before the last stage.
        await Page.Locator("#stages li.stage").Nth(2).Locator("button.remove").ClickAsync();
        reordered.RemoveAt(2);
        await Expect(Page.Locator("#stages li.stage")).ToHaveCountAsync(reordered.Count);
        Assert.Equal(reordered, await StageNamesAsync());
        await Page.SelectOptionAsync("#StageId", new SelectOptionValue { Label = names[2] });
        await Page.SelectOptionAsync("#BeforeStageId", new SelectOptionValue { Index = reordered.Count });
        await Page.ClickAsync("#add-stage button[type=submit]");
        reordered.Insert(reordered.Count - 1, names[2]);
        await Expect(Page.Locator("#stages li.stage")).ToHaveCountAsync(reordered.Count);
        Assert.Equal(reordered, await StageNamesAsync());
        await AssertNoSidewaysScrollAsync("stage page after the changes");

        // Next stage from the stage page too; the card shows the same order.
        await Page.ClickAsync("#next-stage");
        await Expect(Page.Locator("#stages li.current .stage-name")).ToHaveTextAsync(reordered[2]);
        await Page.GotoAsync(dealUrl + "?tab=stages");
        Assert.Equal(reordered, (await Page.Locator("#stages li strong").AllInnerTextsAsync()).Select(t => t.Trim()).ToList());
    }
}
