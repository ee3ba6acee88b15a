using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using WebCrm.Data.Identity;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Account;

public sealed record LoginOutcome(bool Succeeded, string? Error);

public sealed class AccountService(
    SignInManager<AppUser> signIn,
    UserManager<AppUser> users,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l)
{
    public async Task<LoginOutcome> SignInAsync(LoginInput input)
    {
        var name = input.UserName!.Trim();
        var user = await users.FindByNameAsync(name) ?? (name.Contains('@') ? await users.FindByEmailAsync(name) : null);
        // Unknown user, wrong password and disabled account read the same, so the form reveals no account names.
        var generic = new LoginOutcome(false, l["The user name or password is wrong."]);
        if (user is null)
        {
            return generic;
        }
        var result = await signIn.PasswordSignInAsync(user, input.Password!, input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return new LoginOutcome(true, null);
        }
        if (result.IsLockedOut)
        {
            var until = await users.GetLockoutEndDateAsync(user) ?? clock.GetUtcNow();
            var minutes = Math.Max(1, (int)Math.Ceiling((until - clock.GetUtcNow()).TotalMinutes));
            return new LoginOutcome(false, l["Too many failed attempts. The account is locked; try again in {0} min.", minutes]);
        }
        return generic;
    }

    public Task SignOutAsync() => signIn.SignOutAsync();

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
