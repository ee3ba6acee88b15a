using System.Net;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.KnowledgeBase;

namespace WebCrm.Web.Features.KnowledgeBase;

/// <summary>One found article: its title, a snippet with the matches marked, and the score it was ranked by.</summary>
public sealed record ArticleHit(int Id, string Title, string SnippetHtml, double Rank, DateTime UpdatedAtUtc);

/// <summary>
/// Full-text search of the knowledge base. PostgreSQL: the generated tsvector column (Russian and English stems,
/// title weighted above body, GIN index; the title's stems in a small column of their own), websearch
/// syntax in both configurations, title matches first, then <c>ts_rank</c>, snippets by <c>ts_headline</c>. SQLite: every word (its stem approximated by dropping the
/// last two letters of words of five or more) must occur in the title or body, title matches first, newest next,
/// the snippet cut around the first match.
/// </summary>
public sealed class ArticleSearch(CrmDbContext db)
{
    /// <summary>Answers shown for one search.</summary>
    public const int MaxResults = 20;
    /// <summary>How many matches are ranked on PostgreSQL: title matches first, then the newest.</summary>
    public const int Candidates = 500;
    private const string Open = "\u27E6", Close = "\u27E7";

    private sealed record Row(int Id, string Title, string Snippet, double Rank, DateTime UpdatedAtUtc);

    public async Task<IReadOnlyList<ArticleHit>> SearchAsync(string query, CancellationToken ct)
    {
        var q = query.Trim();
        if (q.Length == 0)
        {
            return [];
        }
        if (q.Length > 200)
        {
            q = q[..200];
        }
        var rows = db.Database.IsNpgsql() ? await PostgreSqlAsync(q, ct) : await SqliteAsync(q, ct);
        return rows.Select(r => new ArticleHit(r.Id, r.Title, Mark(r.Snippet), r.Rank, r.UpdatedAtUtc)).ToList();
    }

    /// <summary>
    /// Candidates first, then ranking and snippets for the few shown. One bitmap scan of the GIN index finds the matches
    /// without reading any article's (large, TOASTed) vector; each match's title test reads only the small stored title
    /// vector. The <see cref="Candidates"/> kept are the title matches first, then the newest; only they are ranked
    /// (<c>ts_rank</c> reads each one's whole vector — ranking every match was the cost that grew with the matches), and
    /// <c>ts_headline</c>, in its single-fragment mode (the multi-fragment mode cost three to four times more), runs on the
    /// <see cref="MaxResults"/> shown. A search matching more articles than that ranks the newest of them: such a search
    /// names nothing particular, and its title matches still come first.
    /// </summary>
    private async Task<List<Row>> PostgreSqlAsync(string q, CancellationToken ct)
    {
        var options = $"StartSel={Open}, StopSel={Close}, MaxWords=35, MinWords=15";
        return await db.Database.SqlQuery<Row>($"""
            WITH s AS MATERIALIZED (SELECT websearch_to_tsquery('russian', {q}) || websearch_to_tsquery('english', {q}) AS q),
            m AS MATERIALIZED (SELECT a."Id", a."UpdatedAtUtc", a."TitleVector" @@ (SELECT q FROM s) AS "InTitle"
                               FROM "Articles" a WHERE a."SearchVector" @@ (SELECT q FROM s)),
            c AS (SELECT "Id", "InTitle" FROM m ORDER BY "InTitle" DESC, "UpdatedAtUtc" DESC, "Id" DESC LIMIT {Candidates}),
            r AS (SELECT a."Id", a."Title", a."Body", a."UpdatedAtUtc", c."InTitle", ts_rank(a."SearchVector", s.q)::float8 AS "Rank"
                  FROM c JOIN "Articles" a ON a."Id" = c."Id" CROSS JOIN s
                  ORDER BY c."InTitle" DESC, "Rank" DESC, a."Id" DESC
                  LIMIT {MaxResults})
            SELECT r."Id", r."Title", ts_headline('russian', r."Body", s.q, {options}) AS "Snippet", r."Rank", r."UpdatedAtUtc"
            FROM r CROSS JOIN s
            ORDER BY r."InTitle" DESC, r."Rank" DESC, r."Id" DESC
            """).ToListAsync(ct);
    }

    private async Task<List<Row>> SqliteAsync(string q, CancellationToken ct)
    {
        var words = Words(q);
        if (words.Count == 0)
        {
            return [];
        }
        var articles = db.Set<Article>().AsNoTracking();
        foreach (var word in words)
        {
            var pattern = "%" + word + "%";
            articles = articles.Where(a => EF.Functions.Like(a.Title.ToLower(), pattern) || EF.Functions.Like(a.Body.ToLower(), pattern));
        }
        var first = "%" + words[0] + "%";
        var found = await articles
            .OrderByDescending(a => EF.Functions.Like(a.Title.ToLower(), first)).ThenByDescending(a => a.UpdatedAtUtc)
            .Take(MaxResults).Select(a => new { a.Id, a.Title, a.Body, a.UpdatedAtUtc }).ToListAsync(ct);
        return found.Select(a => new Row(a.Id, a.Title, Snippet(MarkdownRenderer.ToPlainText(a.Body), words), a.Title.Contains(words[0], StringComparison.OrdinalIgnoreCase) ? 1 : 0.5, a.UpdatedAtUtc)).ToList();
    }

    /// <summary>The search words, lower case, each cut to an approximate stem.</summary>
    public static List<string> Words(string q) =>
        q.ToLowerInvariant().Split((char[])[' ', ',', '.', ';', ':', '!', '?', '"', '\'', '(', ')', '-', '\t', '\n', '\r', '%', '_'],
                StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Length >= 5 ? w[..^2] : w).Where(w => w.Length >= 2).Distinct().Take(8).ToList();

    private static string Snippet(string text, IReadOnlyList<string> words)
    {
        var at = words.Select(w => text.IndexOf(w, StringComparison.OrdinalIgnoreCase)).Where(i => i >= 0).DefaultIfEmpty(0).Min();
        var start = Math.Max(0, at - 80);
        var piece = text.Substring(start, Math.Min(240, text.Length - start)).ReplaceLineEndings(" ");
        foreach (var w in words)
        {
            piece = System.Text.RegularExpressions.Regex.Replace(piece, System.Text.RegularExpressions.Regex.Escape(w) + @"\w*",
                m => Open + m.Value + Close, System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        }
        return (start > 0 ? "… " : "") + piece + (start + 240 < text.Length ? " …" : "");
    }

    /// <summary>The snippet as HTML: its text encoded, the match markers turned into &lt;mark&gt;.</summary>
    public static string Mark(string snippet) =>
        WebUtility.HtmlEncode(snippet).Replace(Open, "<mark>", StringComparison.Ordinal).Replace(Close, "</mark>", StringComparison.Ordinal);
}
