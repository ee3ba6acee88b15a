namespace WebCrm.Web.Features.KnowledgeBase;

public sealed class ArticleInput
{
    public string? Title { get; set; }
    public string? Body { get; set; }
    public int? CategoryId { get; set; }
    public string? Tags { get; set; }
    public Guid ConcurrencyStamp { get; set; }
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
    public bool CanEdit { get; init; }
    public string? Q { get; init; }
}

public sealed class ArticleFormViewModel
{
    public int? Id { get; init; }
    public required ArticleInput Input { get; init; }
    public IReadOnlyList<CategoryNode> Categories { get; init; } = [];
    public string? PreviewHtml { get; init; }
}
