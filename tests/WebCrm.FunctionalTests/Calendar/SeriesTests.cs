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
}

public sealed class SeriesTestsSqlite(SqliteApp app) : SeriesTests(app);
public sealed class SeriesTestsPostgreSql(PostgreSqlApp app) : SeriesTests(app);
