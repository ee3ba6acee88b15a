using WebCrm.Domain.Common;
using WebCrm.Domain.Security;

namespace WebCrm.Domain.Administration;

/// <summary>
/// The administrator's security settings (one row). Two-factor sign-in is mandatory for a user who holds any right of
/// a group that is switched on here: such a user is sent to enrol at his next sign-in and can do nothing else until he has.
/// </summary>
public class SecurityPolicy : Entity
{
    /// <summary>Users who manage users and rights (the Administrator template's Users.Manage).</summary>
    public bool TwoFactorForAdministrators { get; set; }

    /// <summary>Users who see every client or deal (the Director template's "view all").</summary>
    public bool TwoFactorForDirectors { get; set; }

    /// <summary>Whether a user with these rights must sign in with a second factor.</summary>
    public bool RequiresTwoFactor(IEnumerable<string> rights) => rights.Any(r =>
        (TwoFactorForAdministrators && r == Permissions.Users.Manage)
        || (TwoFactorForDirectors && r is Permissions.Clients.ViewAll or Permissions.Deals.ViewAll));
}
