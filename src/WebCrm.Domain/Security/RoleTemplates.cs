namespace WebCrm.Domain.Security;

/// <summary>
/// Presets an administrator applies to a user. They are not roles: applying one replaces the user's rights
/// with the template's set, after which each right can still be changed on its own.
/// </summary>
public sealed record RoleTemplate(string Key, BilingualText DisplayName, IReadOnlySet<string> Permissions);

public static class RoleTemplates
{
    public const string ManagerKey = "Manager";
    public const string DirectorKey = "Director";
    public const string SupportKey = "Support";
    public const string AdministratorKey = "Administrator";

    public static RoleTemplate Manager { get; } = new(ManagerKey, new("Manager", "Менеджер"), new HashSet<string>
    {
        Permissions.Clients.ViewOwn, Permissions.Clients.Create, Permissions.Clients.Edit, Permissions.Clients.Export,
        Permissions.Clients.ShareFilters,
        Permissions.Deals.ViewOwn, Permissions.Deals.Create, Permissions.Deals.Edit,
        Permissions.Packages.Send, Permissions.KnowledgeBase.View,
        // A manager analyses his own sales: reports and the funnel cover only the deals he sees; export stays with directors.
        Permissions.Reports.View, Permissions.Funnel.View,
    });

    public static RoleTemplate Director { get; } = new(DirectorKey, new("Director", "Директор"), new HashSet<string>
    {
        Permissions.Clients.ViewOwn, Permissions.Clients.ViewAll, Permissions.Clients.Create, Permissions.Clients.Edit,
        Permissions.Clients.Delete, Permissions.Clients.Reassign, Permissions.Clients.Export, Permissions.Clients.ShareFilters,
        Permissions.Deals.ViewOwn, Permissions.Deals.ViewAll, Permissions.Deals.Create, Permissions.Deals.Edit,
        Permissions.Deals.Delete, Permissions.Deals.Reassign, Permissions.Deals.Export,
        Permissions.Calendar.ViewOthers, Permissions.Calendar.EditOthers,
        Permissions.Packages.Send, Permissions.Packages.ManageMaterials,
        Permissions.Reports.View, Permissions.Reports.Export, Permissions.Funnel.View,
        Permissions.KnowledgeBase.View, Permissions.KnowledgeBase.Edit,
    });

    public static RoleTemplate Support { get; } = new(SupportKey, new("Support", "Поддержка"), new HashSet<string>
    {
        Permissions.Clients.ViewOwn, Permissions.Clients.ViewAll,
        Permissions.KnowledgeBase.View, Permissions.KnowledgeBase.Edit,
    });

    public static RoleTemplate Administrator { get; } = new(AdministratorKey, new("Administrator", "Администратор"),
        PermissionCatalogue.All.Select(p => p.Name).ToHashSet());

    public static IReadOnlyList<RoleTemplate> All { get; } = [Manager, Director, Support, Administrator];

    public static RoleTemplate? Find(string key) => All.FirstOrDefault(t => t.Key == key);
}
