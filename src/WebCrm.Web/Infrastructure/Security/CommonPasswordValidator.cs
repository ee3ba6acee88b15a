using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using WebCrm.Data.Identity;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Infrastructure.Security;

/// <summary>
/// Length plus a block list instead of composition rules: "Password1!" passes composition rules and is
/// still among the first guesses of any attacker.
/// </summary>
public sealed class CommonPasswordValidator(IStringLocalizer<SharedResource> l) : IPasswordValidator<AppUser>
{
    public const string ErrorCode = "CommonPassword";
    private static readonly Lazy<HashSet<string>> Common = new(Load);

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        if (password is null)
        {
            return Task.FromResult(IdentityResult.Success);
        }
        var normalized = password.Trim().ToLowerInvariant();
        var isCommon = Common.Value.Contains(normalized)
            || (user.UserName is { Length: > 0 } name && normalized.Contains(name.ToLowerInvariant(), StringComparison.Ordinal) && normalized.Length - name.Length < 4)
            || normalized.Distinct().Count() <= 2;
        return Task.FromResult(isCommon
            ? IdentityResult.Failed(new IdentityError { Code = ErrorCode, Description = l["This password is too common or too easy to guess."] })
            : IdentityResult.Success);
    }

    public static bool IsListed(string password) => Common.Value.Contains(password.Trim().ToLowerInvariant());

    private static HashSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("WebCrm.Web.common-passwords.txt")
            ?? throw new InvalidOperationException("The common password list is missing.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                set.Add(line.Trim().ToLowerInvariant());
            }
        }
        return set;
    }
}
