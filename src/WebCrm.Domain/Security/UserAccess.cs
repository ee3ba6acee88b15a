using System.Security.Claims;

namespace WebCrm.Domain.Security;

/// <summary>Who is asking and which rights they hold, read once from the signed-in principal.</summary>
public sealed class UserAccess
{
    private readonly HashSet<string> _permissions;

    public UserAccess(string userId, IEnumerable<string> permissions)
    {
        UserId = userId;
        _permissions = permissions.ToHashSet(StringComparer.Ordinal);
    }

    public string UserId { get; }

    public bool Has(string permission) => _permissions.Contains(permission);

    public IReadOnlySet<string> Permissions => _permissions;

    public static UserAccess From(ClaimsPrincipal principal) => new(
        principal.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "",
        principal.FindAll(Security.Permissions.ClaimType).Select(c => c.Value));
}
