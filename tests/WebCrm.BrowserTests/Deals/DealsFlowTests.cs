using Microsoft.Playwright;
using WebCrm.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WebCrm.BrowserTests.Deals;

/// <summary>
/// The Deals module's main flow in a real browser: a deal with two products and two planned stages, a payment, a
/// stage closed, the debt on the deal and on the company card, another deal lost; accessibility of list, card and form.
/// </summary>
public sealed class DealsFlowTests(CrmServer server, CrmBrowser browser) : BrowserTest(server, browser)
{
    /// <summary>Picks a catalogue product through the searchable picker (tom-select) and adds a line in place.</summary>
    private async Task AddLineAsync(string product, string quantity)
    {
        await Page.ClickAsync("#tab-lines-link");
        var before = await Page.Locator("#lines tbody tr").CountAsync();
        // The select already lists the first products (the choice without JavaScript); on first focus the picker also
        // asks the server once with no text. That answer is awaited before typing, so it cannot arrive after the typed one.
        var preloaded = Page.WaitForResponseAsync(r => r.Url.Contains("/products/search") && new Uri(r.Url).Query == "?q=");
        await Page.ClickAsync("#Line_ProductId-ts-control");
        await preloaded;
        await Expect(Page.Locator(".ts-dropdown .option").First).ToBeVisibleAsync();
        // The picker asks the server as the user types; choose only once the answer to the typed text has been drawn,
        // so the click never lands on an option the next answer replaces.
        var answered = Page.WaitForResponseAsync(r => r.Url.Contains("/products/search")
            && Uri.UnescapeDataString(r.Url).Contains(product[..8]));
        await Page.FillAsync("#Line_ProductId-ts-control", product[..8]);
        await answered;
        await Expect(Page.Locator(".ts-dropdown .option", new() { HasText = product }).First).ToBeVisibleAsync();
        await Page.Locator(".ts-dropdown .option", new() { HasText = product }).First.ClickAsync();
        await Expect(Page.Locator("#Line_ProductId")).Not.ToHaveValueAsync("");
        await Page.FillAsync("#Line_Quantity", quantity);
        await Page.ClickAsync("#lines button[type=submit]:has-text('Add line')");
        await Expect(Page.Locator("#lines tbody tr")).ToHaveCountAsync(before + 1);
        await Expect(Page.Locator("#lines tbody")).ToContainTextAsync(product);
    }

    private async Task<string> NewDealFromCompanyAsync(string companyUrl, string title)
    {
        await Page.GotoAsync(companyUrl);
        await Page.ClickAsync("#new-deal");
        await Expect(Page.Locator("select#CompanyId")).Not.ToHaveValueAsync("");
        await Page.FillAsync("#Title", title);
        await Page.ClickAsync("main form button[type=submit]");
        await Expect(Page.Locator("#deal-title")).ToHaveTextAsync(title);
        return Page.Url;
    }

