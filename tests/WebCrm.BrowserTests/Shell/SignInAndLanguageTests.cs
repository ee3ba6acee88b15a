using Microsoft.Playwright;
using WebCrm.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WebCrm.BrowserTests.Shell;

public sealed class SignInAndLanguageTests(CrmServer server, CrmBrowser browser) : BrowserTest(server, browser)
{
    [Fact]
    public async Task Manager_signs_in_through_the_form_and_sees_only_the_modules_of_the_template()
    {
        await SignInAsync("manager1");

        Assert.Equal(Server.Url("/"), Page.Url);
        await Expect(Page.Locator("main h1")).ToHaveTextAsync("Welcome, manager1!");
        await Expect(Page.Locator("#current-user")).ToHaveTextAsync("manager1");

        var modules = await ModuleNamesAsync();
        // The Manager template includes reports and the funnel (over his own deals), not administration.
        Assert.Equal(["Clients", "Calendar", "Deals", "Packages", "Reports", "Knowledge base", "Funnel"], modules);
        Assert.DoesNotContain("Administration", modules);
    }

    [Fact]
    public async Task Russian_chosen_in_the_top_bar_translates_the_panel_and_is_remembered()
    {
        await SignInAsync("manager1");
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        await Page.Locator("header button[name=culture][value=ru]").ClickAsync();

        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "ru");
        Assert.Equal(Server.Url("/"), Page.Url);
        Assert.Equal(["Клиенты", "Календарь", "Работы", "Пакеты", "Отчеты", "База знаний", "Воронка"], await ModuleNamesAsync());
        await Expect(Page.Locator("header button[value=ru]")).ToHaveAttributeAsync("aria-pressed", "true");

        // Another page, reached by a plain link: the choice lives in a cookie, not in the URL.
        await Page.Locator("#modules a[data-module=clients]").ClickAsync();
        await Expect(Page).ToHaveURLAsync(Server.Url("/clients"));
        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "ru");
        Assert.Equal(["Клиенты", "Календарь", "Работы", "Пакеты", "Отчеты", "База знаний", "Воронка"], await ModuleNamesAsync());
        await Expect(Page.Locator("#modules a[aria-current=page] .nav-text")).ToHaveTextAsync("Клиенты");
    }
}
