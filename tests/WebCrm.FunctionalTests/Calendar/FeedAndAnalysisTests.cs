using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using WebCrm.Data;
using WebCrm.Domain.Calendar;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;
using WebCrm.Domain.Packages;
using WebCrm.Web.Features.Calendar;
using WebCrm.Web.Features.Packages.Outbox;

namespace WebCrm.FunctionalTests.Calendar;

/// <summary>The iCal feed (parses back, holds the activities, revoked answers 404), the contact analysis against a direct count, reminders.</summary>
public abstract class FeedAndAnalysisTests(CrmApp app)
{
    private async Task<(string Id, CrmClient Client)> UserAsync(IEnumerable<string> rights)
    {
        var (id, name) = await app.CreateUserAsync(rights);
        return (id, await app.SignedInAsync(name));
    }

    private static async Task<string> IssueAsync(CrmClient client)
    {
        var issued = await client.PostFormAsync("/calendar/feed/issue", new Dictionary<string, string>(), "/calendar/feed");
        Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);
        var url = (await client.PageAsync("/calendar/feed")).QuerySelector("#feed-url")!.GetAttribute("value")!;
        return new Uri(url).PathAndQuery;
    }

    [Fact]
    public async Task The_ical_feed_parses_back_with_the_users_activities_and_a_revoked_or_replaced_address_answers_404()
    {
        var (me, client) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (other, _) = await UserAsync(RoleTemplates.Manager.Permissions);
        var t = CompanyFactory.Token();
        var now = DateTime.UtcNow;
        var start = new DateTime(now.Year, now.Month, now.Day, 9, 30, 0, DateTimeKind.Utc).AddDays(2);
        // A long Russian description: folded lines must not split its two-byte letters past 75 octets.
        var meeting = await app.CreateActivityAsync(me, $"{t} meeting", start, a => a.Description = string.Concat(Enumerable.Repeat("Обсудить условия поставки, ", 8)));
        var allDay = await app.CreateActivityAsync(me, $"{t} all day", start.Date, a => { a.AllDay = true; a.EndUtc = start.Date.AddDays(1); });
        var foreign = await app.CreateActivityAsync(other, $"{t} someone else's", start);
        var guest = await app.CreateActivityAsync(other, $"{t} I take part", start, a => a.Participants.Add(new ActivityParticipant { UserId = me }));

        var path = await IssueAsync(client);
        Assert.Matches("^/ical/[A-Za-z0-9_-]{43}\\.ics$", path);
        using var anonymous = app.Client();
        var response = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        // RFC 5545's frame: CRLF line ends, content lines folded at 75 octets, VERSION and PRODID, a UID and a DTSTAMP in each event.
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", text);
        Assert.EndsWith("END:VCALENDAR\r\n", text);
        Assert.DoesNotMatch("[^\r]\n", text);
        var lines = text.Split("\r\n");
        Assert.All(lines, line => Assert.True(System.Text.Encoding.UTF8.GetByteCount(line) <= 75, $"an unfolded line: {line}"));
        Assert.Contains("VERSION:2.0", lines);
        Assert.Contains(lines, l => l.StartsWith("PRODID:", StringComparison.Ordinal));
        var vevents = text.Split("BEGIN:VEVENT\r\n").Skip(1).Select(e => e[..e.IndexOf("END:VEVENT", StringComparison.Ordinal)]).ToList();
        Assert.True(vevents.Count >= 3);
        Assert.All(vevents, e => Assert.Contains("\r\nDTSTAMP:", "\r\n" + e));
        Assert.All(vevents, e => Assert.Contains("\r\nUID:", "\r\n" + e));
        var calendar = Ical.Net.Calendar.Load(text)!;
        var events = calendar.Events.Where(e => e.Summary!.Contains(t)).ToDictionary(e => e.Uid!);
        Assert.Equal(new[] { $"activity-{meeting.Id}@webcrm", $"activity-{allDay.Id}@webcrm", $"activity-{guest.Id}@webcrm" }.Order(), events.Keys.Order());
        Assert.DoesNotContain($"activity-{foreign.Id}@webcrm", events.Keys);
        var parsed = events[$"activity-{meeting.Id}@webcrm"];
        Assert.Contains($"{t} meeting", parsed.Summary);
        Assert.Equal(start, parsed.DtStart!.AsUtc);
        Assert.Equal(start.AddHours(1), parsed.DtEnd!.AsUtc);
        Assert.False(events[$"activity-{allDay.Id}@webcrm"].DtStart!.HasTime);

        // A new address replaces the old one; switching off stops the new one too.
        var second = await IssueAsync(client);
        Assert.NotEqual(path, second);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(second)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync("/calendar/feed/revoke", new Dictionary<string, string>(), "/calendar/feed")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(second)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/ical/guessed-token-guessed-token-guessed-token.ics")).StatusCode);
        Assert.False(await app.InDbAsync(db => db.CalendarFeeds.AnyAsync(f => f.UserId == me)));
    }

    [Fact]
    public async Task The_analysis_counts_equal_a_direct_count_for_the_period_and_the_previous_one_and_respect_visibility()
    {
        var (me, client) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (other, _) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (_, director) = await UserAsync(RoleTemplates.Director.Permissions);
        var t = CompanyFactory.Token();
        var rnd = new Random(7);
        var codes = new[] { "call", "meeting", "email" };
        var now = DateTime.UtcNow;
        // Two of his companies in two regions, and one of them a second time (so one region holds two companies).
        var regions = await app.InDbAsync(db => db.ReferenceItems.Where(r => r.Kind == WebCrm.Domain.Reference.ReferenceListKind.Region)
            .OrderBy(r => r.Id).Select(r => r.Id).Take(2).ToListAsync());
        var companies = new[]
        {
            await app.CreateCompanyAsync(me, $"{t} north", c => c.RegionId = regions[0]),
            await app.CreateCompanyAsync(me, $"{t} south", c => c.RegionId = regions[1]),
            await app.CreateCompanyAsync(me, $"{t} south 2", c => c.RegionId = regions[1]),
        };
        // Noon UTC on days of Feb and Mar 2027 (the same local day in any zone within ±11 h); another user's too; most with a company.
        foreach (var i in Enumerable.Range(0, 60))
        {
            var day = new DateTime(2027, 2, 1, 12, 0, 0, DateTimeKind.Utc).AddDays(rnd.Next(0, 59));
            var status = (ActivityStatus)rnd.Next(1, 4);
            int? company = i % 4 == 3 ? null : companies[i % 4].Id;
            await app.CreateActivityAsync(i % 5 == 0 ? other : me, $"{t} {i}", day, a => { a.Status = status; a.CompanyId = company; }, codes[rnd.Next(codes.Length)]);
        }
        var typeIds = new Dictionary<string, int>();
        foreach (var c in codes) { typeIds[c] = await app.TypeIdAsync(c); }

        async Task<int> DirectAsync(string user, int type, ActivityStatus s, DateTime from, DateTime to) => await app.InDbAsync(db =>
            db.Activities.CountAsync(a => a.ResponsibleId == user && a.TypeId == type && a.Status == s && a.Subject.StartsWith(t) && a.StartUtc >= from && a.StartUtc < to));

        async Task CheckAsync(CrmClient c, string query, string user)
        {
            var page = await c.PageAsync($"/calendar/analysis?From=2027-03-01&To=2027-03-28{query}");
            foreach (var code in codes)
            {
                foreach (var s in Enum.GetValues<ActivityStatus>())
                {
                    var cell = page.QuerySelector($"#analysis tr[data-group='{user}'][data-type='{typeIds[code]}'] td[data-status='{s}']");
                    var current = await DirectAsync(user, typeIds[code], s, new DateTime(2027, 3, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2027, 3, 29, 0, 0, 0, DateTimeKind.Utc));
                    // The previous period has the same 28 days: 1–28 February.
                    var previous = await DirectAsync(user, typeIds[code], s, new DateTime(2027, 2, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2027, 3, 1, 0, 0, 0, DateTimeKind.Utc));
                    Assert.Equal(current, int.Parse(cell?.GetAttribute("data-current") ?? "0"));
                    Assert.Equal(previous, int.Parse(cell?.GetAttribute("data-previous") ?? "0"));
                }
            }
        }
        await CheckAsync(client, "", me);
        Assert.Null((await client.PageAsync("/calendar/analysis?From=2027-03-01&To=2027-03-28")).QuerySelector($"#analysis tr[data-group='{other}']"));
        await CheckAsync(director, $"&U={me}", me);
        await CheckAsync(director, $"&U={other}", other);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/calendar/analysis?U={other}")).StatusCode);
        foreach (var bad in new[] { "From=2027-03-31&To=2027-03-01", "By=Planet", "From=nonsense", "From=1900-01-01&To=2027-01-01" })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/calendar/analysis?{bad}")).StatusCode);
        }
        Assert.NotNull((await client.PageAsync("/calendar/analysis?From=2027-03-01&To=2027-03-28&By=Company")).QuerySelector("#analysis-chart[data-chart]"));

        // Per company and per region (his own activities only, as a manager), against a direct count of each cell.
        async Task<int> ByAsync(Func<Activity, bool> group, int type, ActivityStatus s, DateTime from, DateTime to) =>
            (await app.InDbAsync(db => db.Activities.AsNoTracking().Include(a => a.Company)
                .Where(a => a.ResponsibleId == me && a.TypeId == type && a.Status == s && a.Subject.StartsWith(t) && a.StartUtc >= from && a.StartUtc < to).ToListAsync()))
            .Count(group);
        var groupings = companies.Select(c => ("Company", c.Id.ToString(), (Func<Activity, bool>)(a => a.CompanyId == c.Id)))
            .Concat(regions.Select(r => ("Region", r.ToString(), (Func<Activity, bool>)(a => a.Company?.RegionId == r))));
        var march = (new DateTime(2027, 3, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2027, 3, 29, 0, 0, 0, DateTimeKind.Utc));
        var february = (new DateTime(2027, 2, 1, 0, 0, 0, DateTimeKind.Utc), march.Item1);
        var total = 0;
        foreach (var (by, key, group) in groupings)
        {
            var page = await client.PageAsync($"/calendar/analysis?From=2027-03-01&To=2027-03-28&By={by}");
            Assert.Contains(page.QuerySelectorAll($"#analysis tr[data-group='{key}'] td:first-child"), td => td.TextContent.Contains(t) || by == "Region");
            foreach (var code in codes)
            {
                foreach (var s in Enum.GetValues<ActivityStatus>())
                {
                    var cell = page.QuerySelector($"#analysis tr[data-group='{key}'][data-type='{typeIds[code]}'] td[data-status='{s}']");
                    var current = await ByAsync(group, typeIds[code], s, march.Item1, march.Item2);
                    var previous = await ByAsync(group, typeIds[code], s, february.Item1, february.Item2);
                    Assert.Equal(current, int.Parse(cell?.GetAttribute("data-current") ?? "0"));
                    Assert.Equal(previous, int.Parse(cell?.GetAttribute("data-previous") ?? "0"));
                    total += current + previous;
                }
            }
        }
        Assert.True(total > 20, $"only {total} activities counted by company and region");
    }

    [Fact]
    public async Task By_company_the_table_lists_the_companies_with_the_most_activities_and_the_chart_still_counts_all()
    {
        var (me, client) = await UserAsync(RoleTemplates.Manager.Permissions);
        var t = CompanyFactory.Token();
        var call = await app.TypeIdAsync("call");
        // One company more than the table lists: two calls in March 2031 with each, one only with the last; three calls
        // without a company; one call with the last company in the previous period.
        var n = ContactAnalysis.MaxCompanies + 1;
        var march = new DateTime(2031, 3, 10, 12, 0, 0, DateTimeKind.Utc);
        var ids = await app.InDbAsync(async db =>
        {
            var companies = Enumerable.Range(0, n).Select(i => new WebCrm.Domain.Clients.Company { Name = $"{t} {i:D3}", ResponsibleId = me }).ToList();
            db.Companies.AddRange(companies);
            await db.SaveChangesAsync();
            Activity Call(int? company, DateTime start) => new()
            {
                ResponsibleId = me, Subject = $"{t} call", TypeId = call, StartUtc = start, EndUtc = start.AddHours(1), CompanyId = company, Status = ActivityStatus.Done,
            };
            for (var i = 0; i < n; i++)
            {
                db.Activities.AddRange(Enumerable.Range(0, i == n - 1 ? 1 : 2).Select(k => Call(companies[i].Id, march.AddDays(k))));
            }
            db.Activities.AddRange(Enumerable.Range(0, 3).Select(k => Call(null, march.AddDays(k))));
            db.Activities.Add(Call(companies[^1].Id, new DateTime(2031, 2, 10, 12, 0, 0, DateTimeKind.Utc)));
            await db.SaveChangesAsync();
            return companies.Select(c => c.Id.ToString()).ToList();
        });

        var page = await client.PageAsync("/calendar/analysis?From=2031-03-01&To=2031-03-31&By=Company");
        Assert.NotNull(page.QuerySelector("#analysis-cut"));
        var listed = page.QuerySelectorAll("#analysis tr[data-group]").Select(tr => tr.GetAttribute("data-group")!).Order().ToList();
        Assert.Equal(ids.Take(n - 1).Append("").Order().ToList(), listed);
        Assert.All(ids.Take(n - 1), id => Assert.Equal("2", page.QuerySelector($"#analysis tr[data-group='{id}'] td[data-status='Done']")!.GetAttribute("data-current")));
        Assert.Equal("3", page.QuerySelector("#analysis tr[data-group=''] td[data-status='Done']")!.GetAttribute("data-current"));
        // The chart counts the company left out too: this period and the previous one.
        using var chart = System.Text.Json.JsonDocument.Parse(page.QuerySelector("#analysis-chart")!.GetAttribute("data-chart")!);
        Assert.Equal(2 * (n - 1) + 1 + 3, chart.RootElement.GetProperty("current").EnumerateArray().Sum(v => v.GetInt32()));
        Assert.Equal(1, chart.RootElement.GetProperty("previous").EnumerateArray().Sum(v => v.GetInt32()));

        // February: one company, listed without the note.
        page = await client.PageAsync("/calendar/analysis?From=2031-02-01&To=2031-02-28&By=Company");
        Assert.Null(page.QuerySelector("#analysis-cut"));
        Assert.Equal([ids[^1]], page.QuerySelectorAll("#analysis tr[data-group]").Select(tr => tr.GetAttribute("data-group")!));
    }

    [Fact]
    public async Task A_due_reminder_shows_in_the_top_bar_and_the_list_until_dismissed()
    {
        var (me, client) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (_, other) = await UserAsync(RoleTemplates.Manager.Permissions);
        var t = CompanyFactory.Token();
        var now = DateTime.UtcNow;
        var due = await app.CreateActivityAsync(me, $"{t} due", now.AddMinutes(10), a => a.SetReminder(15, false));
        await app.CreateActivityAsync(me, $"{t} not yet", now.AddHours(5), a => a.SetReminder(15, false));
        var page = await client.PageAsync("/calendar/reminders");
        Assert.Equal("1", page.QuerySelector("#reminder-count")?.TextContent);
        Assert.Equal([due.Id.ToString()], page.QuerySelectorAll("#reminders li[data-id]").Select(li => li.GetAttribute("data-id")!));
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostFormAsync($"/calendar/reminders/{due.Id}/dismiss", new Dictionary<string, string>(), "/calendar/reminders")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"/calendar/reminders/{due.Id}/dismiss", new Dictionary<string, string>(), "/calendar/reminders")).StatusCode);
        page = await client.PageAsync("/calendar/reminders");
        Assert.Null(page.QuerySelector("#reminder-count"));
        Assert.Empty(page.QuerySelectorAll("#reminders li[data-id]"));
    }

    [Fact]
    public async Task Reminder_emails_go_out_once_even_with_two_instances_sending_at_the_same_time()
    {
        var (me, _) = await UserAsync(RoleTemplates.Manager.Permissions);
        var t = CompanyFactory.Token();
        await app.InDbAsync(db => db.Users.Where(u => u.Id == me).ExecuteUpdateAsync(s => s.SetProperty(u => u.Email, $"{t}@example.test")));
        var now = DateTime.UtcNow;
        foreach (var i in Enumerable.Range(0, 6))
        {
            await app.CreateActivityAsync(me, $"{t} remind {i}", now.AddMinutes(5 + i), a => a.SetReminder(30, true));
        }
        await app.CreateActivityAsync(me, $"{t} in-app only", now.AddMinutes(5), a => a.SetReminder(30, false));
        // Two app instances' senders at once, each making several passes, with SMTP configured for them.
        var smtp = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Smtp:Host"] = "127.0.0.1" }).Build();
        async Task<int> InstanceAsync()
        {
            using var scope = app.Services.CreateScope();
            var sender = new ReminderSender(scope.ServiceProvider.GetRequiredService<CrmDbContext>(), scope.ServiceProvider.GetRequiredService<MailOutbox>(),
                scope.ServiceProvider.GetRequiredService<CalendarClock>(), smtp);
            var total = 0;
            for (var pass = 0; pass < 3; pass++)
            {
                total += await sender.RunOnceAsync(CancellationToken.None);
            }
            return total;
        }
        var written = await Task.WhenAll(InstanceAsync(), InstanceAsync());
        var letters = await app.InDbAsync(db => db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Subject.Contains(t)).Select(m => m.Subject).ToListAsync());
        Assert.Equal(6, letters.Count);
        Assert.Equal(6, letters.Distinct().Count());
        Assert.DoesNotContain(letters, l => l.Contains("in-app only"));
        Assert.True(written.Sum() >= 6);
        Assert.Equal(6, await app.InDbAsync(db => db.Activities.CountAsync(a => a.Subject.StartsWith(t) && a.ReminderEmailedAtUtc != null)));
        // Without SMTP nothing is claimed.
        using (var scope = app.Services.CreateScope())
        {
            var none = new ConfigurationBuilder().Build();
            await app.CreateActivityAsync(me, $"{t} no smtp", now.AddMinutes(5), a => a.SetReminder(30, true));
            var sender = new ReminderSender(scope.ServiceProvider.GetRequiredService<CrmDbContext>(), scope.ServiceProvider.GetRequiredService<MailOutbox>(),
                scope.ServiceProvider.GetRequiredService<CalendarClock>(), none);
            Assert.Equal(0, await sender.RunOnceAsync(CancellationToken.None));
        }
    }
}

public sealed class FeedAndAnalysisTestsSqlite(SqliteApp app) : FeedAndAnalysisTests(app);
public sealed class FeedAndAnalysisTestsPostgreSql(PostgreSqlApp app) : FeedAndAnalysisTests(app);