    [Fact]
    public async Task A_manager_runs_a_deal_to_a_payment_and_the_debt_shows_on_the_deal_and_the_company()
    {
        const string Licence = "Лицензия CRM «Стандарт»";
        const string Training = "Обучение пользователей";
        var token = "Deal" + Guid.NewGuid().ToString("N")[..8];
        var today = DateTime.Now.ToString("yyyy-MM-dd");
        await SignInAsync("manager1");

        await GoAsync("/clients/new");
        await Page.FillAsync("#Name", $"ООО {token}");
        await Page.ClickAsync("main form button[type=submit]");
        await Expect(Page.Locator("#company-name")).ToHaveTextAsync($"ООО {token}");
        var companyUrl = Page.Url;
        await Expect(Page.Locator("#company-debt strong")).ToHaveAttributeAsync("data-value", "0");

        // The deal form, opened from the company card with the company filled in.
        await Page.ClickAsync("#new-deal");
        await Expect(Page.Locator("select#CompanyId option:checked")).ToHaveTextAsync($"ООО {token}");
        await Page.FillAsync("#Title", $"Внедрение {token}");
        await AssertAccessibleAsync("deal form");
        await Page.ClickAsync("main form button[type=submit]");
        await Expect(Page.Locator("#deal-title")).ToHaveTextAsync($"Внедрение {token}");
        var dealUrl = Page.Url;

        // Two products: 2 × 18,500 + 3 × 2,800 = 45,400.
        await AddLineAsync(Licence, "2");
        await AddLineAsync(Training, "3");
        await Expect(Page.Locator("#lines-total")).ToContainTextAsync("45,400.00");

        // Two stages planned, then the first one closed: the second becomes current.
        await Page.ClickAsync("#tab-stages-link");
        await Page.ClickAsync("text=Edit stages");
        var rows = Page.Locator("#stages li.stage");
        await rows.Nth(0).Locator("input[name$='.PlannedStart']").FillAsync(today);
        await rows.Nth(0).Locator("input[name$='.PlannedEnd']").FillAsync(DateTime.Now.AddDays(7).ToString("yyyy-MM-dd"));
        await rows.Nth(1).Locator("input[name$='.PlannedStart']").FillAsync(DateTime.Now.AddDays(8).ToString("yyyy-MM-dd"));
        await rows.Nth(1).Locator("input[name$='.PlannedEnd']").FillAsync(DateTime.Now.AddDays(20).ToString("yyyy-MM-dd"));
        await AssertAccessibleAsync("stages form");
        await Page.ClickAsync("#stages-form button[type=submit]:has-text('Save')");
        await Expect(Page.Locator("#deal-title")).ToBeVisibleAsync();
        var firstStage = await Page.Locator("#stages li").Nth(0).GetAttributeAsync("data-stage");
        await Expect(Page.Locator("#stages li.current")).ToHaveAttributeAsync("data-stage", firstStage!);
        await Page.ClickAsync("#tab-stages-link");
        await Page.ClickAsync("text=Edit stages");
        await Page.Locator("#stages li.stage").Nth(0).Locator("input[name$='.CompletedOn']").FillAsync(today);
        await Page.ClickAsync("#stages-form button[type=submit]:has-text('Save')");
        await Expect(Page.Locator("#stages li").Nth(0)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\bdone\\b"));
        var secondStage = await Page.Locator("#stages li").Nth(1).GetAttributeAsync("data-stage");
        await Expect(Page.Locator("#stages li.current")).ToHaveAttributeAsync("data-stage", secondStage!);

        // A payment of 10,000 ₽ before anything is shipped: no debt yet, 35,400 ₽ to be paid, the payment an advance.
        await Page.EvaluateAsync("() => { window.__sameDocument = true; }");
        await Page.ClickAsync("#tab-payments-link");
        await Page.FillAsync("#Payment_Amount", "10000");
        await Page.FillAsync("#Payment_DocumentNumber", "ПП-17");
        await Page.ClickAsync("#payments button[type=submit]:has-text('Add payment')");
        await Expect(Page.Locator("#paid-total")).ToContainTextAsync("10,000.00");
        await Expect(Page.Locator("#debt")).ToContainTextAsync("0.00");
        await Expect(Page.Locator("#to-be-paid")).ToContainTextAsync("35,400.00");
        await Expect(Page.Locator("#advance")).ToContainTextAsync("10,000.00");

        // The waybill for everything makes the receivable: 45,400 shipped − 10,000 paid = 35,400 ₽ of debt.
        await Page.ClickAsync("#tab-documents-link");
        await Page.SelectOptionAsync("#Document_TypeId", new SelectOptionValue { Label = "Waybill" });
        await Page.FillAsync("#Document_Number", "ТН-17");
        await Page.FillAsync("#Document_Amount", "45400");
        await Page.ClickAsync("#documents button[type=submit]:has-text('Add document')");
        await Expect(Page.Locator("#shipped-total")).ToContainTextAsync("45,400.00");
        await Expect(Page.Locator("#debt")).ToContainTextAsync("35,400.00");
        await Expect(Page.Locator("#advance")).ToHaveCountAsync(0);
        // The payment and the document were added in place (htmx), not by reloading the card.
        Assert.True(await Page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the deal card was reloaded");
        await AssertAccessibleAsync("deal card");

        // The company card lists the deal with its debt, and the total.
        await Page.GotoAsync(companyUrl);
        var dealId = dealUrl.Split('/').Last();
        await Expect(Page.Locator($"#company-deals tr[data-deal='{dealId}'] td.debt")).ToContainTextAsync("35,400.00");
        await Expect(Page.Locator("#company-debt strong")).ToContainTextAsync("35,400.00 ₽");

        // Another deal on the same company is lost, with the reason and the stage it was lost at.
        await NewDealFromCompanyAsync(companyUrl, $"Поставка {token}");
        await Page.EvaluateAsync("() => { window.__sameDocument = true; }");
        await AddLineAsync(Training, "1");
        await Page.SelectOptionAsync("#Close_Outcome", "lost");
        var reason = (await Page.Locator("#Close_LossReasonId option").Nth(1).TextContentAsync())!.Trim();
        await Page.SelectOptionAsync("#Close_LossReasonId", new SelectOptionValue { Index = 1 });
        var stage = (await Page.Locator("#Close_LostAtStageId option").Nth(2).TextContentAsync())!.Trim();
        await Page.SelectOptionAsync("#Close_LostAtStageId", new SelectOptionValue { Index = 2 });
        await Page.ClickAsync("#closing button[type=submit]");
        await Expect(Page.Locator("#outcome")).ToContainTextAsync("Lost");
        await Expect(Page.Locator("#outcome")).ToContainTextAsync(reason);
        await Expect(Page.Locator("#outcome")).ToContainTextAsync(stage);
        await Expect(Page.Locator("#status")).ToHaveTextAsync("Lost");
        Assert.True(await Page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "closing reloaded the card");

        // The lost deal is listed on the company card but shipped nothing and owes nothing: the total debt is unchanged.
        await Page.GotoAsync(companyUrl);
        await Expect(Page.Locator("#company-deals tbody tr[data-deal]")).ToHaveCountAsync(2);
        await Expect(Page.Locator("#company-debt strong")).ToContainTextAsync("35,400.00 ₽");
        await AssertAccessibleAsync("company card with deals");

        await GoAsync($"/deals?Q={token}");
        await Expect(Page.Locator("#deals tbody tr[data-id]")).ToHaveCountAsync(2);
        await AssertAccessibleAsync("deal list");
    }
}
