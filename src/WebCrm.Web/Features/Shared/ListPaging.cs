namespace WebCrm.Web.Features.Shared;

/// <summary>Page sizes a list offers, and the one used when the query asks for another.</summary>
public static class PageSizes
{
    public const int Default = 50;
    public static readonly int[] Offered = [25, 50, 100, 200];

    public static int Of(int? requested) => requested is { } n && Offered.Contains(n) ? n : Default;
}

/// <summary>
/// What a list's footer shows: which rows of how many, the page size choice and the pages.
/// <paramref name="Url"/> builds the list's address for a page and a page size.
/// </summary>
public sealed record ListPaging(int Page, int Pages, int Shown, int Total, bool TotalIsCapped, int Size, Func<int, int, string> Url)
{
    public int First => Shown == 0 ? 0 : (Page - 1) * Size + 1;
    public int Last => (Page - 1) * Size + Shown;
}

/// <summary>A list query's page (1-based; moved back to the last page when it lies past the end) and rows per page.</summary>
public interface IPagedQuery
{
    int Page { get; set; }
    int Take { get; }
}

/// <summary>A sortable column header (<c>_SortHead</c>).</summary>
public sealed record SortHead(string Title, string Url, bool Sorted, bool Desc, string? Class = null);
