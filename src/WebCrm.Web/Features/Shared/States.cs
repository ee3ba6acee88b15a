using Microsoft.AspNetCore.Html;
using System.Text.Encodings.Web;

namespace WebCrm.Web.Features.Shared;

/// <summary>
/// The one colour system of states (open, won, lost, overdue, debt, advance, done): a pill with an icon and the
/// state's word, so colour is never the only sign. Colours are in site.css (<c>.state-*</c>).
/// </summary>
public static class States
{
    private static readonly Dictionary<string, string> Icons = new(StringComparer.Ordinal)
    {
        ["open"] = "circle", ["won"] = "trophy", ["lost"] = "x-circle", ["overdue"] = "alarm",
        ["debt"] = "exclamation-circle", ["advance"] = "piggy-bank", ["done"] = "check2", ["current"] = "arrow-right-circle",
    };

    /// <summary>The compact form for a dense list cell: the state's icon, its word in the title and for screen readers.</summary>
    public static IHtmlContent Mark(string state, string text)
    {
        var icon = Icons.GetValueOrDefault(state, "dot");
        var enc = HtmlEncoder.Default;
        return new HtmlString($"<span class=\"state state-{enc.Encode(state)} state-mark\" data-state=\"{enc.Encode(state)}\" title=\"{enc.Encode(text)}\"><i class=\"bi bi-{icon}\" aria-hidden=\"true\"></i><span class=\"visually-hidden\">{enc.Encode(text)}</span></span>");
    }

    public static IHtmlContent Badge(string state, string text, string? id = null)
    {
        var icon = Icons.GetValueOrDefault(state, "dot");
        var enc = HtmlEncoder.Default;
        var idAttr = id is null ? "" : $" id=\"{enc.Encode(id)}\"";
        return new HtmlString($"<span class=\"state state-{enc.Encode(state)}\" data-state=\"{enc.Encode(state)}\"{idAttr}><i class=\"bi bi-{icon}\" aria-hidden=\"true\"></i>{enc.Encode(text)}</span>");
    }
}
