namespace WebCrm.Domain.Security;

/// <summary>Rules about changing rights that hold whichever page asks for the change.</summary>
public static class RightsRules
{
    /// <summary>
    /// True when taking Users.Manage away from (or disabling) <paramref name="targetUserId"/> would leave no
    /// active administrator: nobody could then manage users any more.
    /// </summary>
    public static bool WouldRemoveLastAdministrator(string targetUserId, IReadOnlyCollection<string> activeAdministratorIds,
        bool targetKeepsAdministration) =>
        !targetKeepsAdministration
        && activeAdministratorIds.Contains(targetUserId)
        && activeAdministratorIds.Count(id => id != targetUserId) == 0;
}
