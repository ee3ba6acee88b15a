using WebCrm.Domain.Common;

namespace WebCrm.Domain.KnowledgeBase;

/// <summary>
/// A knowledge base article: title, Markdown body (shown as sanitised HTML), a category and tags. Author and last
/// editor are the audit columns; every change goes to the change log.
/// </summary>
public sealed class Article : Entity
{
    public const int MaxTitleLength = 300;
    public const int MaxBodyLength = 100_000;
    public const int MaxTagsLength = 500;

    public string Title { get; set; } = "";
    public string Body { get; set; } = "";
    public int? CategoryId { get; set; }
    public ArticleCategory? Category { get; set; }
    /// <summary>Tags as the editor wrote them, normalised by <see cref="NormalizeTags"/>: lower case, comma-separated, each once.</summary>
    public string Tags { get; set; } = "";
    /// <summary>Files attached to the article, in their order.</summary>
    public List<ArticleAttachment> Attachments { get; set; } = [];

    public IReadOnlyList<string> TagList => Tags.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string NormalizeTags(string? tags) =>
        string.Join(", ", (tags ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => t.ToLowerInvariant()).Distinct().Take(20));
}

/// <summary>A category of the knowledge base; categories nest (a tree through <see cref="ParentId"/>).</summary>
public sealed class ArticleCategory : Entity
{
    public const int MaxNameLength = 200;

    public string Name { get; set; } = "";
    public int? ParentId { get; set; }
    public int SortOrder { get; set; }
}
