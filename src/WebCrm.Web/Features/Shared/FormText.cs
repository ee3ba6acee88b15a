using System.Globalization;

namespace WebCrm.Web.Features.Shared;

/// <summary>Text as forms post it and cards show it.</summary>
public static class FormText
{
    /// <summary>Trimmed, or null when blank: what is stored for an optional text field.</summary>
    public static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>The UI language of the request ("ru" or "en"), which picks the name of reference values and currencies.</summary>
    public static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    public static bool IsRussian => Language == "ru";
}
