using System.Linq.Expressions;
using WebCrm.Domain.Security;

namespace WebCrm.Domain.Clients;

/// <summary>
/// Company groups: a personal group belongs to its owner alone (only he sees and fills it); a shared group (no owner)
/// is seen by everyone, and changing it (its members, creating one) needs the right to edit clients. Putting a company
/// into a shared group also needs the right to update that company, which the company's own rule decides.
/// </summary>
public sealed class CompanyGroupVisibility : VisibilityRule<CompanyGroup>
{
    public static readonly CompanyGroupVisibility Instance = new();

    public override OwnershipPermissions Permissions { get; } = new(
        ViewOwn: null, ViewAll: OwnershipPermissions.Nobody, Edit: null, Delete: null,
        Reassign: OwnershipPermissions.Nobody, EditOthers: Security.Permissions.Clients.Edit);

    protected override Expression<Func<CompanyGroup, string, bool>> IsOwnedBy => (group, userId) => group.OwnerId == userId;

    protected override Expression<Func<CompanyGroup, bool>> IsShared => group => group.OwnerId == null;
}
