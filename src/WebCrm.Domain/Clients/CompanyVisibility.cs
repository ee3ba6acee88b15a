using System.Linq.Expressions;
using WebCrm.Domain.Security;

namespace WebCrm.Domain.Clients;

/// <summary>A manager sees the companies he is responsible for; "view all" sees every company.</summary>
public sealed class CompanyVisibility : VisibilityRule<Company>
{
    public static readonly CompanyVisibility Instance = new();

    public override OwnershipPermissions Permissions { get; } = new(
        Security.Permissions.Clients.ViewOwn, Security.Permissions.Clients.ViewAll, Security.Permissions.Clients.Edit,
        Security.Permissions.Clients.Delete, Security.Permissions.Clients.Reassign);

    protected override Expression<Func<Company, string, bool>> IsOwnedBy => (company, userId) => company.ResponsibleId == userId;
}
