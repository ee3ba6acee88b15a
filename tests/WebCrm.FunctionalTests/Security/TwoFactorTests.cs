using System.Net;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Administration;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Security;

/// <summary>
/// Two-factor sign-in with an authenticator app: enrolment from the page's key, the second step with a code the test
/// computes itself (<see cref="Rfc6238"/>), a code used once only, recovery codes each once, "remember this device",
/// an administrator's reset, every step in the security log.
/// </summary>
public abstract class TwoFactorTests(CrmApp app)
{
    /// <summary>Signs the user in, enrols him from the page's key; answers the key, the recovery codes and the step used.</summary>
    internal static async Task<(string Key, List<string> RecoveryCodes, long Step)> EnrolAsync(CrmClient client)
    {
        var page = await client.PageAsync("/account/two-factor/enrol");
        Assert.NotNull(page.QuerySelector("img#qr-code[src^='data:image/png;base64,']"));
        var key = page.QuerySelector("#authenticator-key")!.TextContent.Replace(" ", "", StringComparison.Ordinal);
        var step = Rfc6238.CurrentStep;
        var done = await client.PostFormAsync("/account/two-factor/enrol", new { Code = Rfc6238.Code(key, step) }, "/account/two-factor/enrol");
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var codes = (await CrmClient.ParseAsync(done)).QuerySelectorAll("#recovery-codes li").Select(li => li.TextContent.Trim()).ToList();
        return (key, codes, step);
    }

    /// <summary>A code of a later step than any used so far (the app accepts one step of drift ahead).</summary>
    internal static string NextCode(string key, ref long lastStep)
    {
        lastStep = Math.Max(lastStep + 1, Rfc6238.CurrentStep);
        return Rfc6238.Code(key, lastStep);
    }

    private static Task<HttpResponseMessage> SecondStepAsync(CrmClient client, string code, bool rememberDevice = false, string path = "/account/two-factor") =>
        client.PostFormAsync(path, new { Code = code, RememberDevice = rememberDevice.ToString(), ReturnUrl = "/clients" }, path);

