using System.Linq.Expressions;
using WebCrm.Domain.Security;

namespace WebCrm.Domain.Clients;

/// <summary>
/// Saved filters: everyone sees his own and the shared ones; only the owner changes or deletes a filter, shared or not
/// (no right lets anyone see or change another user's personal filter).
/// </summary>
public sealed class SavedFilterVisibility : VisibilityRule<SavedFilter>
{
    public static readonly SavedFilterVisibility Instance = new();

    public override OwnershipPermissions Permissions { get; } = new(
        ViewOwn: null, ViewAll: OwnershipPermissions.Nobody, Edit: null, Delete: null,
        Reassign: OwnershipPermissions.Nobody, EditOthers: OwnershipPermissions.Nobody);

    protected override Expression<Func<SavedFilter, string, bool>> IsOwnedBy => (filter, userId) => filter.OwnerId == userId;

    protected override Expression<Func<SavedFilter, bool>> IsShared => filter => filter.IsShared;

    /// <summary>Publishing a filter to every user needs its own right; a read-only user keeps personal filters only.</summary>
    public static bool MayShare(UserAccess user) => user.Has(Security.Permissions.Clients.ShareFilters);
}
