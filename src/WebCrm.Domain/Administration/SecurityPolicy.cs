using WebCrm.Domain.Common;
using WebCrm.Domain.Security;

namespace WebCrm.Domain.Administration;

/// <summary>
/// The administrator's security settings (one row). Two-factor sign-in is a property of each rights template: it is
/// mandatory for the users given a template listed here, who are sent to enrol at their next sign-in and can do nothing
/// else until they have.
/// </summary>
public class SecurityPolicy : Entity
{
    /// <summary>The keys of the templates (<see cref="RoleTemplates"/>) whose users must use two-factor sign-in, ';'-separated.</summary>
    public string TwoFactorTemplates { get; set; } = "";

    public IReadOnlySet<string> TwoFactorTemplateKeys =>
        TwoFactorTemplates.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);

    /// <summary>Keeps the known template keys only, in the templates' order.</summary>
    public void SetTwoFactorTemplates(IEnumerable<string> keys)
    {
        var wanted = keys.ToHashSet(StringComparer.Ordinal);
        TwoFactorTemplates = string.Join(";", RoleTemplates.All.Where(t => wanted.Contains(t.Key)).Select(t => t.Key));
    }

    /// <summary>Whether a user given this template (null: none) must sign in with a second factor.</summary>
    public bool RequiresTwoFactor(string? templateKey) => templateKey is not null && TwoFactorTemplateKeys.Contains(templateKey);
}
