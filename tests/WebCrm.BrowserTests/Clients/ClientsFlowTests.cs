using Microsoft.Playwright;
using WebCrm.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WebCrm.BrowserTests.Clients;

/// <summary>The Clients module's main flow in a real browser: create, find with the filter builder, isolation, accessibility.</summary>
public sealed class ClientsFlowTests(CrmServer server, CrmBrowser browser) : BrowserTest(server, browser)
{
    [Fact]
    public async Task A_manager_creates_a_company_finds_it_with_the_filter_and_the_other_manager_cannot_see_it()
    {
        var token = "Flow" + Guid.NewGuid().ToString("N")[..8];
        var city = "Город" + token[^4..];
        await SignInAsync("manager1");
        await GoAsync("/clients");
        await Page.ClickAsync("text=New company");
        await Page.FillAsync("#Name", $"ООО {token}");
        await Page.FillAsync("#Inn", "7707083893");
        await Page.FillAsync("#City", city);
        await AssertAccessibleAsync("company form");
        await Page.ClickAsync("main form button[type=submit]");
        await Expect(Page.Locator("#company-name")).ToHaveTextAsync($"ООО {token}");
        var cardUrl = Page.Url;

        // Contact persons and bank accounts are added in place: the form opens inside the card's tab (htmx), the
        // card stays where it is, and the answer replaces the card without a reload.
        await Page.EvaluateAsync("() => { window.__sameDocument = true; }");
        await Page.ClickAsync("#add-contact");
        await Page.FillAsync("#contact-editor #FullName", "Петров Пётр Петрович");
        await Page.FillAsync("#contact-editor #Phone", "+7 495 123-45-67");
        await Page.FillAsync("#contact-editor #Email", "petrov@example.ru");
        await Page.ClickAsync("#contact-editor button[type=submit]:not(.btn-outline-danger)");
        await Expect(Page.Locator("#contacts tbody")).ToContainTextAsync("Петров Пётр Петрович");
        await Expect(Page.Locator("#contacts a[href='tel:+74951234567']")).ToHaveCountAsync(1);
        await Expect(Page.Locator("#contacts a[href='mailto:petrov@example.ru']")).ToHaveCountAsync(1);
        await Expect(Page.Locator("#tab-contacts-link .tab-count")).ToHaveTextAsync("1");

        const string Bik = "044525225";
        await Page.ClickAsync("#tab-bank-link");
        await Page.ClickAsync("#add-bank-account");
        await Page.FillAsync("#bank-editor #BankName", "ПАО Сбербанк");
        await Page.FillAsync("#bank-editor #Bik", Bik);
        await Page.FillAsync("#bank-editor #AccountNumber", "40702810000000000001");
        await Page.ClickAsync("#bank-editor button[type=submit]:not(.btn-outline-danger)");
        // An account whose control key does not match the BIK is refused next to the field, which gets the focus.
        await Expect(Page.Locator("#AccountNumber-error")).ToBeVisibleAsync();
        await Expect(Page.Locator("#bank-editor #AccountNumber")).ToBeFocusedAsync();
        await Page.FillAsync("#bank-editor #AccountNumber", WebCrm.Domain.Clients.RussianTaxNumbers.NewAccount(Bik, new Random(7)));
        await Page.FillAsync("#bank-editor #CorrespondentAccount", WebCrm.Domain.Clients.RussianTaxNumbers.NewCorrespondentAccount(Bik));
        await Page.ClickAsync("#bank-editor button[type=submit]:not(.btn-outline-danger)");
        await Expect(Page.Locator("#bank tbody")).ToContainTextAsync("ПАО Сбербанк");
        await Expect(Page.Locator("#tab-bank")).ToBeVisibleAsync();
        // All of it happened in the same document: no page was loaded.
        Assert.True(await Page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the card was reloaded");
        await AssertAccessibleAsync("company card");

        // Find it with the filter builder: City equals <city>.
        await GoAsync("/clients");
        await FilterBuilderSteps.InPlaceAsync(Page, () => Page.ClickAsync("#fb-add-0"));
        await FilterBuilderSteps.InPlaceAsync(Page, () => Page.Locator("#c0-f").SelectOptionAsync("city"));
        await FilterBuilderSteps.InPlaceAsync(Page, () => Page.Locator("#c0-o").SelectOptionAsync("Equals"));
        await Page.Locator("#c0-v0").FillAsync(city);
        await Page.ClickAsync("#filter-form button[type=submit]:has-text('Find')");
        await Expect(Page.Locator("#companies tbody tr[data-id]")).ToHaveCountAsync(1);
        await Expect(Page.Locator("#companies tbody")).ToContainTextAsync(token);
        // The condition survives the round trip and is rendered again for editing.
        await Expect(Page.Locator("#c0-v0")).ToHaveValueAsync(city);
        await AssertAccessibleAsync("company list with a filter");

        // The other manager neither finds it nor opens it by URL.
        var other = await Browser.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US" });
        try
        {
            var page = await other.NewPageAsync();
            await page.GotoAsync(Server.Url("/account/login"));
            await page.FillAsync("#UserName", "manager2");
            await page.FillAsync("#Password", CrmServer.DemoPassword);
            await page.ClickAsync("main form button[type=submit]");
            await page.GotoAsync(Server.Url("/clients?q=" + token));
            await Expect(page.Locator("#companies tbody tr[data-id]")).ToHaveCountAsync(0);
            var response = await page.GotoAsync(cardUrl);
            Assert.Equal(404, response!.Status);
        }
        finally
        {
            await other.CloseAsync();
        }
    }
}
