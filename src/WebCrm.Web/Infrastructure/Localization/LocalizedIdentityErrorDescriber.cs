using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace WebCrm.Web.Infrastructure.Localization;

/// <summary>Identity's messages in the user's language.</summary>
public sealed class LocalizedIdentityErrorDescriber(IStringLocalizer<SharedResource> l) : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) =>
        new() { Code = nameof(PasswordTooShort), Description = l["The password must be at least {0} characters long.", length] };

    public override IdentityError PasswordMismatch() =>
        new() { Code = nameof(PasswordMismatch), Description = l["The current password is wrong."] };

    public override IdentityError DuplicateUserName(string userName) =>
        new() { Code = nameof(DuplicateUserName), Description = l["The user name '{0}' is already taken.", userName] };

    public override IdentityError DuplicateEmail(string email) =>
        new() { Code = nameof(DuplicateEmail), Description = l["The email '{0}' is already taken.", email] };

    public override IdentityError InvalidUserName(string? userName) =>
        new() { Code = nameof(InvalidUserName), Description = l["A user name may contain only letters, digits and - . _ @"] };

    public override IdentityError InvalidEmail(string? email) =>
        new() { Code = nameof(InvalidEmail), Description = l["The email address is not valid."] };

    public override IdentityError ConcurrencyFailure() =>
        new() { Code = nameof(ConcurrencyFailure), Description = l["Someone else changed this user at the same time. Reload and try again."] };

    public override IdentityError DefaultError() =>
        new() { Code = nameof(DefaultError), Description = l["The change could not be saved."] };
}
