using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Administration;
using WebCrm.FunctionalTests.Infrastructure;
using WebCrm.Web.Infrastructure.Security;

namespace WebCrm.FunctionalTests.Security;

/// <summary>
/// The second factor's secrets at rest: AspNetUserTokens, read straight from the table, holds neither the authenticator
/// key nor a recovery code (encrypted key, hashed codes); users enrolled when they were kept in plain text are rewritten
/// at startup and keep signing in; and wrong recovery codes count towards the account lockout.
/// </summary>
public abstract class TwoFactorSecretsTests(CrmApp app)
{
    private Task<List<IdentityUserToken<string>>> TokensAsync(string userId) =>
        app.InDbAsync(db => db.UserTokens.AsNoTracking().Where(t => t.UserId == userId).ToListAsync());

    private static void AssertNoPlainSecret(List<IdentityUserToken<string>> tokens, string key, IEnumerable<string> codes)
    {
        Assert.NotEmpty(tokens);
        var secrets = codes.SelectMany(c => new[] { c, c.Replace("-", "", StringComparison.Ordinal) }).Append(key).ToList();
        foreach (var value in tokens.Select(t => t.Value ?? ""))
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, value, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    private static Task<HttpResponseMessage> RecoveryAsync(CrmClient client, string code) =>
        client.PostFormAsync("/account/two-factor/recovery", new { Code = code, ReturnUrl = "/clients" }, "/account/two-factor/recovery");

    [Fact]
    public async Task The_table_holds_no_authenticator_key_and_no_recovery_code_in_plain_text()
    {
        var (id, name) = await app.CreateUserAsync([]);
        using var client = await app.SignedInAsync(name);
        var (key, codes, step) = await TwoFactorTests.EnrolAsync(client);
        Assert.Equal(10, codes.Count);
        var tokens = await TokensAsync(id);
        AssertNoPlainSecret(tokens, key, codes);
        Assert.Contains(tokens, t => t.Name == TwoFactorSecrets.KeyToken);
        Assert.Contains(tokens, t => t.Name == TwoFactorSecrets.CodesToken);

        // They still work: a code from the app and a recovery code sign in, and the count of codes left is right.
        using var app1 = app.Client();
        await app1.SignInAsync(name, CrmApp.Password);
        var signedIn = await app1.PostFormAsync("/account/two-factor", new { Code = TwoFactorTests.NextCode(key, ref step), ReturnUrl = "/clients" }, "/account/two-factor");
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        using var lost = app.Client();
        await lost.SignInAsync(name, CrmApp.Password);
        // Typed in lower case with spaces around, the code is still the same code.
        Assert.Equal(HttpStatusCode.Redirect, (await RecoveryAsync(lost, " " + codes[3].ToLowerInvariant() + " ")).StatusCode);
        Assert.Contains("Recovery codes left: 9", (await lost.PageAsync("/account/security")).Body!.TextContent);
        AssertNoPlainSecret(await TokensAsync(id), key, codes);
    }

    [Fact]
    public async Task Secrets_stored_in_plain_text_before_are_rewritten_at_startup_and_still_sign_in()
    {
        var (id, name) = await app.CreateUserAsync([]);
        using (var client = await app.SignedInAsync(name))
        {
            var (key, codes, step) = await TwoFactorTests.EnrolAsync(client);
            // As a user enrolled before the secrets were protected: the key and the codes in plain text, as Identity kept them.
            await app.InDbAsync(async db =>
            {
                var tokens = await db.UserTokens.Where(t => t.UserId == id && t.LoginProvider == TwoFactorSecrets.StoreProvider).ToListAsync();
                tokens.Single(t => t.Name == TwoFactorSecrets.KeyToken).Value = key;
                tokens.Single(t => t.Name == TwoFactorSecrets.CodesToken).Value = string.Join(";", codes);
                return await db.SaveChangesAsync();
            });
            Assert.Contains(await TokensAsync(id), t => t.Value == key);

            Assert.True(await app.WithServiceAsync<TwoFactorSecretsMigration, int>(m => m.RunAsync()) >= 2);
            AssertNoPlainSecret(await TokensAsync(id), key, codes);
            // Run again (a second node starting): nothing plain is left to rewrite, and the values stay usable.
            var before = (await TokensAsync(id)).Select(t => t.Value).Order().ToList();
            await app.WithServiceAsync<TwoFactorSecretsMigration, int>(m => m.RunAsync());
            Assert.Equal(before, (await TokensAsync(id)).Select(t => t.Value).Order().ToList());

            using var withApp = app.Client();
            await withApp.SignInAsync(name, CrmApp.Password);
            var signedIn = await withApp.PostFormAsync("/account/two-factor", new { Code = TwoFactorTests.NextCode(key, ref step), ReturnUrl = "/clients" }, "/account/two-factor");
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            using var withCode = app.Client();
            await withCode.SignInAsync(name, CrmApp.Password);
            Assert.Equal(HttpStatusCode.Redirect, (await RecoveryAsync(withCode, codes[9])).StatusCode);
            Assert.Contains("Recovery codes left: 9", (await withCode.PageAsync("/account/security")).Body!.TextContent);
        }
    }

    [Fact]
    public async Task Wrong_recovery_codes_count_towards_the_lockout_and_a_locked_account_takes_no_code()
    {
        var (id, name) = await app.CreateUserAsync([]);
        using var client = await app.SignedInAsync(name);
        var (_, codes, _) = await TwoFactorTests.EnrolAsync(client);

        using var guesser = app.Client();
        await guesser.SignInAsync(name, CrmApp.Password);
        Assert.Equal(HttpStatusCode.OK, (await RecoveryAsync(guesser, "ZZZZZ-ZZZZZ")).StatusCode);
        Assert.Equal(1, await app.InDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.AccessFailedCount).SingleAsync()));
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await RecoveryAsync(guesser, $"ZZZZZ-ZZZZ{i}")).StatusCode);
        }
        var lockedUntil = await app.InDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.LockoutEnd).SingleAsync());
        Assert.NotNull(lockedUntil);
        Assert.True(lockedUntil > DateTimeOffset.UtcNow);
        // Locked: a right code is refused too, with the same message, and does not use the code up.
        var right = await RecoveryAsync(guesser, codes[0]);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("The code is wrong, or the account is locked for a while.", await right.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await guesser.GetAsync("/account/password")).StatusCode);
        Assert.Contains("Recovery codes left: 10", (await client.PageAsync("/account/security")).Body!.TextContent);
        var kinds = await app.InDbAsync(db => db.SecurityEvents.Where(e => e.TargetUserId == id).Select(e => e.Kind).ToListAsync());
        Assert.Contains(SecurityEventKind.LockedOut, kinds);
    }
}

public sealed class TwoFactorSecretsTestsSqlite(SqliteApp app) : TwoFactorSecretsTests(app);
public sealed class TwoFactorSecretsTestsPostgreSql(PostgreSqlApp app) : TwoFactorSecretsTests(app);
