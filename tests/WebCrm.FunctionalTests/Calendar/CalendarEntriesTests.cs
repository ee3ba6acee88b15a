using System.Net;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Calendar;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Calendar;

/// <summary>
/// The read-only entries of the calendar (deal stage deadlines, contact persons' birthdays: shown only from records the
/// viewer may see, nothing to change them) and moving an activity to another day (the form dragging submits).
/// </summary>
public abstract class CalendarEntriesTests(CrmApp app)
{
    private async Task<(string Id, CrmClient Client)> UserAsync(IEnumerable<string> rights)
    {
        var (id, name) = await app.CreateUserAsync(rights);
        return (id, await app.SignedInAsync(name));
    }

    private static DateTime Utc(int year, int month, int day, int hour = 0) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(year, month, day, hour, 0, 0, DateTimeKind.Unspecified), TimeZoneInfo.Local);

    private Task<(Deal Deal, DealStage Stage)> DealWithDeadlineAsync(int companyId, string responsibleId, string title, DateOnly plannedEnd) => app.InDbAsync(async db =>
    {
        var rub = await db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync();
        var stage = await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.DealStage && r.IsActive).OrderBy(r => r.SortOrder).Select(r => r.Id).FirstAsync();
        var deal = new Deal
        {
            CompanyId = companyId, ResponsibleId = responsibleId, Title = title, StartDate = new DateOnly(2026, 1, 1), CurrencyId = rub,
            Stages = [new DealStage { StageId = stage, ResponsibleId = responsibleId, PlannedEnd = plannedEnd }], CurrentStageId = stage,
        };
        db.Deals.Add(deal);
        await db.SaveChangesAsync();
        return (deal, deal.Stages[0]);
    });

    private static string[] Entries(AngleSharp.Html.Dom.IHtmlDocument page, string grid, string date, string kind) =>
        page.QuerySelectorAll($"#{grid} td[data-date='{date}'] a.cal-entry[data-kind='{kind}']").Select(a => a.TextContent).ToArray();

    [Fact]
    public async Task Stage_deadlines_and_birthdays_are_read_only_entries_across_the_new_year_and_only_from_visible_records()
    {
        var (m1, c1) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (_, viewer) = await UserAsync(RoleTemplates.Manager.Permissions.Append(Permissions.Calendar.ViewOthers));
        var (_, director) = await UserAsync(RoleTemplates.Director.Permissions);
        var t = CompanyFactory.Token();
        var company = await app.CreateCompanyAsync(m1, $"{t} co", c => c.Contacts.AddRange(
            new ContactPerson { FullName = $"{t} December", Birthday = new DateOnly(1980, 12, 29) },
            new ContactPerson { FullName = $"{t} January", Birthday = new DateOnly(1985, 1, 2) },
            new ContactPerson { FullName = $"{t} Leap", Birthday = new DateOnly(1992, 2, 29) },
            new ContactPerson { FullName = $"{t} June", Birthday = new DateOnly(1990, 6, 15) }));
        var (deal, stage) = await DealWithDeadlineAsync(company.Id, m1, $"{t} deal", new DateOnly(2026, 12, 30));
        var activity = await app.CreateActivityAsync(m1, $"{t} meeting", Utc(2026, 12, 31, 10));

        // The week of Monday 28 December 2026 to Sunday 3 January 2027 asks for month-days on both sides of the year's end.
        const string week = "/calendar/week?date=2026-12-30";
        var page = await c1.PageAsync(week);
        Assert.Equal([$"Birthday: {t} December"], Entries(page, "calendar-week", "2026-12-29", "Birthday").Where(e => e.Contains(t)));
        Assert.Equal([$"Birthday: {t} January"], Entries(page, "calendar-week", "2027-01-02", "Birthday").Where(e => e.Contains(t)));
        Assert.DoesNotContain(page.QuerySelectorAll("#calendar-week a.cal-entry"), a => a.TextContent.Contains($"{t} June") || a.TextContent.Contains($"{t} Leap"));
        var deadline = Assert.Single(Entries(page, "calendar-week", "2026-12-30", "StageDeadline"), e => e.Contains(t));
        Assert.StartsWith($"Stage deadline: {t} deal: ", deadline);
        // Read-only: the entries lead to the card they come from, carry no move address and are not draggable; the activity is.
        var readOnly = page.QuerySelectorAll("#calendar-week a.cal-entry").Where(a => a.TextContent.Contains(t) && a.GetAttribute("data-kind") != "Activity").ToList();
        Assert.Equal(3, readOnly.Count);
        Assert.All(readOnly, a =>
        {
            Assert.Matches($"^/(clients/{company.Id}|deals/{deal.Id})$", a.GetAttribute("href"));
            Assert.Null(a.ParentElement!.GetAttribute("data-move"));
            Assert.Null(a.ParentElement!.GetAttribute("draggable"));
        });
        var movable = page.QuerySelector($"#calendar-week li[data-move='/calendar/activities/{activity.Id}/move']");
        Assert.NotNull(movable);
        Assert.Equal("true", movable!.GetAttribute("draggable"));
        // A change posted to the deadline's own address is refused and the stage keeps its date.
        var forged = await c1.PostFormAsync($"/deals/{deal.Id}", new Dictionary<string, string> { ["PlannedEnd"] = "2027-01-01" }, week);
        Assert.False(forged.IsSuccessStatusCode || forged.StatusCode == HttpStatusCode.Redirect, $"answered {(int)forged.StatusCode}");
        Assert.Equal(new DateOnly(2026, 12, 30), await app.InDbAsync(db => db.DealStages.Where(s => s.Id == stage.Id).Select(s => s.PlannedEnd).SingleAsync()));

        // 29 February shows on 28 February in a year without it.
        var february = await c1.PageAsync("/calendar/month?date=2027-02-01");
        Assert.Contains($"Birthday: {t} Leap", Entries(february, "calendar-month", "2027-02-28", "Birthday"));

        // A colleague who may look at m1's calendar but not at his clients sees the meeting, not the birthdays or the deadline;
        // the director, who sees every company and deal, sees them all and may drag the meeting (Calendar.EditOthers).
        var other = await viewer.PageAsync($"{week}&u={m1}");
        var shown = other.QuerySelectorAll("#calendar-week a.cal-entry").Where(a => a.TextContent.Contains(t)).Select(a => a.GetAttribute("data-kind")).ToList();
        Assert.Equal(["Activity"], shown);
        Assert.Null(other.QuerySelector("#calendar-week li[data-move]"));
        var all = await director.PageAsync($"{week}&u={m1}");
        Assert.Equal(4, all.QuerySelectorAll("#calendar-week a.cal-entry").Count(a => a.TextContent.Contains(t)));
        Assert.NotNull(all.QuerySelector($"#calendar-week li[data-move='/calendar/activities/{activity.Id}/move']"));
    }

    [Fact]
    public async Task Moving_an_activity_keeps_its_time_and_length_and_needs_the_right_and_the_current_stamp()
    {
        var (m1, c1) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (_, c2) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (_, viewer) = await UserAsync(RoleTemplates.Manager.Permissions.Append(Permissions.Calendar.ViewOthers));
        var t = CompanyFactory.Token();
        var a = await app.CreateActivityAsync(m1, $"{t} call", Utc(2026, 6, 10, 9), x =>
        {
            x.EndUtc = Utc(2026, 6, 10, 11);
            x.SetReminder(30, false);
        });
        var url = $"/calendar/activities/{a.Id}";
        const string week = "/calendar/week?date=2026-06-10";
        Dictionary<string, string> Move(string date, Guid stamp, string back = week) => new() { ["date"] = date, ["stamp"] = stamp.ToString(), ["back"] = back };
        Task<Activity> StoredAsync() => app.InDbAsync(db => db.Activities.AsNoTracking().SingleAsync(x => x.Id == a.Id));

        // Without the right: not found for one who does not see it, refused for one who only sees it.
        Assert.Equal(HttpStatusCode.NotFound, (await c2.PostFormAsync($"{url}/move", Move("2026-06-12", a.ConcurrencyStamp), "/calendar")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostFormAsync($"{url}/move", Move("2026-06-12", a.ConcurrencyStamp), url)).StatusCode);
        Assert.Equal(a.StartUtc, (await StoredAsync()).StartUtc);

        // The activity page's form, as dragging submits it: two days later, same hours, reminder moved with it; back to the week.
        var moved = await c1.PostFormAsync($"{url}/move", Move("2026-06-12", a.ConcurrencyStamp), week);
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal(week, moved.Headers.Location!.OriginalString);
        var stored = await StoredAsync();
        Assert.Equal((Utc(2026, 6, 12, 9), Utc(2026, 6, 12, 11), Utc(2026, 6, 12, 9).AddMinutes(-30)), (stored.StartUtc, stored.EndUtc, stored.RemindAtUtc));
        var page = await c1.PageAsync(week);
        Assert.Contains("Moved to", page.QuerySelector(".alert-success")!.TextContent);
        Assert.NotNull(page.QuerySelector($"#calendar-week td[data-date='2026-06-12'] li[data-move='{url}/move'][data-stamp='{stored.ConcurrencyStamp}']"));

        // The stamp he loaded before is stale now: refused with a message, nothing changes.
        var stale = await c1.PostFormAsync($"{url}/move", Move("2026-06-15", a.ConcurrencyStamp), week);
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.Contains("Someone changed this activity", (await c1.PageAsync(week)).QuerySelector(".alert-danger")!.TextContent);
        Assert.Equal(stored.StartUtc, (await StoredAsync()).StartUtc);

        // No day, or a day out of range: a message, not a 500; another site as the way back is not followed.
        var noDay = await c1.PostFormAsync($"{url}/move", Move("", stored.ConcurrencyStamp, "https://example.com/"), url);
        Assert.Equal(url, noDay.Headers.Location!.OriginalString);
        Assert.Contains("Choose the day", (await c1.PageAsync(url)).QuerySelector(".alert-danger")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await c1.PostFormAsync($"{url}/move", Move("1999-01-01", stored.ConcurrencyStamp), url)).StatusCode);
        Assert.Equal(stored.StartUtc, (await StoredAsync()).StartUtc);

        // With a time as well (the activity page's form): a new start on the wall clock, the same two hours, the reminder with it.
        var form = Move("2026-06-13", stored.ConcurrencyStamp, url);
        form["time"] = "14:30";
        Assert.Equal(HttpStatusCode.Redirect, (await c1.PostFormAsync($"{url}/move", form, url)).StatusCode);
        var start = Utc(2026, 6, 13, 14).AddMinutes(30);
        stored = await StoredAsync();
        Assert.Equal((start, start.AddHours(2), start.AddMinutes(-30)), (stored.StartUtc, stored.EndUtc, stored.RemindAtUtc));
        form = Move("2026-06-14", stored.ConcurrencyStamp, url);
        form["time"] = "25:99";
        await c1.PostFormAsync($"{url}/move", form, url);
        Assert.Contains("Choose the time", (await c1.PageAsync(url)).QuerySelector(".alert-danger")!.TextContent);
        Assert.Equal(start, (await StoredAsync()).StartUtc);

        // The activity page offers the form; a done activity is history and cannot be moved.
        Assert.NotNull((await c1.PageAsync(url)).QuerySelector($"#move-form[action='{url}/move'] input[name='date'][value='2026-06-13']"));
        Assert.NotNull((await c1.PageAsync(url)).QuerySelector("#move-form input[name='time'][value='14:30']"));
        await app.InDbAsync(async db => { db.Activities.Attach(stored).Entity.MarkDone("ok", DateTime.UtcNow); return await db.SaveChangesAsync(); });
        var done = await StoredAsync();
        await c1.PostFormAsync($"{url}/move", Move("2026-06-20", done.ConcurrencyStamp), week);
        Assert.Contains("Only a planned activity", (await c1.PageAsync(week)).QuerySelector(".alert-danger")!.TextContent);
        Assert.Equal(stored.StartUtc, (await StoredAsync()).StartUtc);
        Assert.Null((await c1.PageAsync(url)).QuerySelector("#move-form"));
        Assert.Null((await c1.PageAsync(week)).QuerySelector($"#calendar-week li[data-move='{url}/move']"));
    }
}

public sealed class CalendarEntriesTestsSqlite(SqliteApp app) : CalendarEntriesTests(app);
public sealed class CalendarEntriesTestsPostgreSql(PostgreSqlApp app) : CalendarEntriesTests(app);