    [Fact]
    public void The_tests_own_totp_gives_the_rfc_6238_test_vector()
    {
        // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082; an authenticator shows its last six digits.
        Assert.Equal("287082", Rfc6238.Code("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Rfc6238.StepOf(DateTimeOffset.FromUnixTimeSeconds(59))));
    }

    [Fact]
    public async Task A_user_enrols_and_then_signs_in_with_a_code_from_the_app_once()
    {
        var (id, name) = await app.CreateUserAsync([]);
        using (var first = await app.SignedInAsync(name))
        {
            Assert.Contains("off", (await first.PageAsync("/account/security")).QuerySelector("#two-factor-state")!.TextContent);
            var wrong = await first.PostFormAsync("/account/two-factor/enrol", new { Code = "000000" }, "/account/two-factor/enrol");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Empty((await CrmClient.ParseAsync(wrong)).QuerySelectorAll("#recovery-codes li"));
            Assert.False(await app.InDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.TwoFactorEnabled).SingleAsync()));
        }
        using var client = await app.SignedInAsync(name);
        var (key, codes, step) = await EnrolAsync(client);
        Assert.Equal(10, codes.Count);
        Assert.Equal(10, codes.Distinct().Count());
        Assert.True(await app.InDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.TwoFactorEnabled).SingleAsync()));

        // The password alone no longer signs in: it leads to the second step.
        using var browser = app.Client();
        var password = await browser.SignInAsync(name, CrmApp.Password);
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.StartsWith("/account/two-factor", password.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/clients")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SecondStepAsync(browser, "123456")).StatusCode);
        var code = NextCode(key, ref step);
        var signedIn = await SecondStepAsync(browser, code);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/clients", signedIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/password")).StatusCode);

        // The same code again, overheard by someone with the password, is refused.
        using var replay = app.Client();
        await replay.SignInAsync(name, CrmApp.Password);
        Assert.Equal(HttpStatusCode.OK, (await SecondStepAsync(replay, code)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await replay.GetAsync("/account/password")).StatusCode);

        var kinds = await app.InDbAsync(db => db.SecurityEvents.Where(e => e.TargetUserId == id).Select(e => e.Kind).ToListAsync());
        Assert.Contains(SecurityEventKind.TwoFactorEnabled, kinds);
        Assert.Contains(SecurityEventKind.TwoFactorFailed, kinds);
        Assert.Contains(SecurityEventKind.SignedIn, kinds);
    }

    [Fact]
    public async Task Recovery_codes_work_once_and_a_remembered_device_skips_the_code()
    {
        var (id, name) = await app.CreateUserAsync([]);
        using var client = await app.SignedInAsync(name);
        var (key, codes, step) = await EnrolAsync(client);

        using var lost = app.Client();
        await lost.SignInAsync(name, CrmApp.Password);
        Assert.Equal(HttpStatusCode.Redirect, (await SecondStepAsync(lost, codes[0], path: "/account/two-factor/recovery")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lost.GetAsync("/account/password")).StatusCode);
        Assert.Contains("Recovery codes left: 9", (await lost.PageAsync("/account/security")).Body!.TextContent);
        using var again = app.Client();
        await again.SignInAsync(name, CrmApp.Password);
        Assert.Equal(HttpStatusCode.OK, (await SecondStepAsync(again, codes[0], path: "/account/two-factor/recovery")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await again.GetAsync("/account/password")).StatusCode);

        // "Remember this device": after signing out, the password alone signs this browser in; another browser still needs the code.
        using var device = app.Client();
        await device.SignInAsync(name, CrmApp.Password);
        Assert.Equal(HttpStatusCode.Redirect, (await SecondStepAsync(device, NextCode(key, ref step), rememberDevice: true)).StatusCode);
        await device.PostFormAsync("/account/logout", Array.Empty<KeyValuePair<string, string>>(), "/account/password");
        var direct = await device.SignInAsync(name, CrmApp.Password);
        Assert.Equal("/", direct.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await device.GetAsync("/account/password")).StatusCode);

        var kinds = await app.InDbAsync(db => db.SecurityEvents.Where(e => e.TargetUserId == id).Select(e => e.Kind).ToListAsync());
        Assert.Contains(SecurityEventKind.RecoveryCodeUsed, kinds);
    }

    [Fact]
    public async Task An_administrator_sees_who_has_two_factor_and_resets_it()
    {
        var (id, name) = await app.CreateUserAsync([]);
        using var user = await app.SignedInAsync(name);
        var (key, _, _) = await EnrolAsync(user);
        using var admin = await app.SignedInAsync("admin", "demo-crm-2026");
        Assert.Contains("on", (await admin.PageAsync($"/admin/users/{id}")).QuerySelector("#two-factor")!.TextContent);
        Assert.Equal("on", (await admin.PageAsync("/admin/users")).QuerySelector($"tr[data-user='{name}'] td.two-factor")!.TextContent.Trim());

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/admin/users/{id}/two-factor/reset", Array.Empty<KeyValuePair<string, string>>(), $"/admin/users/{id}")).StatusCode);
        Assert.False(await app.InDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.TwoFactorEnabled).SingleAsync()));
        Assert.Contains("off", (await admin.PageAsync($"/admin/users/{id}")).QuerySelector("#two-factor")!.TextContent);
        var reset = await app.InDbAsync(db => db.SecurityEvents.Where(e => e.TargetUserId == id && e.Kind == SecurityEventKind.TwoFactorReset).ToListAsync());
        Assert.Equal("admin", Assert.Single(reset).ActorName);
        // The old key is gone: the password signs in without a second step, and enrolling shows a new key.
        using var after = app.Client();
        Assert.Equal("/", (await after.SignInAsync(name, CrmApp.Password)).Headers.Location!.OriginalString);
        var newKey = (await after.PageAsync("/account/two-factor/enrol")).QuerySelector("#authenticator-key")!.TextContent.Replace(" ", "", StringComparison.Ordinal);
        Assert.NotEqual(key, newKey);

        using var other = await app.SignedInAsync((await app.CreateUserAsync([])).UserName);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostFormAsync($"/admin/users/{id}/two-factor/reset", Array.Empty<KeyValuePair<string, string>>(), "/")).StatusCode);
    }
}

public sealed class TwoFactorTestsSqlite(SqliteApp app) : TwoFactorTests(app);
public sealed class TwoFactorTestsPostgreSql(PostgreSqlApp app) : TwoFactorTests(app);
