namespace WebCrm.Domain.Security;

/// <summary>Text in the two UI languages; the domain keeps it so the catalogue is complete in one place.</summary>
public sealed record BilingualText(string En, string Ru)
{
    public string For(string twoLetterLanguage) => twoLetterLanguage == "ru" ? Ru : En;
}

public sealed record PermissionDefinition(string Name, string Module, BilingualText DisplayName, BilingualText Description);

public sealed record PermissionModule(string Key, BilingualText DisplayName, IReadOnlyList<PermissionDefinition> Permissions);

/// <summary>The catalogue of rights grouped by module, in the order the rights grid shows them.</summary>
public static class PermissionCatalogue
{
    public static IReadOnlyList<PermissionModule> Modules { get; } = Build();

    public static IReadOnlyList<PermissionDefinition> All { get; } = Modules.SelectMany(m => m.Permissions).ToList();

    private static readonly HashSet<string> Names = All.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

    public static bool IsKnown(string name) => Names.Contains(name);


    private static List<PermissionModule> Build()
    {
        var modules = new List<PermissionModule>();

        void Module(string key, string en, string ru, params PermissionDefinition[] perms) =>
            modules.Add(new PermissionModule(key, new BilingualText(en, ru), perms));

        PermissionDefinition P(string name, string en, string ru, string descEn, string descRu) =>
            new(name, name[..name.IndexOf('.')], new BilingualText(en, ru), new BilingualText(descEn, descRu));

        Module("Clients", "Clients", "Клиенты",
            P(Permissions.Clients.ViewOwn, "View own", "Просмотр своих", "See companies where the user is the responsible manager.", "Видеть компании, где пользователь — ответственный менеджер."),
            P(Permissions.Clients.ViewAll, "View all", "Просмотр всех", "See every company, whoever is responsible.", "Видеть все компании, независимо от ответственного."),
            P(Permissions.Clients.Create, "Create", "Создание", "Add new companies.", "Добавлять новые компании."),
            P(Permissions.Clients.Edit, "Edit", "Изменение", "Change companies the user can see.", "Изменять видимые пользователю компании."),
            P(Permissions.Clients.Delete, "Delete", "Удаление", "Delete companies the user can see.", "Удалять видимые пользователю компании."),
            P(Permissions.Clients.Reassign, "Reassign manager", "Смена ответственного", "Change the responsible manager of a company.", "Менять ответственного менеджера компании."),
            P(Permissions.Clients.Export, "Export", "Экспорт", "Export the company list to a file.", "Выгружать список компаний в файл."),
            P(Permissions.Clients.ShareFilters, "Share filters", "Общие фильтры", "Publish saved filters of the company list that every user sees.", "Публиковать сохраненные фильтры списка компаний, видимые всем пользователям."));

        Module("Deals", "Deals", "Работы",
            P(Permissions.Deals.ViewOwn, "View own", "Просмотр своих", "See deals the user is responsible for.", "Видеть работы, за которые отвечает пользователь."),
            P(Permissions.Deals.ViewAll, "View all", "Просмотр всех", "See every deal.", "Видеть все работы."),
            P(Permissions.Deals.Create, "Create", "Создание", "Start new deals.", "Создавать новые работы."),
            P(Permissions.Deals.Edit, "Edit", "Изменение", "Change deals the user can see.", "Изменять видимые пользователю работы."),
            P(Permissions.Deals.Delete, "Delete", "Удаление", "Delete deals the user can see.", "Удалять видимые пользователю работы."),
            P(Permissions.Deals.Reassign, "Reassign manager", "Смена ответственного", "Change the responsible manager of a deal.", "Менять ответственного менеджера работы."),
            P(Permissions.Deals.Export, "Export", "Экспорт", "Export the deal list to a file.", "Выгружать список работ в файл."));

        Module("Calendar", "Calendar", "Календарь",
            P(Permissions.Calendar.ViewOthers, "View others' plans", "Просмотр чужих планов", "See other users' calendars.", "Видеть календари других пользователей."),
            P(Permissions.Calendar.EditOthers, "Edit others' plans", "Изменение чужих планов", "Change other users' plans.", "Изменять планы других пользователей."));

        Module("Packages", "Packages", "Пакеты",
            P(Permissions.Packages.Send, "Send packages", "Отправка пакетов", "Email information packages to clients.", "Отправлять клиентам информационные пакеты."),
            P(Permissions.Packages.ManageMaterials, "Manage materials", "Управление материалами", "Add and change information materials.", "Добавлять и изменять информационные материалы."));

        Module("Reports", "Reports", "Отчеты",
            P(Permissions.Reports.View, "View reports", "Просмотр отчетов", "Build sales reports and charts.", "Строить отчеты и диаграммы по продажам."),
            P(Permissions.Reports.Export, "Export reports", "Экспорт отчетов", "Export reports to PDF.", "Выгружать отчеты в PDF."));

        Module("Funnel", "Funnel", "Воронка",
            P(Permissions.Funnel.View, "View funnel", "Просмотр воронки", "See the sales funnel.", "Видеть воронку продаж."));

        Module("KnowledgeBase", "Knowledge base", "База знаний",
            P(Permissions.KnowledgeBase.View, "View", "Просмотр", "Read knowledge base articles.", "Читать статьи базы знаний."),
            P(Permissions.KnowledgeBase.Edit, "Edit", "Изменение", "Write and change articles.", "Писать и изменять статьи."));

        Module("ReferenceLists", "Reference lists", "Справочники",
            P(Permissions.ReferenceLists.Edit, "Edit reference lists", "Изменение справочников", "Configure every reference list.", "Настраивать все справочники."));

        Module("Users", "Users and rights", "Пользователи и права",
            P(Permissions.Users.Manage, "Manage users", "Управление пользователями", "Create users, set their rights and passwords.", "Создавать пользователей, назначать права и пароли."));

        return modules;
    }
}
