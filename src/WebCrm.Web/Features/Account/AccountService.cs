using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using WebCrm.Data.Identity;
using WebCrm.Web.Infrastructure.Localization;
using WebCrm.Web.Infrastructure.Security;

namespace WebCrm.Web.Features.Account;

public sealed record LoginOutcome(bool Succeeded, string? Error);

public sealed class AccountService(
    SignInManager<AppUser> signIn,
    UserManager<AppUser> users,
    SessionRegistry sessions,
    WebCrm.Data.CrmDbContext db,
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
        if (user is null || await users.IsLockedOutAsync(user) || !await signIn.CanSignInAsync(user))
        {
            // Identity checks no password for these; hash one anyway so they take as long as a wrong password.
            DummyPasswords.Verify(users.PasswordHasher, input.Password!);
            return generic;
        }
        var result = await signIn.PasswordSignInAsync(user, input.Password!, input.RememberMe, lockoutOnFailure: true);
        return result.Succeeded ? new LoginOutcome(true, null) : generic;
    }

    /// <summary>Signs out and ends this browser's server-side session, so a copy of the cookie is refused from now on.</summary>
    public async Task SignOutAsync(System.Security.Claims.ClaimsPrincipal principal)
    {
        if (SessionRegistry.SessionOf(principal) is { } sid && users.GetUserId(principal) is { } userId)
        {
            await sessions.EndAsync(db, userId, [sid]);
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
