using WebCrm.Web.Infrastructure.Authorization;

namespace WebCrm.Web.Infrastructure.Web;

public sealed record NavItem(string Key, string Title, string Url, string Policy);

/// <summary>The left panel, in the order the product defines; each item shows only to users its policy admits.</summary>
public static class Navigation
{
    public static IReadOnlyList<NavItem> Modules { get; } =
    [
        new("clients", "Clients", "/clients", ModulePolicies.Clients),
        new("calendar", "Calendar", "/calendar", ModulePolicies.Calendar),
        new("deals", "Deals", "/deals", ModulePolicies.Deals),
        new("packages", "Packages", "/packages", ModulePolicies.Packages),
        new("reports", "Reports", "/reports", ModulePolicies.Reports),
        new("knowledge", "Knowledge base", "/knowledge", ModulePolicies.KnowledgeBase),
        new("funnel", "Funnel", "/funnel", ModulePolicies.Funnel),
        new("admin", "Administration", "/admin", ModulePolicies.Administration),
    ];
}
