using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.KnowledgeBase;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.KnowledgeBase;

/// <summary>
/// The knowledge base: its first page (search box, category tree, newest articles), an article, writing and changing
/// articles and categories (KnowledgeBase.Edit).
/// </summary>
public sealed class KnowledgeArticles(CrmDbContext db, ArticleSearch search, ArticleFiles files, ArticleLinks links, IStringLocalizer<SharedResource> l)
{
    public const int ListSize = 50;

    public async Task<KnowledgeIndexViewModel> IndexAsync(string? q, int? categoryId, string? tag, UserAccess user, CancellationToken ct)
    {
        var categories = await TreeAsync(ct);
        var hits = string.IsNullOrWhiteSpace(q) ? null : await search.SearchAsync(q, ct);
        var articles = db.Set<Article>().AsNoTracking();
        if (categoryId is { } cid)
        {
            var ids = Descendants(categories, cid);
            articles = articles.Where(a => a.CategoryId != null && ids.Contains(a.CategoryId.Value));
        }
        if (!string.IsNullOrWhiteSpace(tag))
        {
            var t = tag.Trim().ToLowerInvariant();
            articles = articles.Where(a => ("," + a.Tags.Replace(", ", ",") + ",").Contains("," + t + ","));
        }
        var rows = hits is not null ? [] : await RowsAsync(articles.OrderByDescending(a => a.UpdatedAtUtc).Take(ListSize), ct);
        return new KnowledgeIndexViewModel
        {
            Q = q, CategoryId = categoryId, Tag = tag, Hits = hits, Articles = rows, Categories = categories,
            CanEdit = user.Has(Permissions.KnowledgeBase.Edit),
        };
    }

    public async Task<Result<ArticleViewModel>> ArticleAsync(int id, string? q, UserAccess user, CancellationToken ct)
    {
        var article = await db.Set<Article>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (article is null)
        {
            return Result<ArticleViewModel>.From(Result.NotFound);
        }
        var names = await db.Users.AsNoTracking().Where(u => u.Id == article.CreatedById || u.Id == article.UpdatedById)
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var tree = await TreeAsync(ct);
        return new ArticleViewModel
        {
            Id = article.Id, Title = article.Title, BodyHtml = MarkdownRenderer.ToHtml(article.Body),
            CategoryPath = await PathAsync(article.CategoryId, ct), Tags = article.TagList,
            Author = article.CreatedById is null ? null : names.GetValueOrDefault(article.CreatedById), CreatedAtUtc = article.CreatedAtUtc,
            LastEditor = article.UpdatedById is null ? null : names.GetValueOrDefault(article.UpdatedById), UpdatedAtUtc = article.UpdatedAtUtc,
            History = await Shared.ChangeHistory.ForAsync(db, nameof(Article), id, ct),
            Attachments = await files.ListAsync(id, ct), Links = await links.ForArticleAsync(id, user, ct),
            CanEdit = user.Has(Permissions.KnowledgeBase.Edit), Q = q,
        };
    }

