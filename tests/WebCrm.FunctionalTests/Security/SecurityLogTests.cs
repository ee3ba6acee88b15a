using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebCrm.Data;
using WebCrm.Domain.Administration;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;
using WebCrm.Web.Infrastructure.Security;

namespace WebCrm.FunctionalTests.Security;

/// <summary>
/// The security log: sign-ins, failures, lockouts, sign-outs and exports are recorded with the client address; the
/// administrator's page lists them in names, filtered by user, kind and period, paged in the database; the retention
/// cleanup deletes old events and two instances running it at once do no harm.
/// </summary>
public abstract class SecurityLogTests(CrmApp app)
{
    private Task<List<SecurityEvent>> EventsOfAsync(string userId) =>
        app.InDbAsync(db => db.SecurityEvents.AsNoTracking().Where(e => e.TargetUserId == userId).OrderBy(e => e.Id).ToListAsync());

    [Fact]
    public async Task Sign_ins_failures_lockouts_sign_outs_and_exports_are_recorded_and_listed_by_name()
    {
        var (id, name) = await app.CreateUserAsync([Permissions.Clients.ViewOwn, Permissions.Clients.Export]);
        var unknown = "nobody" + Guid.NewGuid().ToString("N")[..10];
        using var anonymous = app.Client();
        await anonymous.SignInAsync(unknown, "whatever-password");
        for (var i = 0; i < 5; i++)
        {
            await anonymous.SignInAsync(name, "wrong-password-" + i);
        }
        Assert.Equal(HttpStatusCode.OK, (await anonymous.SignInAsync(name, CrmApp.Password)).StatusCode);
        await app.InDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Id == id);
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            return await db.SaveChangesAsync();
        });
        using var client = await app.SignedInAsync(name);
        var t = CompanyFactory.Token();
        await app.CreateCompanyAsync(id, $"{t} one");
        await app.CreateCompanyAsync(id, $"{t} two");
        var export = await client.GetAsync($"/clients/export?q={t}");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        await export.Content.ReadAsStringAsync();
        await client.PostFormAsync("/account/logout", Array.Empty<KeyValuePair<string, string>>(), "/account/password");

        var events = await EventsOfAsync(id);
        Assert.Equal(4, events.Count(e => e.Kind == SecurityEventKind.SignInFailed && e.Details == "reason=wrong-password"));
        Assert.Single(events, e => e.Kind == SecurityEventKind.LockedOut);
        Assert.Single(events, e => e.Kind == SecurityEventKind.SignInFailed && e.Details == "reason=locked");
        Assert.Single(events, e => e.Kind == SecurityEventKind.SignedIn);
        Assert.Single(events, e => e.Kind == SecurityEventKind.SignedOut);
        var exported = Assert.Single(events, e => e.Kind == SecurityEventKind.Exported);
        Assert.Equal($"list=clients rows=2 filter=q={t}", exported.Details);
        Assert.Equal(1, await app.InDbAsync(db => db.SecurityEvents.CountAsync(e => e.TargetUserName == unknown && e.TargetUserId == "" && e.Kind == SecurityEventKind.SignInFailed)));

        using var admin = await app.SignedInAsync("admin", "demo-crm-2026");
        var page = await admin.PageAsync($"/admin/security/log?user={id}&size=100");
        var rows = page.QuerySelectorAll("#security-log tbody tr");
        Assert.Equal(events.Count, rows.Length);
        Assert.All(rows, r => Assert.Contains("Test " + name, r.TextContent));
        Assert.DoesNotContain(id, page.QuerySelector("#security-log")!.OuterHtml);
        // Newest first: the sign-out, then the export in words.
        Assert.Equal("SignedOut", rows[0].GetAttribute("data-kind"));
        Assert.Contains("list: clients; rows: 2", rows[1].TextContent);

        var onlyExports = (await admin.PageAsync($"/admin/security/log?user={id}&kind=Exported")).QuerySelectorAll("#security-log tbody tr");
        Assert.Equal("Exported", Assert.Single(onlyExports).GetAttribute("data-kind"));
        var tomorrow = DateOnly.FromDateTime(DateTime.Now.AddDays(1)).ToString("yyyy-MM-dd");
        Assert.Empty((await admin.PageAsync($"/admin/security/log?user={id}&from={tomorrow}")).QuerySelectorAll("#security-log tbody tr"));
        var today = DateOnly.FromDateTime(DateTime.Now).ToString("yyyy-MM-dd");
        Assert.Equal(events.Count, (await admin.PageAsync($"/admin/security/log?user={id}&from={today}&to={today}&size=100")).QuerySelectorAll("#security-log tbody tr").Length);

        // Only administrators (Users.Manage) read the log.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.SignedInAsync(name)).GetAsync("/admin/security/log")).StatusCode);
    }

    [Fact]
    public async Task The_log_is_paged_in_the_database_and_old_events_are_deleted_once_even_by_two_instances()
    {
        var (id, name) = await app.CreateUserAsync([]);
        var now = DateTime.UtcNow;
        await app.InDbAsync(db =>
        {
            for (var i = 0; i < 60; i++)
            {
                // Seconds apart, so the order is defined: event 0 is the newest.
                db.SecurityEvents.Add(new SecurityEvent { AtUtc = now.AddSeconds(-i), TargetUserId = id, TargetUserName = name, Kind = SecurityEventKind.SignedIn, Details = $"method=password n={i}" });
            }
            for (var i = 0; i < 5; i++)
            {
                db.SecurityEvents.Add(new SecurityEvent { AtUtc = now.AddDays(-400 - i), TargetUserId = id, TargetUserName = name, Kind = SecurityEventKind.SignInFailed });
            }
            return db.SaveChangesAsync();
        });
        using var admin = await app.SignedInAsync("admin", "demo-crm-2026");
        var third = (await admin.PageAsync($"/admin/security/log?user={id}&size=25&page=3")).QuerySelectorAll("#security-log tbody tr");
        Assert.Equal(15, third.Length);
        Assert.Contains("n=50", third[0].TextContent);
        Assert.Contains("Rows 51–65 of 65", (await admin.PageAsync($"/admin/security/log?user={id}&size=25&page=3")).QuerySelector("#row-count")!.TextContent);

        // Two app instances clean up at the same moment: the old events go, once, and the recent ones stay.
        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(async _ =>
        {
            using var scope = app.Services.CreateScope();
            return await SecurityLogCleanup.RunOnceAsync(scope.ServiceProvider.GetRequiredService<CrmDbContext>(), now, 365);
        }));
        Assert.True(runs.Sum() >= 5);
        var left = await EventsOfAsync(id);
        Assert.Equal(60, left.Count);
        Assert.All(left, e => Assert.True(e.AtUtc > now.AddDays(-1)));
        using var scope2 = app.Services.CreateScope();
        Assert.Equal(0, await SecurityLogCleanup.RunOnceAsync(scope2.ServiceProvider.GetRequiredService<CrmDbContext>(), now, 0));
    }
}

public sealed class SecurityLogTestsSqlite(SqliteApp app) : SecurityLogTests(app);
public sealed class SecurityLogTestsPostgreSql(PostgreSqlApp app) : SecurityLogTests(app);
