using System.Net;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Calendar;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;
using WebCrm.Web.Features.Calendar;

namespace WebCrm.FunctionalTests.Calendar;

/// <summary>Recurring activities through the forms: a series laid out, one occurrence changed alone, this and the following, the whole series, deleted.</summary>
public abstract class SeriesTests(CrmApp app)
{
    private sealed record Row(int Id, DateTime StartUtc, DateTime EndUtc, string Subject, ActivityStatus Status, int? SeriesId, bool IsSeriesException, Guid ConcurrencyStamp);

    private Task<List<Row>> RowsAsync(string t) => app.InDbAsync(db => db.Activities.AsNoTracking().Where(a => a.Subject.Contains(t)).OrderBy(a => a.StartUtc)
        .Select(a => new Row(a.Id, a.StartUtc, a.EndUtc, a.Subject, a.Status, a.SeriesId, a.IsSeriesException, a.ConcurrencyStamp)).ToListAsync());

    private static Dictionary<string, string> Edit(int typeId, string subject, string date, string start, string end, string stamp, SeriesScope scope,
        string repeat = "Daily", string until = "2027-05-14") => new(CalendarFixtures.Form(typeId, subject, date, start, end))
    {
        ["Repeat"] = repeat, ["RepeatInterval"] = "1", ["RepeatUntil"] = until, ["Scope"] = scope.ToString(), ["ConcurrencyStamp"] = stamp,
    };

    [Fact]
    public async Task A_daily_series_is_changed_one_occurrence_the_following_ones_or_all_and_done_occurrences_stay_as_they_were()
    {
        var (_, name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        var client = await app.SignedInAsync(name);
        var t = CompanyFactory.Token();
        var typeId = await app.TypeIdAsync("call");
        const string Page = "/calendar/activities/new";
        var form = CalendarFixtures.Form(typeId, $"{t} standup", "2027-05-10", "09:00", "09:15");
        form["Repeat"] = "Daily";
        form["RepeatUntil"] = "2027-05-14";
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync(Page, form, Page)).StatusCode);
        var rows = await RowsAsync(t);
        Assert.Equal(5, rows.Count);
        Assert.Single(rows.Select(r => r.SeriesId).Distinct());
        Assert.All(rows.Zip(rows.Skip(1)), p => Assert.Equal(1, Math.Round((p.Second.StartUtc - p.First.StartUtc).TotalDays)));
        Assert.All(rows, r => Assert.Equal(15, (r.EndUtc - r.StartUtc).TotalMinutes));

