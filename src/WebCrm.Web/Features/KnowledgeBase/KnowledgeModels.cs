namespace WebCrm.Web.Features.KnowledgeBase;

public sealed class ArticleInput
{
    public string? Title { get; set; }
    public string? Body { get; set; }
    public int? CategoryId { get; set; }
    public string? Tags { get; set; }
    public Guid ConcurrencyStamp { get; set; }
    public List<IFormFile> Files { get; set; } = [];
    public List<int> RemoveFileIds { get; set; } = [];
}

public sealed class CategoryInput
{
    public string? Name { get; set; }
    public int? ParentId { get; set; }
}

/// <summary>A category with its depth in the tree (for indented lists and selects) and how many articles it holds.</summary>
public sealed record CategoryNode(int Id, string Name, int Depth, int Articles);

public sealed record ArticleRow(int Id, string Title, string? Category, IReadOnlyList<string> Tags, DateTime UpdatedAtUtc, string? UpdatedBy);

public sealed class KnowledgeIndexViewModel
{
    public string? Q { get; init; }
    public int? CategoryId { get; init; }
    public string? Tag { get; init; }
    public IReadOnlyList<ArticleHit>? Hits { get; init; }
    public IReadOnlyList<ArticleRow> Articles { get; init; } = [];
    public IReadOnlyList<CategoryNode> Categories { get; init; } = [];
    public bool CanEdit { get; init; }
}

public sealed class ArticleViewModel
{
    public required int Id { get; init; }
    public required string Title { get; init; }
    public required string BodyHtml { get; init; }
    public IReadOnlyList<string> CategoryPath { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? Author { get; init; }
    public DateTime CreatedAtUtc { get; init; }
    public string? LastEditor { get; init; }
    public DateTime UpdatedAtUtc { get; init; }
    public IReadOnlyList<HistoryRow> History { get; init; } = [];
    public IReadOnlyList<AttachmentRow> Attachments { get; init; } = [];
    public IReadOnlyList<LinkRow> Links { get; init; } = [];
    public bool CanEdit { get; init; }
    public string? Q { get; init; }
}

public sealed class ArticleFormViewModel
{
    public int? Id { get; init; }
    public required ArticleInput Input { get; init; }
    public IReadOnlyList<CategoryNode> Categories { get; init; } = [];
    public string? PreviewHtml { get; init; }
    public IReadOnlyList<AttachmentRow> Attachments { get; init; } = [];
    public long MaxFileBytes { get; init; }
}

public sealed record AttachmentRow(int Id, string FileName, long Size);

/// <summary>The editor's page for linking an article: its links, and the visible records of one kind matching the text.</summary>
public sealed class ArticleLinksViewModel
{
    public required int ArticleId { get; init; }
    public required string ArticleTitle { get; init; }
    public Domain.KnowledgeBase.ArticleLinkKind Kind { get; init; }
    public string? Q { get; init; }
    public IReadOnlyList<LinkRow> Links { get; init; } = [];
    public IReadOnlyList<LinkPick> Found { get; init; } = [];
    public IReadOnlyList<Domain.KnowledgeBase.ArticleLinkKind> Kinds { get; init; } = [];
}

/// <summary>The company or deal card's section: the articles linked to the record.</summary>
public sealed record LinkedArticlesViewModel(IReadOnlyList<LinkedArticle> Articles);
