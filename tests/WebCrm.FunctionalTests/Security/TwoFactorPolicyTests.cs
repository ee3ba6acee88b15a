using System.Net;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Administration;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Security;

/// <summary>
/// The administrator's setting makes two-factor sign-in mandatory for directors: such a user is sent to enrol at his next
/// sign-in and reaches nothing else until he has, and cannot switch it off; others are not asked. An app of its own:
/// the policy applies to every user of the database.
/// </summary>
public abstract class TwoFactorPolicyTests(CrmApp app)
{
    [Fact]
    public async Task Directors_must_enrol_at_their_next_sign_in()
    {
        var (directorId, director) = await app.CreateUserAsync([Permissions.Deals.ViewOwn, Permissions.Deals.ViewAll, Permissions.Clients.ViewOwn]);
        var (_, manager) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        using (var admin = await app.SignedInAsync("admin", "demo-crm-2026"))
        {
            var stale = (await admin.PageAsync("/admin/security")).QuerySelector("#policy-form input[name=Stamp]")!.GetAttribute("value") ?? "";
            Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/admin/security", new { Stamp = stale }, "/admin/security")).StatusCode);
            // A form shown before that save is refused, not silently applied.
            Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/admin/security", new { TwoFactorForAdministrators = "true", Stamp = stale }, "/admin/security")).StatusCode);
            Assert.False((await app.InDbAsync(db => db.SecurityPolicies.SingleAsync())).TwoFactorForAdministrators);
            var stamp = (await admin.PageAsync("/admin/security")).QuerySelector("#policy-form input[name=Stamp]")!.GetAttribute("value") ?? "";
            Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/admin/security", new { TwoFactorForDirectors = "true", Stamp = stamp }, "/admin/security")).StatusCode);
        }
        var policy = await app.InDbAsync(db => db.SecurityPolicies.SingleAsync());
        Assert.True(policy.TwoFactorForDirectors);
        Assert.False(policy.TwoFactorForAdministrators);
        Assert.Equal(2, await app.InDbAsync(db => db.SecurityEvents.CountAsync(e => e.Kind == SecurityEventKind.PolicyChanged)));

        using var client = await app.SignedInAsync(director);
        foreach (var url in new[] { "/", "/deals", "/account/password" })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/two-factor/enrol", response.Headers.Location!.OriginalString);
        }
        var enrol = await client.PageAsync("/account/two-factor/enrol");
        Assert.Contains("mandatory", enrol.Body!.TextContent);
        var (key, _, step) = await TwoFactorTests.EnrolAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/deals")).StatusCode);

        // Mandatory: he cannot switch it off, even with a right code.
        var status = await client.PageAsync("/account/security");
        Assert.Null(status.QuerySelector("#disable-form"));
        await client.PostFormAsync("/account/security/disable", new { Code = TwoFactorTests.NextCode(key, ref step) }, "/account/security");
        Assert.True(await app.InDbAsync(db => db.Users.Where(u => u.Id == directorId).Select(u => u.TwoFactorEnabled).SingleAsync()));

        // A manager (no "view all") is not asked.
        using var other = await app.SignedInAsync(manager);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/deals")).StatusCode);
    }
}

public sealed class TwoFactorPolicyTestsSqlite(IsolatedSqliteApp app) : TwoFactorPolicyTests(app), IClassFixture<IsolatedSqliteApp>;
public sealed class TwoFactorPolicyTestsPostgreSql(IsolatedPostgreSqlApp app) : TwoFactorPolicyTests(app), IClassFixture<IsolatedPostgreSqlApp>;