        // The first one done; the second one moved on its own.
        var done = await client.PostFormAsync($"/calendar/activities/{rows[0].Id}/done",
            new Dictionary<string, string> { ["Result"] = "ok", ["ConcurrencyStamp"] = rows[0].ConcurrencyStamp.ToString() }, "/calendar");
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var url = $"/calendar/activities/{rows[1].Id}/edit";
        var one = Edit(typeId, $"{t} moved", "2027-05-11", "15:00", "15:30", rows[1].ConcurrencyStamp.ToString(), SeriesScope.One);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync(url, one, url)).StatusCode);
        rows = await RowsAsync(t);
        Assert.Equal(5, rows.Count);
        Assert.True(rows[1].IsSeriesException);
        Assert.Equal($"{t} moved", rows[1].Subject);
        Assert.Equal(30, (rows[1].EndUtc - rows[1].StartUtc).TotalMinutes);

        // From the fourth on: a new time.
        url = $"/calendar/activities/{rows[3].Id}/edit";
        var following = Edit(typeId, $"{t} later standup", "2027-05-13", "10:00", "10:15", rows[3].ConcurrencyStamp.ToString(), SeriesScope.Following);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync(url, following, url)).StatusCode);
        rows = await RowsAsync(t);
        Assert.Equal(5, rows.Count);
        Assert.Equal([$"{t} standup", $"{t} moved", $"{t} standup", $"{t} later standup", $"{t} later standup"], rows.Select(r => r.Subject));
        Assert.Equal(rows[2].StartUtc.AddDays(1).AddHours(1), rows[3].StartUtc);
        Assert.NotEqual(rows[2].SeriesId, rows[3].SeriesId);

        // The whole (first) series renamed: the done and the moved occurrences keep theirs.
        url = $"/calendar/activities/{rows[2].Id}/edit";
        var all = Edit(typeId, $"{t} renamed", "2027-05-12", "09:00", "09:15", rows[2].ConcurrencyStamp.ToString(), SeriesScope.All, until: "2027-05-12");
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync(url, all, url)).StatusCode);
        rows = await RowsAsync(t);
        Assert.Equal([$"{t} standup", $"{t} moved", $"{t} renamed", $"{t} later standup", $"{t} later standup"], rows.Select(r => r.Subject));
        Assert.Equal(ActivityStatus.Done, rows[0].Status);

        // Deleting the second series from its first occurrence on leaves the rest.
        var delete = await client.PostFormAsync($"/calendar/activities/{rows[3].Id}/delete",
            new Dictionary<string, string> { ["stamp"] = rows[3].ConcurrencyStamp.ToString(), ["scope"] = "Following" }, $"/calendar/activities/{rows[3].Id}/delete");
        Assert.Equal(HttpStatusCode.Redirect, delete.StatusCode);
        Assert.Equal([$"{t} standup", $"{t} moved", $"{t} renamed"], (await RowsAsync(t)).Select(r => r.Subject));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostFormAsync($"/calendar/activities/{rows[2].Id}/delete",
            new Dictionary<string, string> { ["stamp"] = rows[2].ConcurrencyStamp.ToString(), ["scope"] = "Galaxy" }, $"/calendar/activities/{rows[2].Id}/delete")).StatusCode);
    }

    private static DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), TimeZoneInfo.Local);

    [Fact]
    public async Task A_monthly_series_on_the_31st_and_a_fortnightly_one_are_laid_out_in_local_time_and_edited_alone_or_as_a_whole()
    {
        var (_, name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        var client = await app.SignedInAsync(name);
        var t = CompanyFactory.Token();
        var typeId = await app.TypeIdAsync("meeting");
        const string Page = "/calendar/activities/new";

        // Monthly from 31 January: the last day of the shorter months, back on the 31st when the month has one.
        var form = CalendarFixtures.Form(typeId, $"{t} review", "2027-01-31", "10:00", "11:00");
        form["Repeat"] = "Monthly";
        form["RepeatUntil"] = "2027-05-31";
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync(Page, form, Page)).StatusCode);
        var rows = await RowsAsync($"{t} review");
        Assert.Equal(["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31"], rows.Select(r => Local(r.StartUtc).ToString("yyyy-MM-dd")));
        Assert.All(rows, r => Assert.Equal(new TimeSpan(10, 0, 0), Local(r.StartUtc).TimeOfDay));

        // March alone moves to 14:00 under its own subject.
        var url = $"/calendar/activities/{rows[2].Id}/edit";
        var one = Edit(typeId, $"{t} review moved", "2027-03-31", "14:00", "15:00", rows[2].ConcurrencyStamp.ToString(), SeriesScope.One, "Monthly", "2027-05-31");
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync(url, one, url)).StatusCode);

        // The whole series from April's occurrence: 09:00 and a new subject everywhere except the changed March.
        rows = await RowsAsync($"{t} review");
        url = $"/calendar/activities/{rows[3].Id}/edit";
        var all = Edit(typeId, $"{t} review 9am", "2027-04-30", "09:00", "10:00", rows[3].ConcurrencyStamp.ToString(), SeriesScope.All, "Monthly", "2027-05-31");
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync(url, all, url)).StatusCode);
        rows = await RowsAsync($"{t} review");
        Assert.Equal(["2027-01-31 09:00", "2027-02-28 09:00", "2027-03-31 14:00", "2027-04-30 09:00", "2027-05-31 09:00"],
            rows.Select(r => Local(r.StartUtc).ToString("yyyy-MM-dd HH:mm")));
        Assert.Equal([$"{t} review 9am", $"{t} review 9am", $"{t} review moved", $"{t} review 9am", $"{t} review 9am"], rows.Select(r => r.Subject));
        Assert.Single(rows.Select(r => r.SeriesId).Distinct());

        // Every second Monday from 1 March to 12 April (across the spring clock change where the zone has one): 10:00 local each time.
        form = CalendarFixtures.Form(typeId, $"{t} fortnightly", "2027-03-01", "10:00", "10:30");
        form["Repeat"] = "Weekly";
        form["RepeatInterval"] = "2";
        form["RepeatUntil"] = "2027-04-12";
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync(Page, form, Page)).StatusCode);
        rows = await RowsAsync($"{t} fortnightly");
        Assert.Equal(["2027-03-01 10:00", "2027-03-15 10:00", "2027-03-29 10:00", "2027-04-12 10:00"], rows.Select(r => Local(r.StartUtc).ToString("yyyy-MM-dd HH:mm")));
        Assert.All(rows, r => Assert.Equal(30, (r.EndUtc - r.StartUtc).TotalMinutes));

        // One occurrence deleted alone: the others stay.
        var delete = await client.PostFormAsync($"/calendar/activities/{rows[1].Id}/delete",
            new Dictionary<string, string> { ["stamp"] = rows[1].ConcurrencyStamp.ToString(), ["scope"] = "One" }, $"/calendar/activities/{rows[1].Id}/delete");
        Assert.Equal(HttpStatusCode.Redirect, delete.StatusCode);
        Assert.Equal([rows[0].Id, rows[2].Id, rows[3].Id], (await RowsAsync($"{t} fortnightly")).Select(r => r.Id));
    }
}

public sealed class SeriesTestsSqlite(SqliteApp app) : SeriesTests(app);
public sealed class SeriesTestsPostgreSql(PostgreSqlApp app) : SeriesTests(app);
