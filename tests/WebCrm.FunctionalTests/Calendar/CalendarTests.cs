using System.Net;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Calendar;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Calendar;

/// <summary>Activities: who sees and changes whose (by Calendar.ViewOthers / EditOthers, by URL too), links only to visible records, bad input, the views.</summary>
public abstract class CalendarTests(CrmApp app)
{
    private async Task<(string Id, CrmClient Client)> UserAsync(IEnumerable<string> rights)
    {
        var (id, name) = await app.CreateUserAsync(rights);
        return (id, await app.SignedInAsync(name));
    }

    private static readonly DateTime Noon = new(2026, 3, 18, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Another_users_activities_need_view_others_to_see_and_edit_others_to_change()
    {
        var (m1, c1) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (_, c2) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (_, viewer) = await UserAsync(RoleTemplates.Manager.Permissions.Append(Permissions.Calendar.ViewOthers));
        var (_, director) = await UserAsync(RoleTemplates.Director.Permissions);
        var t = CompanyFactory.Token();
        var a = await app.CreateActivityAsync(m1, $"{t} m1's meeting", Noon);
        var url = $"/calendar/activities/{a.Id}";

        Assert.Equal(HttpStatusCode.OK, (await c1.GetAsync(url)).StatusCode);
        Assert.Contains($"{t} m1's meeting", (await c1.PageAsync("/calendar/week?date=2026-03-18")).QuerySelector("#calendar-week")!.TextContent);
        // Without Calendar.ViewOthers: not found by id, refused by URL, absent from his own calendar.
        Assert.Equal(HttpStatusCode.NotFound, (await c2.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c2.GetAsync($"{url}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await c2.GetAsync($"/calendar/week?date=2026-03-18&u={m1}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await c2.GetAsync($"/calendar/month?date=2026-03-18&u={m1}")).StatusCode);
        Assert.DoesNotContain(t, (await c2.PageAsync("/calendar/week?date=2026-03-18")).Body!.TextContent);
        var forged = await c2.PostFormAsync($"{url}/done", new Dictionary<string, string> { ["Result"] = "x", ["ConcurrencyStamp"] = a.ConcurrencyStamp.ToString() }, "/calendar");
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        // ViewOthers alone: sees it, may not change it.
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync(url)).StatusCode);
        Assert.Contains($"{t} m1's meeting", (await viewer.PageAsync($"/calendar/week?date=2026-03-18&u={m1}")).QuerySelector("#calendar-week")!.TextContent);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"{url}/edit")).StatusCode);
        var refused = await viewer.PostFormAsync($"{url}/done", new Dictionary<string, string> { ["Result"] = "x", ["ConcurrencyStamp"] = a.ConcurrencyStamp.ToString() }, "/calendar");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        // A viewer cannot plan for somebody else: the activity stays his own.
        var typeId = await app.TypeIdAsync("call");
        var own = CalendarFixtures.Form(typeId, $"{t} planned by viewer", "2026-03-19");
        own["ResponsibleId"] = m1;
        var created = await viewer.PostFormAsync("/calendar/activities/new", own, "/calendar/activities/new");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.NotEqual(m1, await app.InDbAsync(db => db.Activities.Where(x => x.Subject == $"{t} planned by viewer").Select(x => x.ResponsibleId).SingleAsync()));
        // Director (ViewOthers + EditOthers): changes it.
        var done = await director.PostFormAsync($"{url}/done", new Dictionary<string, string> { ["Result"] = "Agreed", ["ConcurrencyStamp"] = a.ConcurrencyStamp.ToString() }, url);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var stored = await app.InDbAsync(db => db.Activities.AsNoTracking().SingleAsync(x => x.Id == a.Id));
        Assert.Equal(ActivityStatus.Done, stored.Status);
        Assert.Equal("Agreed", stored.Result);
    }

    [Fact]
    public async Task Several_calendars_side_by_side_and_the_month_view_without_javascript()
    {
        var (m1, _) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (m2, _) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (_, director) = await UserAsync(RoleTemplates.Director.Permissions);
        var t = CompanyFactory.Token();
        var a1 = await app.CreateActivityAsync(m1, $"{t} one", Noon);
        var a2 = await app.CreateActivityAsync(m2, $"{t} two", Noon.AddDays(1));
        var day = await director.PageAsync($"/calendar/day?date=2026-03-18&u={m1}&u={m2}");
        Assert.Contains($"{t} one", day.QuerySelector($"#calendar-day [data-user='{m1}']")!.TextContent);
        Assert.DoesNotContain($"{t} one", day.QuerySelector($"#calendar-day [data-user='{m2}']")!.TextContent);
        var week = await director.PageAsync($"/calendar/week?date=2026-03-18&u={m1}&u={m2}");
        Assert.Contains($"{t} two", week.QuerySelector($"#calendar-week tr[data-user='{m2}'] td[data-date='2026-03-19']")!.TextContent);
        var month = await director.PageAsync($"/calendar/month?date=2026-03-01&u={m1}&u={m2}");
        var cell = month.QuerySelector("#calendar-month td[data-date='2026-03-18']")!;
        Assert.NotNull(cell.QuerySelector($"a[href='/calendar/activities/{a1.Id}']"));
        Assert.NotNull(month.QuerySelector($"#calendar-month td[data-date='2026-03-19'] a[href='/calendar/activities/{a2.Id}']"));
        // The month grid covers whole weeks around March 2026 (Mon 23 Feb – Sun 5 Apr) and pages by month.
        Assert.NotNull(month.QuerySelector("#calendar-month td[data-date='2026-02-23']"));
        Assert.NotNull(month.QuerySelector("#calendar-month td[data-date='2026-04-05']"));
        Assert.Contains("date=2026-04-01", month.QuerySelector("#calendar-next")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Links_only_to_records_the_user_sees_and_bad_input_gets_a_message_not_a_500()
    {
        var (m1, c1) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (m2, _) = await UserAsync(RoleTemplates.Manager.Permissions);
        var t = CompanyFactory.Token();
        var mine = await app.CreateCompanyAsync(m1, $"{t} mine");
        var theirs = await app.CreateCompanyAsync(m2, $"{t} theirs");
        var typeId = await app.TypeIdAsync("meeting");
        const string Page = "/calendar/activities/new";

        var form = CalendarFixtures.Form(typeId, $"{t} forged", "2026-03-18");
        form["CompanyId"] = theirs.Id.ToString();
        var forged = await c1.PostFormAsync(Page, form, Page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, forged.StatusCode);
        Assert.NotNull((await CrmClient.ParseAsync(forged)).QuerySelector("#CompanyId-error"));
        // The new form ignores a company id the user cannot see.
        Assert.DoesNotContain($"{t} theirs", (await c1.PageAsync($"{Page}?companyId={theirs.Id}")).Body!.InnerHtml);
        Assert.Contains($"{t} mine", (await c1.PageAsync($"{Page}?companyId={mine.Id}")).QuerySelector("#CompanySearch")!.GetAttribute("value"));

        foreach (var (field, value) in new[] { ("StartDate", "yesterday"), ("TypeId", "abc"), ("StartTime", "25:99"), ("Subject", new string('x', 301)),
                     ("Subject", ""), ("TypeId", "999999"), ("RemindBeforeMinutes", "7"), ("Repeat", "Hourly"), ("EndTime", "09:00"), ("ParticipantIds", "nobody") })
        {
            var bad = CalendarFixtures.Form(typeId, $"{t} bad", "2026-03-18");
            bad[field] = value;
            var response = await c1.PostFormAsync(Page, bad, Page);
            Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{field}={value} answered {(int)response.StatusCode}");
        }
        var overlong = CalendarFixtures.Form(typeId, $"{t} long", "2026-03-18");
        overlong["Repeat"] = "Daily";
        overlong["RepeatUntil"] = "2029-01-01";
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await c1.PostFormAsync(Page, overlong, Page)).StatusCode);
        Assert.False(await app.InDbAsync(db => db.Activities.AnyAsync(a => a.Subject.StartsWith(t))));
        foreach (var url in new[] { "/calendar/week?date=notadate", "/calendar/month?date=3000-01-01", "/calendar/activities/new?date=x", "/calendar/activities/abc" })
        {
            var status = (await c1.GetAsync(url)).StatusCode;
            Assert.True(status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{url} answered {(int)status}");
        }

        const string Evil = "<script>alert('x')</script>";
        var html = CalendarFixtures.Form(typeId, Evil + t, "2026-03-18");
        html["Description"] = Evil;
        html["CompanyId"] = mine.Id.ToString();
        var created = await c1.PostFormAsync(Page, html, Page);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        foreach (var url in new[] { created.Headers.Location!.OriginalString, "/calendar/week?date=2026-03-18", "/calendar/month?date=2026-03-18" })
        {
            var body = await (await c1.GetAsync(url)).Content.ReadAsStringAsync();
            Assert.DoesNotContain("<script>alert", body);
            Assert.Contains("&lt;script&gt;", body);
        }
    }

    [Fact]
    public async Task A_stale_stamp_is_refused_and_the_edit_form_saves_links_and_participants()
    {
        var (m1, c1) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (m2, c2) = await UserAsync(RoleTemplates.Manager.Permissions);
        var t = CompanyFactory.Token();
        var company = await app.CreateCompanyAsync(m1, $"{t} co");
        var a = await app.CreateActivityAsync(m1, $"{t} edit me", Noon);
        Assert.DoesNotContain(t, (await c2.PageAsync("/calendar/week?date=2026-03-20")).QuerySelector("#calendar-week")!.TextContent);
        var typeId = await app.TypeIdAsync("call");
        var form = CalendarFixtures.Form(typeId, $"{t} edited", "2026-03-20", "14:00", "15:30");
        form["CompanyId"] = company.Id.ToString();
        form["ParticipantIds"] = m2;
        form["ConcurrencyStamp"] = a.ConcurrencyStamp.ToString();
        var url = $"/calendar/activities/{a.Id}/edit";
        Assert.Equal(HttpStatusCode.Redirect, (await c1.PostFormAsync(url, form, url)).StatusCode);
        var stored = await app.InDbAsync(db => db.Activities.AsNoTracking().Include(x => x.Participants).SingleAsync(x => x.Id == a.Id));
        Assert.Equal($"{t} edited", stored.Subject);
        Assert.Equal(company.Id, stored.CompanyId);
        Assert.Equal(90, (stored.EndUtc - stored.StartUtc).TotalMinutes);
        Assert.Equal([m2], stored.Participants.Select(p => p.UserId));
        // A participant sees it in his own calendar and may open it.
        Assert.Contains($"{t} edited", (await c2.PageAsync("/calendar/week?date=2026-03-20")).QuerySelector("#calendar-week td[data-date='2026-03-20']")!.TextContent);
        Assert.Equal(HttpStatusCode.OK, (await c2.GetAsync($"/calendar/activities/{a.Id}")).StatusCode);
        // The old stamp again: refused with a message, nothing changed.
        form["Subject"] = $"{t} lost update";
        var stale = await c1.PostFormAsync(url, form, url);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, stale.StatusCode);
        Assert.Equal($"{t} edited", await app.InDbAsync(db => db.Activities.Where(x => x.Id == a.Id).Select(x => x.Subject).SingleAsync()));
    }
}

public sealed class CalendarTestsSqlite(SqliteApp app) : CalendarTests(app);
public sealed class CalendarTestsPostgreSql(PostgreSqlApp app) : CalendarTests(app);
