using Microsoft.AspNetCore.Identity;
using WebCrm.Data.Identity;

namespace WebCrm.Web.Infrastructure.Security;

/// <summary>
/// An email belongs to one account at most, so signing in by email names one user. Identity's own RequireUniqueEmail
/// would also make the email mandatory, which users without one (created by an administrator) do not have; the
/// unique index on NormalizedEmail (UniqueEmails migration) is the database's guarantee behind this check.
/// </summary>
public sealed class UniqueEmailValidator(IdentityErrorDescriber describer) : IUserValidator<AppUser>
{
    public async Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user)
    {
        var email = await manager.GetEmailAsync(user);
        if (string.IsNullOrWhiteSpace(email))
        {
            return IdentityResult.Success;
        }
        var owner = await manager.FindByEmailAsync(email);
        return owner is not null && owner.Id != user.Id
            ? IdentityResult.Failed(describer.DuplicateEmail(email))
            : IdentityResult.Success;
    }
}
