namespace WebCrm.Domain.Security;

/// <summary>
/// Every right a user can hold. The string values are stored as user claims, so renaming one is a data
/// migration; add new ones instead.
/// </summary>
public static class Permissions
{
    /// <summary>The single claim type under which rights are stored on users.</summary>
    public const string ClaimType = "crm:perm";

    public static class Clients
    {
        public const string ViewOwn = "Clients.ViewOwn";
        public const string ViewAll = "Clients.ViewAll";
        public const string Create = "Clients.Create";
        public const string Edit = "Clients.Edit";
        public const string Delete = "Clients.Delete";
        public const string Reassign = "Clients.Reassign";
        public const string Export = "Clients.Export";
        /// <summary>Publish a saved filter that every user sees (a personal one needs no right).</summary>
        public const string ShareFilters = "Clients.ShareFilters";
    }

    public static class Deals
    {
        public const string ViewOwn = "Deals.ViewOwn";
        public const string ViewAll = "Deals.ViewAll";
        public const string Create = "Deals.Create";
        public const string Edit = "Deals.Edit";
        public const string Delete = "Deals.Delete";
        public const string Reassign = "Deals.Reassign";
        public const string Export = "Deals.Export";
    }

    public static class Calendar
    {
        public const string ViewOthers = "Calendar.ViewOthers";
        public const string EditOthers = "Calendar.EditOthers";
    }

    public static class Packages
    {
        public const string Send = "Packages.Send";
        public const string ManageMaterials = "Packages.ManageMaterials";
    }

    public static class Reports
    {
        public const string View = "Reports.View";
        public const string Export = "Reports.Export";
    }

    public static class Funnel
    {
        public const string View = "Funnel.View";
    }

    public static class KnowledgeBase
    {
        public const string View = "KnowledgeBase.View";
        public const string Edit = "KnowledgeBase.Edit";
    }

    public static class ReferenceLists
    {
        public const string Edit = "ReferenceLists.Edit";
    }

    public static class Users
    {
        public const string Manage = "Users.Manage";
    }
}
