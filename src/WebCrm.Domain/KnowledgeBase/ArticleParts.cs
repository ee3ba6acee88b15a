using System.Globalization;
using WebCrm.Domain.Common;
using WebCrm.Domain.Packages;

namespace WebCrm.Domain.KnowledgeBase;

/// <summary>
/// A file attached to an article, in its place in the article's order; the bytes are a <see cref="StoredFile"/> (shared
/// with the information materials' files, stored once per content). Checked by content when uploaded.
/// </summary>
public sealed class ArticleAttachment : IHistoryPart
{
    public const int MaxFileNameLength = 255;

    public int Id { get; set; }
    public int ArticleId { get; set; }
    public int SortOrder { get; set; }
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    public int StoredFileId { get; set; }
    public StoredFile? File { get; set; }

    public (string Type, string Id) HistoryRoot => (nameof(Article), ArticleId.ToString(CultureInfo.InvariantCulture));
    public string HistoryField => nameof(FileName);
    public string? HistoryValue => FileName;
}

/// <summary>What an article's link points to.</summary>
public enum ArticleLinkKind
{
    Company = 1,
    Product = 2,
    Deal = 3,
}

/// <summary>
/// A link from an article to one company, product or deal (exactly one of the three ids is set, matching
/// <see cref="Kind"/>). The link goes when its record goes. Who sees the link is decided when it is shown: only
/// records the reader may see.
/// </summary>
public sealed class ArticleLink : IHistoryPart
{
    public int Id { get; set; }
    public int ArticleId { get; set; }
    public ArticleLinkKind Kind { get; set; }
    public int? CompanyId { get; set; }
    public int? ProductId { get; set; }
    public int? DealId { get; set; }

    public int? TargetId => Kind switch
    {
        ArticleLinkKind.Company => CompanyId,
        ArticleLinkKind.Product => ProductId,
        ArticleLinkKind.Deal => DealId,
        _ => null,
    };

    /// <summary>The link is logged under the id field of its kind, which the history reads as the record's name.</summary>
    public (string Type, string Id) HistoryRoot => (nameof(Article), ArticleId.ToString(CultureInfo.InvariantCulture));
    public string HistoryField => Kind switch
    {
        ArticleLinkKind.Company => nameof(CompanyId),
        ArticleLinkKind.Product => nameof(ProductId),
        _ => nameof(DealId),
    };
    public string? HistoryValue => TargetId?.ToString(CultureInfo.InvariantCulture);

    public static ArticleLink To(ArticleLinkKind kind, int id) => kind switch
    {
        ArticleLinkKind.Company => new ArticleLink { Kind = kind, CompanyId = id },
        ArticleLinkKind.Product => new ArticleLink { Kind = kind, ProductId = id },
        ArticleLinkKind.Deal => new ArticleLink { Kind = kind, DealId = id },
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
