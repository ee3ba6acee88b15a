using System.Linq.Expressions;
using WebCrm.Domain.Security;

namespace WebCrm.Domain.Deals;

/// <summary>
/// Who sees a deal. With "view all" (Deals.ViewAll): every deal. With "view own" (Deals.ViewOwn) a user sees a deal
/// when any one of these holds:
/// <list type="number">
/// <item>he is the deal's responsible manager;</item>
/// <item>he is the responsible manager of at least one of the deal's stages (he has work to do on it);</item>
/// <item>he is the responsible manager of the deal's company (the client is his, so are its deals).</item>
/// </list>
/// Without either right: no deal. The same expression filters lists in the database and decides on a loaded deal
/// in <c>DealAuthorizationHandler</c>; for the latter the deal must be loaded with its company and stages.
/// Editing needs Deals.Edit on top of seeing the deal, whichever branch made it visible.
/// </summary>
public sealed class DealVisibility : VisibilityRule<Deal>
{
    public static readonly DealVisibility Instance = new();

    public override OwnershipPermissions Permissions { get; } = new(
        Security.Permissions.Deals.ViewOwn, Security.Permissions.Deals.ViewAll, Security.Permissions.Deals.Edit,
        Security.Permissions.Deals.Delete, Security.Permissions.Deals.Reassign);

    protected override Expression<Func<Deal, string, bool>> IsOwnedBy => (deal, userId) =>
        deal.ResponsibleId == userId
        || deal.Stages.Any(s => s.ResponsibleId == userId)
        || (deal.Company != null && deal.Company.ResponsibleId == userId);
}
