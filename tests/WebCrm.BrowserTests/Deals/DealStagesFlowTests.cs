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

    private async Task<string[]> CardStageNamesAsync() =>
        (await Page.Locator("#stages li strong").AllInnerTextsAsync()).Select(t => t.Trim()).ToArray();

    /// <summary>The page was neither reloaded (the marker set on it survives) nor scrolled back to the top.</summary>
    private async Task AssertStayedInPlaceAsync(string what)
    {
        Assert.True(await Page.EvaluateAsync<bool>("() => window.__sameDocument === true"), $"{what}: the card was reloaded");
        var y = await Page.EvaluateAsync<double>("() => window.scrollY");
        Assert.True(y > 100, $"{what}: the page jumped to the top (scrollY {y})");
    }

    private async Task ScrollToStagesAsync()
    {
        await Page.Locator("#stages li").Last.ScrollIntoViewIfNeededAsync();
        Assert.True(await Page.EvaluateAsync<double>("() => window.scrollY") > 100, "the stages are not below the fold at phone width");
    }

    [Fact]
    public async Task On_the_card_at_phone_width_stages_are_removed_reordered_dragged_added_and_edited_in_place_without_a_reload_or_a_jump()
    {
        var token = "CardStages" + Guid.NewGuid().ToString("N")[..8];
        await SignInAsync("manager1");
        await GoAsync("/clients/new");
        await Page.FillAsync("#Name", $"ООО {token}");
        await Page.ClickAsync("main form button[type=submit]");
        await Page.ClickAsync("#new-deal");
        await Page.FillAsync("#Title", $"Поставка {token}");
        await Page.ClickAsync("main form button[type=submit]");
        await Expect(Page.Locator("#deal-title")).ToHaveTextAsync($"Поставка {token}");
        var dealUrl = Page.Url.Split('?')[0];

        await Page.SetViewportSizeAsync(390, 844);
        await Page.GotoAsync(dealUrl + "?tab=stages");
        var names = (await CardStageNamesAsync()).ToList();
        Assert.True(names.Count >= 4, $"only {names.Count} stages");
        await AssertNoSidewaysScrollAsync("card's stages at phone width");
        await AssertAccessibleAsync("card's stages at phone width");
        await Page.EvaluateAsync("() => { window.__sameDocument = true; }");
        await ScrollToStagesAsync();

        // Remove the second stage: it is gone from the list and offered by "add a stage".
        await Page.Locator("#stages li").Nth(1).Locator("button.remove-stage").ClickAsync();
        var removed = names[1];
        names.RemoveAt(1);
        await Expect(Page.Locator("#stages li")).ToHaveCountAsync(names.Count);
        Assert.Equal(names, await CardStageNamesAsync());
        await Expect(Page.Locator("#AddStage_StageId option", new() { HasText = removed })).ToHaveCountAsync(1);
        await AssertStayedInPlaceAsync("remove");

        // Move the last stage up one place.
        await Page.Locator("#stages li").Last.Locator("button.move-up").ClickAsync();
        (names[^1], names[^2]) = (names[^2], names[^1]);
        await Expect(Page.Locator("#stages li strong").Last).ToHaveTextAsync(names[^1]);
        Assert.Equal(names, await CardStageNamesAsync());
        await AssertStayedInPlaceAsync("move up");

        // Drag the first stage by its grip onto the third: it lands there and the two it passed move up one place each.
        await Page.Locator("#stages li").Nth(0).Locator(".stage-grip").DragToAsync(Page.Locator("#stages li").Nth(2));
        var dragged = names[0];
        names.RemoveAt(0);
        names.Insert(2, dragged);
        await Expect(Page.Locator("#stages li strong").Nth(2)).ToHaveTextAsync(dragged);
        Assert.Equal(names, await CardStageNamesAsync());
        Assert.True(await Page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the drag reloaded the card");

        // Add the removed one back before the first stage.
        await Page.SelectOptionAsync("#AddStage_StageId", new SelectOptionValue { Label = removed });
        await Page.SelectOptionAsync("#AddStage_BeforeStageId", new SelectOptionValue { Index = 1 });
        await Page.ClickAsync("#add-stage-button");
        names.Insert(0, removed);
        await Expect(Page.Locator("#stages li")).ToHaveCountAsync(names.Count);
        Assert.Equal(names, await CardStageNamesAsync());
        await AssertStayedInPlaceAsync("add");

        // Edit the second stage's plan in its row: an error shows next to the field, with the focus on it; then saved.
        await ScrollToStagesAsync();
        await Page.Locator("#stages li").Nth(1).Locator("a.edit-stage").ClickAsync();
        await Expect(Page.Locator("#edit-stage")).ToBeVisibleAsync();
        // The row's form takes the focus on its first field (the responsible for a manager who may reassign, else the start).
        Assert.True(await Page.EvaluateAsync<bool>("() => document.activeElement && document.activeElement.closest('#edit-stage') !== null"),
            "the stage editor did not take the focus");
        await Page.FillAsync("#EditStage_PlannedStart", "2026-05-20");
        await Page.FillAsync("#EditStage_PlannedEnd", "2026-05-10");
        await Page.ClickAsync("#save-stage");
        await Expect(Page.Locator("#EditStage_PlannedEnd-error")).ToBeVisibleAsync();
        await Expect(Page.Locator("#EditStage_PlannedEnd")).ToBeFocusedAsync();
        await AssertNoSidewaysScrollAsync("stage editor with an error at phone width");
        await AssertAccessibleAsync("stage editor with an error");
        await Page.FillAsync("#EditStage_PlannedEnd", "2026-05-30");
        await Page.FillAsync("#EditStage_Note", $"Смета {token}");
        await Page.ClickAsync("#save-stage");
        await Expect(Page.Locator("#edit-stage")).ToHaveCountAsync(0);
        await Expect(Page.Locator("#stages li").Nth(1)).ToContainTextAsync($"Смета {token}");
        await AssertStayedInPlaceAsync("edit");

        // Next stage in place too.
        await Page.ClickAsync("#next-stage-button");
        await Expect(Page.Locator("#stages li").Nth(0)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\bdone\\b"));
        Assert.True(await Page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "next stage reloaded the card");
        await AssertNoSidewaysScrollAsync("card's stages after the changes");

        // What the card shows is what was stored: a fresh load lists the same order.
        await Page.GotoAsync(dealUrl + "?tab=stages");
        Assert.Equal(names, await CardStageNamesAsync());
        await Expect(Page.Locator("#stages li").Nth(1)).ToContainTextAsync($"Смета {token}");
    }
}