    public async Task<Result<ArticleFormViewModel>> FormAsync(int? id, ArticleInput? posted, bool preview, CancellationToken ct)
    {
        var input = posted ?? new ArticleInput();
        IReadOnlyList<AttachmentRow> attachments = id is { } existing ? await files.ListAsync(existing, ct) : [];
        if (id is { } articleId && posted is null)
        {
            var article = await db.Set<Article>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == articleId, ct);
            if (article is null)
            {
                return Result<ArticleFormViewModel>.From(Result.NotFound);
            }
            input = new ArticleInput { Title = article.Title, Body = article.Body, CategoryId = article.CategoryId, Tags = article.Tags, ConcurrencyStamp = article.ConcurrencyStamp };
        }
        return new ArticleFormViewModel { Id = id, Input = input, Categories = await TreeAsync(ct), PreviewHtml = preview ? MarkdownRenderer.ToHtml(input.Body) : null,
            Attachments = attachments, MaxFileBytes = files.MaxFileBytes,
        };
    }

    public async Task<Result> SaveAsync(int? id, ArticleInput input, CancellationToken ct)
    {
        Article? article = null;
        if (id is { } articleId)
        {
            article = await db.Set<Article>().Include(a => a.Attachments).FirstOrDefaultAsync(a => a.Id == articleId, ct);
            if (article is null)
            {
                return Result.NotFound;
            }
            db.Entry(article).Property(a => a.ConcurrencyStamp).OriginalValue = input.ConcurrencyStamp;
        }
        var errors = new Dictionary<string, string>();
        if (input.CategoryId is { } categoryId && !await db.Set<ArticleCategory>().AnyAsync(c => c.Id == categoryId, ct))
        {
            errors[nameof(ArticleInput.CategoryId)] = l["Choose a value from the list."];
        }
        var uploads = await files.ReadAsync(article, input, errors, ct);
        if (errors.Count > 0)
        {
            return Result.Invalid(errors);
        }
        if (article is null)
        {
            article = new Article();
            db.Set<Article>().Add(article);
        }
        article.Title = input.Title!.Trim();
        article.Body = input.Body ?? "";
        article.CategoryId = input.CategoryId;
        article.Tags = Article.NormalizeTags(input.Tags);
        await files.ApplyAsync(article, input.RemoveFileIds, uploads, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result.Conflicted(l["Someone else changed this article meanwhile. Reload it and make your change again."]);
        }
        return Result.Success(article.Id);
    }

    public async Task<Result> DeleteAsync(int id, Guid stamp, CancellationToken ct)
    {
        var article = await db.Set<Article>().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (article is null)
        {
            return Result.NotFound;
        }
        db.Entry(article).Property(a => a.ConcurrencyStamp).OriginalValue = stamp;
        db.Remove(article);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result.Conflicted(l["Someone else changed this article meanwhile. Reload it and make your change again."]);
        }
        return Result.Success();
    }

    public async Task<Result> AddCategoryAsync(CategoryInput input, CancellationToken ct)
    {
        if (input.ParentId is { } parentId && !await db.Set<ArticleCategory>().AnyAsync(c => c.Id == parentId, ct))
        {
            return Result.Invalid(nameof(CategoryInput.ParentId), l["Choose a value from the list."]);
        }
        var name = input.Name!.Trim();
        if (await db.Set<ArticleCategory>().AnyAsync(c => c.ParentId == input.ParentId && c.Name == name, ct))
        {
            return Result.Invalid(nameof(CategoryInput.Name), l["This category already exists here."]);
        }
        var order = await db.Set<ArticleCategory>().Where(c => c.ParentId == input.ParentId).Select(c => (int?)c.SortOrder).MaxAsync(ct) ?? 0;
        var category = new ArticleCategory { Name = name, ParentId = input.ParentId, SortOrder = order + 1 };
        db.Set<ArticleCategory>().Add(category);
        await db.SaveChangesAsync(ct);
        return Result.Success(category.Id);
    }

    /// <summary>The category tree in display order (parents before their children, siblings by order and name).</summary>
    public async Task<IReadOnlyList<CategoryNode>> TreeAsync(CancellationToken ct)
    {
        var all = await db.Set<ArticleCategory>().AsNoTracking().Select(c => new { c.Id, c.Name, c.ParentId, c.SortOrder }).ToListAsync(ct);
        var counts = await db.Set<Article>().AsNoTracking().Where(a => a.CategoryId != null).GroupBy(a => a.CategoryId!.Value)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var children = all.ToLookup(c => c.ParentId);
        var result = new List<CategoryNode>();
        void Walk(int? parent, int depth)
        {
            foreach (var c in children[parent].OrderBy(c => c.SortOrder).ThenBy(c => c.Name))
            {
                if (depth > 20)
                {
                    return;
                }
                result.Add(new CategoryNode(c.Id, c.Name, depth, counts.GetValueOrDefault(c.Id)));
                Walk(c.Id, depth + 1);
            }
        }
        Walk(null, 0);
        return result;
    }

    private static List<int> Descendants(IReadOnlyList<CategoryNode> tree, int id)
    {
        var at = tree.ToList().FindIndex(c => c.Id == id);
        if (at < 0)
        {
            return [id];
        }
        var ids = new List<int> { id };
        for (var i = at + 1; i < tree.Count && tree[i].Depth > tree[at].Depth; i++)
        {
            ids.Add(tree[i].Id);
        }
        return ids;
    }

    private async Task<IReadOnlyList<string>> PathAsync(int? categoryId, CancellationToken ct)
    {
        var path = new List<string>();
        var all = await db.Set<ArticleCategory>().AsNoTracking().ToDictionaryAsync(c => c.Id, ct);
        for (var id = categoryId; id is { } current && all.TryGetValue(current, out var c) && path.Count < 20; id = c.ParentId)
        {
            path.Insert(0, c.Name);
        }
        return path;
    }

    private async Task<List<ArticleRow>> RowsAsync(IQueryable<Article> articles, CancellationToken ct)
    {
        var rows = await articles.Select(a => new { a.Id, a.Title, Category = a.Category == null ? null : a.Category.Name, a.Tags, a.UpdatedAtUtc, a.UpdatedById }).ToListAsync(ct);
        var userIds = rows.Select(r => r.UpdatedById).OfType<string>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return rows.Select(r => new ArticleRow(r.Id, r.Title, r.Category, new Article { Tags = r.Tags }.TagList, r.UpdatedAtUtc,
            r.UpdatedById is null ? null : names.GetValueOrDefault(r.UpdatedById))).ToList();
    }
}
