using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using WebCrm.Data.Identity;
using WebCrm.Domain.Administration;
using WebCrm.Web.Infrastructure.Localization;
using WebCrm.Web.Infrastructure.Security;

namespace WebCrm.Web.Features.Account;

/// <summary>The password step's answer: signed in, a second factor wanted, or the one generic error.</summary>
public sealed record LoginOutcome(bool Succeeded, string? Error, bool RequiresTwoFactor = false);

public sealed class AccountService(
    SignInManager<AppUser> signIn,
    UserManager<AppUser> users,
    SessionRegistry sessions,
    WebCrm.Data.CrmDbContext db,
    SecurityLog log,
    IStringLocalizer<SharedResource> l)
{
    /// <summary>
    /// Unknown name, wrong password, locked and disabled account all answer the same message after the same work
    /// (one password hash), so neither the text nor the time tells whether an account exists or is locked.
    /// </summary>
    public async Task<LoginOutcome> SignInAsync(LoginInput input)
    {
        var name = input.UserName!.Trim();
        var user = await users.FindByNameAsync(name) ?? (name.Contains('@') ? await users.FindByEmailAsync(name) : null);
        var generic = new LoginOutcome(false, l["The user name or password is wrong, or the account is locked for a while."]);
        var refusal = user is null ? "reason=unknown-user" : await users.IsLockedOutAsync(user) ? "reason=locked"
            : !await signIn.CanSignInAsync(user) ? "reason=disabled" : null;
        if (refusal is not null)
        {
            // Identity checks no password for these; hash one anyway so they take as long as a wrong password.
            DummyPasswords.Verify(users.PasswordHasher, input.Password!);
            await log.RecordAsync(SecurityEventKind.SignInFailed, user?.Id, user?.UserName ?? name, refusal, (null, null));
            return generic;
        }
        var result = await signIn.PasswordSignInAsync(user!, input.Password!, input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await log.RecordAsync(SecurityEventKind.SignedIn, user!.Id, user.UserName, user.TwoFactorEnabled ? "method=remembered-device" : "method=password", (user.Id, user.UserName));
            return new LoginOutcome(true, null);
        }
        if (result.RequiresTwoFactor)
        {
            return new LoginOutcome(false, null, RequiresTwoFactor: true);
        }
        await log.RecordAsync(result.IsLockedOut ? SecurityEventKind.LockedOut : SecurityEventKind.SignInFailed, user!.Id, user.UserName,
            "reason=wrong-password", (null, null));
        return generic;
    }

    /// <summary>Signs out and ends this browser's server-side session, so a copy of the cookie is refused from now on.</summary>
    public async Task SignOutAsync(System.Security.Claims.ClaimsPrincipal principal)
    {
        if (SessionRegistry.SessionOf(principal) is { } sid && users.GetUserId(principal) is { } userId)
        {
            await sessions.EndAsync(db, userId, [sid]);
            await log.RecordAsync(SecurityEventKind.SignedOut, userId, principal.Identity?.Name);
        }
        await signIn.SignOutAsync();
    }

    public async Task<IdentityResult> ChangePasswordAsync(System.Security.Claims.ClaimsPrincipal principal, ChangePasswordInput input)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return IdentityResult.Failed(new IdentityError { Description = l["The change could not be saved."] });
        }
        var result = await users.ChangePasswordAsync(user, input.CurrentPassword!, input.NewPassword!);
        if (result.Succeeded)
        {
            // The new security stamp would sign this browser out too at the next check; renew its cookie now.
            await signIn.RefreshSignInAsync(user);
        }
        return result;
    }
}
