namespace WebCrm.Domain.Common;

/// <summary>
/// An entity with a lower-cased search column, refreshed on every save. Case-insensitive "contains" then works
/// the same on SQLite (whose LIKE folds only ASCII) and PostgreSQL, and can use a trigram index there.
/// </summary>
public interface ISearchable
{
    string SearchText { get; set; }
    void RefreshSearchText();
}

public static class SearchText
{
    public const int MaxLength = 2000;

    public static string Of(params string?[] parts)
    {
        var text = string.Join(" ", parts.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim())).ToLowerInvariant();
        return text.Length > MaxLength ? text[..MaxLength] : text;
    }

    public static string Normalize(string term) => term.Trim().ToLowerInvariant();
}
