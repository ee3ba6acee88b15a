using System.Net;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Administration;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Foundation;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Security;

/// <summary>
/// Mandatory two-factor sign-in is a property of each rights template, set by the administrator: a user given a ticked
/// template is sent to enrol at his next sign-in (or his next request) and reaches nothing else until he has, and cannot
/// switch it off; a user of another template, or with the same rights set one by one, is not asked. An app of its own:
/// the policy applies to every user of the database.
/// </summary>
public abstract class TwoFactorPolicyTests(CrmApp app)
{
    private static async Task<HttpResponseMessage> SaveAsync(CrmClient admin, string stamp, params string[] templates) =>
        await admin.PostFormAsync("/admin/security",
            templates.Select(t => new KeyValuePair<string, string>("TwoFactorTemplates", t)).Append(new("Stamp", stamp)), "/admin/security");

    private static async Task<string> StampAsync(CrmClient admin) =>
        (await admin.PageAsync("/admin/security")).QuerySelector("#policy-form input[name=Stamp]")!.GetAttribute("value") ?? "";

    /// <summary>Creates a user through the administrator's form, given a template; answers his id and name.</summary>
    private async Task<(string Id, string Name)> CreateAsync(CrmClient admin, string template)
    {
        var name = template.ToLowerInvariant()[..3] + Guid.NewGuid().ToString("N")[..10];
        var created = await admin.PostFormAsync("/admin/users/new",
            new { UserName = name, DisplayName = "User " + name, Email = "", Password = CrmApp.Password, Template = template });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        return (await app.InDbAsync(db => db.Users.Where(u => u.UserName == name).Select(u => u.Id).SingleAsync()), name);
    }

    private static async Task AssertSentToEnrolAsync(CrmClient client, params string[] urls)
    {
        foreach (var url in urls)
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/two-factor/enrol", response.Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task Two_factor_is_mandatory_for_the_users_of_the_templates_the_administrator_ticks()
    {
        using var admin = await app.SignedInAsync("admin", "demo-crm-2026");
        var stale = await StampAsync(admin);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(admin, stale)).StatusCode);
        // A form shown before that save is refused, not silently applied.
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(admin, stale, RoleTemplates.AdministratorKey)).StatusCode);
        Assert.Empty((await app.InDbAsync(db => db.SecurityPolicies.SingleAsync())).TwoFactorTemplateKeys);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(admin, await StampAsync(admin), RoleTemplates.DirectorKey, "NoSuchTemplate")).StatusCode);
        Assert.Equal(new HashSet<string> { RoleTemplates.DirectorKey }, (await app.InDbAsync(db => db.SecurityPolicies.SingleAsync())).TwoFactorTemplateKeys);
        Assert.Equal(2, await app.InDbAsync(db => db.SecurityEvents.CountAsync(e => e.Kind == SecurityEventKind.PolicyChanged)));
        var settings = await admin.PageAsync("/admin/security");
        Assert.Equal(RoleTemplates.All.Count, settings.QuerySelectorAll("#policy-form input[name=TwoFactorTemplates]").Length);
        Assert.Equal(RoleTemplates.DirectorKey, Assert.Single(settings.QuerySelectorAll("#policy-form input[name=TwoFactorTemplates][checked]")).GetAttribute("value"));

        var (directorId, director) = await CreateAsync(admin, RoleTemplates.DirectorKey);
        var (_, manager) = await CreateAsync(admin, RoleTemplates.ManagerKey);
        // The same rights as a director, set one by one without a template: the template decides, so he is not asked.
        var (looseId, loose) = await app.CreateUserAsync(RoleTemplates.Director.Permissions);
        var rights = await admin.PageAsync($"/admin/users/{directorId}");
        Assert.Contains("Director", rights.QuerySelector("#rights-template")!.TextContent);
        Assert.NotNull(rights.QuerySelector("#two-factor-required"));
        Assert.Null((await admin.PageAsync($"/admin/users/{looseId}")).QuerySelector("#two-factor-required"));

        using var client = await app.SignedInAsync(director);
        await AssertSentToEnrolAsync(client, "/", "/deals", "/account/password");
        Assert.Contains("mandatory", (await client.PageAsync("/account/two-factor/enrol")).Body!.TextContent);
        var (key, _, step) = await TwoFactorTests.EnrolAsync(client);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/deals")).StatusCode);
        // Mandatory: he cannot switch it off, even with a right code.
        Assert.Null((await client.PageAsync("/account/security")).QuerySelector("#disable-form"));
        await client.PostFormAsync("/account/security/disable", new { Code = TwoFactorTests.NextCode(key, ref step) }, "/account/security");
        Assert.True(await app.InDbAsync(db => db.Users.Where(u => u.Id == directorId).Select(u => u.TwoFactorEnabled).SingleAsync()));

        using var managerClient = await app.SignedInAsync(manager);
        Assert.Equal(HttpStatusCode.OK, (await managerClient.GetAsync("/deals")).StatusCode);
        using var looseClient = await app.SignedInAsync(loose);
        Assert.Equal(HttpStatusCode.OK, (await looseClient.GetAsync("/deals")).StatusCode);

        // Ticking the Manager template reaches the signed-in manager at his next request (the stamp is checked on each here).
        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(admin, await StampAsync(admin), RoleTemplates.DirectorKey, RoleTemplates.ManagerKey)).StatusCode);
        await AssertSentToEnrolAsync(managerClient, "/deals");
        Assert.Equal(HttpStatusCode.OK, (await looseClient.GetAsync("/deals")).StatusCode);
        // Given the Manager template, the user without one becomes one of its users.
        Assert.Equal(HttpStatusCode.Redirect, (await RightsPreviewTests.ConfirmAsync(admin, $"/admin/users/{looseId}/template?template={RoleTemplates.ManagerKey}")).StatusCode);
        Assert.Equal(RoleTemplates.ManagerKey, await app.InDbAsync(db => db.Users.Where(u => u.Id == looseId).Select(u => u.RightsTemplate).SingleAsync()));
        await AssertSentToEnrolAsync(looseClient, "/deals");
    }
}

public sealed class TwoFactorPolicyTestsSqlite(IsolatedSqliteApp app) : TwoFactorPolicyTests(app), IClassFixture<IsolatedSqliteApp>;
public sealed class TwoFactorPolicyTestsPostgreSql(IsolatedPostgreSqlApp app) : TwoFactorPolicyTests(app), IClassFixture<IsolatedPostgreSqlApp>;
