using WebCrm.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WebCrm.BrowserTests.Shell;

/// <summary>The home page's tiles, and the card flows around a company: its first contact person on the new-company form, a new deal cancelled back to the card.</summary>
public sealed class HomeAndCardFlowTests(CrmServer server, CrmBrowser browser) : BrowserTest(server, browser)
{
    [Fact]
    public async Task The_home_page_shows_the_managers_deals_by_stage_overdue_stages_receivables_and_birthdays()
    {
        await SignInAsync("manager1");
        foreach (var tile in new[] { "#deals-by-stage", "#overdue-stages", "#receivables", "#birthdays" })
        {
            await Expect(Page.Locator(tile + " h2")).ToBeVisibleAsync();
        }
        // The demo manager has open deals: the stage rows add up to the count in the tile's heading.
        var counts = await Page.Locator("#deals-by-stage tbody tr").EvaluateAllAsync<int[]>("rows => rows.map(r => +r.dataset.count)");
        Assert.NotEmpty(counts);
        await Expect(Page.Locator("#deals-by-stage h2 .tab-count")).ToHaveTextAsync(counts.Sum().ToString());
        // Every receivable links to a company card the manager may open.
        var first = Page.Locator("#receivables tbody tr a").First;
        if (await first.CountAsync() > 0)
        {
            await first.ClickAsync();
            await Expect(Page.Locator("#company-name")).ToBeVisibleAsync();
            await Expect(Page.Locator("#tab-deals")).ToBeVisibleAsync();
            await Page.GoBackAsync();
        }
        await AssertAccessibleAsync("home page");
    }

    [Fact]
    public async Task A_new_company_gets_its_first_contact_person_and_a_cancelled_new_deal_returns_to_its_card()
    {
        var token = "Card" + Guid.NewGuid().ToString("N")[..8];
        await SignInAsync("manager1");
        await GoAsync("/clients/new");
        await Page.FillAsync("#Name", $"ООО {token}");
        await Page.FillAsync("[name='FirstContact.FullName']", "Сидорова Мария");
        await Page.FillAsync("[name='FirstContact.Phone']", "+7 812 000-11-22");
        await Page.ClickAsync("main form button[type=submit]");
        await Expect(Page.Locator("#company-name")).ToHaveTextAsync($"ООО {token}");
        await Expect(Page.Locator("#contacts tbody")).ToContainTextAsync("Сидорова Мария");
        await Expect(Page.Locator("#contacts a[href='tel:+78120001122']")).ToBeVisibleAsync();
        var cardUrl = Page.Url;

        // A new deal from the card: a validation error keeps the company in the breadcrumb; Cancel goes back to the card.
        await Page.ClickAsync("#new-deal");
        await Page.ClickAsync("main form button[type=submit]");
        await Expect(Page.Locator("#Title-error")).ToBeVisibleAsync();
        await Expect(Page.Locator("#Title")).ToBeFocusedAsync();
        await Expect(Page.Locator("#breadcrumb-company")).ToHaveTextAsync($"ООО {token}");
        await Page.ClickAsync("#cancel");
        await Expect(Page.Locator("#company-name")).ToHaveTextAsync($"ООО {token}");
        Assert.StartsWith(cardUrl.Split('?')[0], Page.Url);
        await Expect(Page.Locator("#tab-deals")).ToBeVisibleAsync();
    }
}
