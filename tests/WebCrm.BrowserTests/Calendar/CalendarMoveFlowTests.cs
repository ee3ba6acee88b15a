using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WebCrm.BrowserTests.Infrastructure;
using WebCrm.Data;
using WebCrm.Domain.Calendar;
using WebCrm.Domain.Reference;
using static Microsoft.Playwright.Assertions;

namespace WebCrm.BrowserTests.Calendar;

/// <summary>
/// Moving an activity in a real browser: dragged to another day in the week view (calendar-move.js submits the move
/// form), and without JavaScript through the activity page's form to another day and time. Each time the stored
/// activity is read back from the database: the new start, the same length.
/// </summary>
public sealed class CalendarMoveFlowTests(CrmServer server, CrmBrowser browser) : BrowserTest(server, browser)
{
    // A week of its own, far from the demo data around today: Monday 14 January 2030.
    private static readonly DateOnly Monday = new(2030, 1, 14);

    private static DateTime Utc(DateOnly day, int hour, int minute = 0) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(hour, minute)), TimeZoneInfo.Local);

    private async Task<int> PlanAsync(string subject, DateTime startUtc)
    {
        using var scope = Server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var manager = await db.Users.Where(u => u.UserName == "manager1").Select(u => u.Id).SingleAsync();
        var type = await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.ActivityType && r.Code == "meeting").Select(r => r.Id).SingleAsync();
        var activity = new Activity { ResponsibleId = manager, Subject = subject, TypeId = type, StartUtc = startUtc, EndUtc = startUtc.AddMinutes(90) };
        db.Activities.Add(activity);
        await db.SaveChangesAsync();
        return activity.Id;
    }

    private async Task<(DateTime StartUtc, DateTime EndUtc)> StoredAsync(int id)
    {
        using var scope = Server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var a = await db.Activities.AsNoTracking().SingleAsync(x => x.Id == id);
        return (DateTime.SpecifyKind(a.StartUtc, DateTimeKind.Utc), DateTime.SpecifyKind(a.EndUtc, DateTimeKind.Utc));
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task An_activity_dragged_to_another_day_in_the_week_view_moves_there_on_the_server_keeping_its_time()
    {
        var subject = "Drag " + Guid.NewGuid().ToString("N")[..8];
        var wednesday = Monday.AddDays(2);
        var friday = Monday.AddDays(4);
        var id = await PlanAsync(subject, Utc(wednesday, 10));
        await SignInAsync("manager1");
        await GoAsync($"/calendar/week?date={Day(wednesday)}");
        var entry = Page.Locator($"#calendar-week li[data-move='/calendar/activities/{id}/move']");
        await Expect(Page.Locator($"#calendar-week td[data-date='{Day(wednesday)}']")).ToContainTextAsync(subject);

        await entry.DragToAsync(Page.Locator($"#calendar-week td[data-date='{Day(friday)}']"));

        // The page comes back from the move with the activity on Friday and a message; the database has it at 10:00 on Friday.
        await Expect(Page.Locator($"#calendar-week td[data-date='{Day(friday)}']")).ToContainTextAsync(subject);
        await Expect(Page.Locator($"#calendar-week td[data-date='{Day(wednesday)}']")).Not.ToContainTextAsync(subject);
        await Expect(Page.Locator(".alert-success").First).ToContainTextAsync(new Regex("Moved to", RegexOptions.IgnoreCase));
        Assert.Equal((Utc(friday, 10), Utc(friday, 11, 30)), await StoredAsync(id));
    }

    [Fact]
    public async Task Without_javascript_the_activity_pages_form_moves_it_to_another_day_and_time()
    {
        var subject = "NoJs " + Guid.NewGuid().ToString("N")[..8];
        var tuesday = Monday.AddDays(1);
        var thursday = Monday.AddDays(3);
        var id = await PlanAsync(subject, Utc(tuesday, 9));
        await using var context = await Browser.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US", JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Server.Url("/account/login"));
        await page.FillAsync("#UserName", "manager1");
        await page.FillAsync("#Password", CrmServer.DemoPassword);
        await page.ClickAsync("main form button[type=submit]");
        await Expect(page).Not.ToHaveURLAsync(new Regex("/account/login", RegexOptions.IgnoreCase));

        // The week view still lists it (the drag hint is there, the drag script is not running).
        await page.GotoAsync(Server.Url($"/calendar/week?date={Day(tuesday)}"));
        await Expect(page.Locator($"#calendar-week td[data-date='{Day(tuesday)}']")).ToContainTextAsync(subject);
        await page.ClickAsync($"#calendar-week td[data-date='{Day(tuesday)}'] a[href='/calendar/activities/{id}']");
        await Expect(page.Locator("#activity-subject")).ToHaveTextAsync(subject);

        await page.FillAsync("#move-date", Day(thursday));
        await page.FillAsync("#move-time", "15:45");
        await page.ClickAsync("#move-form button[type=submit]");
        await Expect(page.Locator(".alert-success").First).ToContainTextAsync(new Regex("Moved to", RegexOptions.IgnoreCase));
        Assert.Equal((Utc(thursday, 15, 45), Utc(thursday, 17, 15)), await StoredAsync(id));

        await page.GotoAsync(Server.Url($"/calendar/week?date={Day(thursday)}"));
        await Expect(page.Locator($"#calendar-week td[data-date='{Day(thursday)}']")).ToContainTextAsync(subject);
        await Expect(page.Locator($"#calendar-week td[data-date='{Day(tuesday)}']")).Not.ToContainTextAsync(subject);
    }
}
