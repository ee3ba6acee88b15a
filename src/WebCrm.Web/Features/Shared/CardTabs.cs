namespace WebCrm.Web.Features.Shared;

/// <summary>
/// One section of a card: its tab (title, item count) and the partial view that renders its content. A section with a
/// <see cref="LazyUrl"/> is rendered in the page only when it is the active tab; otherwise the page holds a placeholder
/// that htmx replaces with the answer of <see cref="LazyUrl"/> (the same partial) once the tab is shown, and whose
/// link (<c>?tab=key</c>) opens the card with that section in the page when JavaScript is off.
/// </summary>
public sealed record CardTab(string Key, string Title, int? Count, string Partial, object? Model, string? Icon, string? LazyUrl = null);

/// <summary>
/// The sections of a card as tabs (company card, deal card). A module adds its section with one line in the card
/// view — <c>tabs.Add("plans", title, count, "~/Features/Calendar/Views/_CompanyPlans.cshtml", Model.Id)</c> —
/// and renders it from its own folder. Every section is in the page (the tab strip only shows one at a time, with
/// JavaScript switching without a reload); the active one comes from <c>?tab=</c>, so the tabs also work without
/// JavaScript and an action done in a section comes back to it.
/// </summary>
public sealed class CardTabs(string? requested)
{
    private readonly List<CardTab> _tabs = [];

    public IReadOnlyList<CardTab> Tabs => _tabs;

    /// <summary>The requested tab when the card has it, else the first.</summary>
    public string Active => _tabs.FirstOrDefault(t => t.Key == requested)?.Key ?? (_tabs.Count > 0 ? _tabs[0].Key : "");

    public CardTabs Add(string key, string title, int? count, string partial, object? model, string? icon = null)
    {
        _tabs.Add(new CardTab(key, title, count, partial, model, icon));
        return this;
    }

    /// <summary>Adds the section only when <paramref name="shown"/> (e.g. the user has the module's right); lazy with <paramref name="lazyUrl"/> (<see cref="AddLazy"/>).</summary>
    public CardTabs AddWhen(bool shown, string key, string title, int? count, string partial, object? model, string? icon = null, string? lazyUrl = null)
    {
        if (shown)
        {
            _tabs.Add(new CardTab(key, title, count, partial, model, icon, lazyUrl));
        }
        return this;
    }

    /// <summary>
    /// A section whose content costs round trips of its own (another module's history, the letters sent, the products
    /// bought): in the page only when active, else loaded from <paramref name="url"/> when its tab is first shown. The
    /// card's round-trip budget (at most 5 commands) holds with any one section in the page.
    /// </summary>
    public CardTabs AddLazy(string key, string title, int? count, string partial, object? model, string? icon, string url)
    {
        _tabs.Add(new CardTab(key, title, count, partial, model, icon, url));
        return this;
    }

    /// <summary>Whether the section's content is in the page (not lazy, or the active tab).</summary>
    public bool Rendered(CardTab tab) => tab.LazyUrl is null || tab.Key == Active;
}
