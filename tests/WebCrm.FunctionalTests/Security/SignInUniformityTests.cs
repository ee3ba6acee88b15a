using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebCrm.Data.Identity;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Security;

/// <summary>
/// Finding 3: sign-in told a real account from an unknown name by its message (locked) and its time (a real account
/// hashed the password, an unknown one did not). Now the four failures read alike and each costs exactly one password
/// hash — counted here instead of timed, so the test is exact on a busy machine.
/// </summary>
public abstract class SignInUniformityTests(CrmApp app)
{
    private sealed class CountingHasher : IPasswordHasher<AppUser>
    {
        private readonly PasswordHasher<AppUser> _inner = new();
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public void Reset() => Interlocked.Exchange(ref _verifications, 0);

        public string HashPassword(AppUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    [Fact]
    public async Task Unknown_wrong_locked_and_disabled_get_the_same_message_after_one_password_hash_each()
    {
        var hasher = new CountingHasher();
        await using var counted = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IPasswordHasher<AppUser>>(hasher)));
        using var client = new CrmClient(counted.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));

        var (_, real) = await app.CreateUserAsync([]);
        var (_, locked) = await app.CreateUserAsync([]);
        var (disabledId, disabled) = await app.CreateUserAsync([]);
        await app.InDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Id == disabledId);
            user.IsDisabled = true;
            return await db.SaveChangesAsync();
        });
        for (var i = 0; i < 5; i++)
        {
            await client.SignInAsync(locked, "wrong-password-" + i);
        }
        Assert.NotNull(await app.InDbAsync(db => db.Users.Where(u => u.UserName == locked).Select(u => u.LockoutEnd).SingleAsync()));

        var attempts = new (string Case, string User, string Password)[]
        {
            ("unknown", "nobody-" + Guid.NewGuid().ToString("N")[..8], "not-the-password-1"),
            ("unknown email", $"nobody-{Guid.NewGuid():N}@example.com", "not-the-password-1"),
            ("wrong password", real, "not-the-password-1"),
            ("locked, right password", locked, CrmApp.Password),
            ("disabled, right password", disabled, CrmApp.Password),
        };
        var messages = new List<string>();
        foreach (var (name, user, password) in attempts)
        {
            var token = await client.TokenAsync("/account/login");
            hasher.Reset();
            var response = await client.Http.PostAsync("/account/login", new FormUrlEncodedContent(
                [new("UserName", user), new("Password", password), new("__RequestVerificationToken", token)]));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {(int)response.StatusCode}");
            Assert.True(hasher.Verifications == 1, $"{name}: {hasher.Verifications} password hashes");
            messages.Add((await CrmClient.ParseAsync(response)).QuerySelector(".validation-summary-errors")!.TextContent.Trim());
        }
        Assert.Single(messages.Distinct());
        Assert.DoesNotContain("min", messages[0]);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }
}

public sealed class SignInUniformityTestsSqlite(SqliteApp app) : SignInUniformityTests(app);
public sealed class SignInUniformityTestsPostgreSql(PostgreSqlApp app) : SignInUniformityTests(app);
