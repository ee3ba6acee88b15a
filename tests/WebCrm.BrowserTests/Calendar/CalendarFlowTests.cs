using Microsoft.Playwright;
using WebCrm.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WebCrm.BrowserTests.Calendar;

/// <summary>
/// The calendar's main flow in a real browser: a meeting planned from a company card shows on today's agenda and in the
/// week view, is marked done with a result and appears in the company's history; accessibility and phone width.
/// </summary>
public sealed class CalendarFlowTests(CrmServer server, CrmBrowser browser) : BrowserTest(server, browser)
{
    [Fact]
    public async Task A_meeting_planned_from_a_company_card_is_on_the_agenda_and_in_the_week_then_done_in_the_history()
    {
        var token = "Cal" + Guid.NewGuid().ToString("N")[..8];
        var subject = $"Встреча {token}";
        await SignInAsync("manager1");
        await GoAsync("/clients/new");
        await Page.FillAsync("#Name", $"ООО {token}");
        await Page.ClickAsync("main form button[type=submit]");
        await Expect(Page.Locator("#company-name")).ToHaveTextAsync($"ООО {token}");
        var companyUrl = Page.Url;

        await Page.ClickAsync("#tab-activities-link");
        await Page.ClickAsync("#plan-activity");
        await Expect(Page.Locator("#CompanySearch")).ToHaveValueAsync($"ООО {token}");
        await Page.SelectOptionAsync("#TypeId", new SelectOptionValue { Label = "Meeting" });
        await Page.FillAsync("#Subject", subject);
        await Page.FillAsync("#StartDate", DateTime.Now.ToString("yyyy-MM-dd"));
        await Page.FillAsync("#StartTime", "12:00");
        await Page.FillAsync("#EndTime", "13:00");
        await AssertAccessibleAsync("activity form");
        await Page.ClickAsync("#activity-form button[type=submit]");
        await Expect(Page.Locator("#activity-subject")).ToHaveTextAsync(subject);
        var activityUrl = Page.Url;

        await GoAsync("/");
        await Expect(Page.Locator("#agenda-today")).ToContainTextAsync(subject);
        await AssertAccessibleAsync("home page with the agenda");

        await GoAsync("/calendar/week");
        await Expect(Page.Locator($"#calendar-week td[data-date='{DateTime.Now:yyyy-MM-dd}']")).ToContainTextAsync(subject);
        await AssertAccessibleAsync("week view");
        await GoAsync("/calendar/month");
        await Expect(Page.Locator($"#calendar-month td[data-date='{DateTime.Now:yyyy-MM-dd}']")).ToContainTextAsync(subject);
        await AssertAccessibleAsync("month view");

        await Page.GotoAsync(activityUrl);
        await Page.FillAsync("#Result", "Договорились о пилоте");
        await Page.ClickAsync("#done-form button[type=submit]");
        await Expect(Page.Locator("#activity-status")).ToHaveTextAsync("Done");
        await Expect(Page.Locator("#activity-result")).ToHaveTextAsync("Договорились о пилоте");
        await AssertAccessibleAsync("activity page");

        await Page.GotoAsync(companyUrl);
        await Page.ClickAsync("#tab-activities-link");
        var history = Page.Locator("#activity-history");
        await Expect(history).ToContainTextAsync(subject);
        await Expect(history).ToContainTextAsync("Договорились о пилоте");
        await Expect(Page.Locator("#activity-plans")).Not.ToContainTextAsync(subject);
        await AssertAccessibleAsync("company card with its history");
    }

    [Theory]
    [InlineData("/calendar/month")]
    [InlineData("/calendar/week")]
    [InlineData("/calendar/day")]
    [InlineData("/calendar/activities/new")]
    [InlineData("/calendar/analysis")]
    public async Task Calendar_pages_fit_a_390px_screen(string path)
    {
        await Page.SetViewportSizeAsync(390, 800);
        await SignInAsync("director");
        await GoAsync(path);
        await Expect(Page.Locator("main h1")).ToBeVisibleAsync();
        await AssertNoSidewaysScrollAsync(path);
        await AssertAccessibleAsync(path);
    }
}
