using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using WebCrm.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WebCrm.BrowserTests.Clients;

/// <summary>The Clients module's main flow in a real browser: create, find with the filter builder, isolation, accessibility.</summary>
public sealed class ClientsFlowTests(CrmServer server, CrmBrowser browser) : BrowserTest(server, browser)
{
    private async Task AssertAccessibleAsync(string what)
    {
        var result = await Page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"{what} ({Page.Url}):" + string.Concat(bad.Select(v =>
            $"\n  [{v.Impact}] {v.Id}: {v.Help} -> " + string.Join(", ", v.Nodes.Select(n => n.Target?.ToString())))));
    }

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

        await Page.ClickAsync("#add-contact");
        await Page.FillAsync("#FullName", "Петров Пётр Петрович");
        await Page.FillAsync("#Phone", "+7 495 123-45-67");
        await Page.FillAsync("#Email", "petrov@example.ru");
        await Page.ClickAsync("main form button[type=submit]:not(.btn-outline-danger)");
        await Expect(Page.Locator("#contacts")).ToContainTextAsync("Петров Пётр Петрович");

        const string Bik = "044525225";
        await Page.ClickAsync("#add-bank-account");
        await Page.FillAsync("#BankName", "ПАО Сбербанк");
        await Page.FillAsync("#Bik", Bik);
        await Page.FillAsync("#AccountNumber", "40702810000000000001");
        await Page.ClickAsync("main form button[type=submit]:not(.btn-outline-danger)");
        // An account whose control key does not match the BIK is refused next to the field.
        await Expect(Page.Locator("#AccountNumber-error")).ToBeVisibleAsync();
        await Page.FillAsync("#AccountNumber", WebCrm.Domain.Clients.RussianTaxNumbers.NewAccount(Bik, new Random(7)));
        await Page.FillAsync("#CorrespondentAccount", WebCrm.Domain.Clients.RussianTaxNumbers.NewCorrespondentAccount(Bik));
        await Page.ClickAsync("main form button[type=submit]:not(.btn-outline-danger)");
        await Expect(Page.Locator("#bank")).ToContainTextAsync("ПАО Сбербанк");
        await AssertAccessibleAsync("company card");

        // Find it with the filter builder: City equals <city>.
        await GoAsync("/clients");
        await Page.ClickAsync("#add-condition");
        var row = Page.Locator("#conditions .condition").Last;
        await row.Locator("select[data-part=f]").SelectOptionAsync("city");
        await row.Locator("select[data-part=o]").SelectOptionAsync("Equals");
        await row.Locator("input[data-part=v]").FillAsync(city);
        await Page.ClickAsync("#filter-form button[type=submit]:has-text('Find')");
        await Expect(Page.Locator("#companies tbody tr[data-id]")).ToHaveCountAsync(1);
        await Expect(Page.Locator("#companies tbody")).ToContainTextAsync(token);
        // The condition survives the round trip and is rendered again for editing.
        await Expect(Page.Locator("#conditions input[data-part=v]")).ToHaveValueAsync(city);
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
