using WebCrm.Web.Infrastructure.Authorization;

namespace WebCrm.Web.Infrastructure.Web;

/// <summary>A module in the left panel; <see cref="Icon"/> is a Bootstrap Icons name.</summary>
public sealed record NavItem(string Key, string Title, string Url, string Policy, string Icon);

/// <summary>The left panel, in the order the product defines; each item shows only to users its policy admits.</summary>
public static class Navigation
{
    public static IReadOnlyList<NavItem> Modules { get; } =
    [
        new("clients", "Clients", "/clients", ModulePolicies.Clients, "building"),
        new("calendar", "Calendar", "/calendar", ModulePolicies.Calendar, "calendar3"),
        new("deals", "Deals", "/deals", ModulePolicies.Deals, "briefcase"),
        new("packages", "Packages", "/packages", ModulePolicies.Packages, "envelope-paper"),
        new("reports", "Reports", "/reports", ModulePolicies.Reports, "bar-chart-line"),
        new("knowledge", "Knowledge base", "/knowledge", ModulePolicies.KnowledgeBase, "journal-text"),
        new("funnel", "Funnel", "/funnel", ModulePolicies.Funnel, "funnel"),
        new("admin", "Administration", "/admin", ModulePolicies.Administration, "gear"),
    ];
}
