using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.KnowledgeBase;
using WebCrm.Domain.Security;
using WebCrm.Web.Features.Clients;
using WebCrm.Web.Features.Deals;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.KnowledgeBase;

/// <summary>
/// Links from an article to companies, products and deals. An editor picks only among records he may see (companies
/// through <see cref="CompanyAccess"/>, deals through <see cref="DealAccess"/>, products with the Deals module), and a
/// forged id is refused; a reader sees only the linked records he may see. The company and deal cards show the
/// articles linked to them.
/// </summary>
public sealed class ArticleLinks(CrmDbContext db, CompanyAccess companies, DealAccess deals, IStringLocalizer<SharedResource> l)
{
    public const int PickSize = 20;

    private static bool SeesProducts(UserAccess user) => user.Has(Permissions.Deals.ViewOwn) || user.Has(Permissions.Deals.ViewAll);

    /// <summary>The article's links whose records the user may see, by kind and name.</summary>
    public async Task<IReadOnlyList<LinkRow>> ForArticleAsync(int articleId, UserAccess user, CancellationToken ct)
    {
        var links = db.Set<ArticleLink>().AsNoTracking().Where(k => k.ArticleId == articleId);
        var rows = new List<LinkRow>();
        rows.AddRange(await links.Join(companies.Query(user), k => k.CompanyId, c => (int?)c.Id, (k, c) => new LinkRow(k.Id, ArticleLinkKind.Company, c.Id, c.Name))
            .ToListAsync(ct));
        if (SeesProducts(user))
        {
            rows.AddRange(await links.Join(db.Products.AsNoTracking(), k => k.ProductId, p => (int?)p.Id, (k, p) => new LinkRow(k.Id, ArticleLinkKind.Product, p.Id, p.Name))
                .ToListAsync(ct));
        }
        rows.AddRange(await links.Join(deals.Query(user), k => k.DealId, d => (int?)d.Id, (k, d) => new LinkRow(k.Id, ArticleLinkKind.Deal, d.Id, d.Title))
            .ToListAsync(ct));
        return rows.OrderBy(r => r.Kind).ThenBy(r => r.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(r => r.TargetId).ToList();
    }

    /// <summary>The editor's linking page: the article's links and, for the chosen kind, the visible records matching the text.</summary>
    public async Task<Result<ArticleLinksViewModel>> PageAsync(int articleId, ArticleLinkKind kind, string? q, UserAccess user, CancellationToken ct)
    {
        var title = await db.Set<Article>().AsNoTracking().Where(a => a.Id == articleId).Select(a => a.Title).FirstOrDefaultAsync(ct);
        if (title is null)
        {
            return Result<ArticleLinksViewModel>.From(Result.NotFound);
        }
        List<ArticleLinkKind> kinds = SeesProducts(user) ? [ArticleLinkKind.Company, ArticleLinkKind.Product, ArticleLinkKind.Deal] : [ArticleLinkKind.Company, ArticleLinkKind.Deal];
        var chosen = kinds.Contains(kind) ? kind : kinds[0];
        return new ArticleLinksViewModel
        {
            ArticleId = articleId, ArticleTitle = title, Kind = chosen, Q = q, Kinds = kinds,
            Links = await ForArticleAsync(articleId, user, ct), Found = await PickAsync(chosen, q, user, ct),
        };
    }

    /// <summary>Records of the kind the user may see whose name matches the text, for the editor to pick from.</summary>
    public async Task<IReadOnlyList<LinkPick>> PickAsync(ArticleLinkKind kind, string? q, UserAccess user, CancellationToken ct)
    {
        var text = (q ?? "").Trim();
        switch (kind)
        {
            case ArticleLinkKind.Company:
                return await companies.Search(text, user).OrderBy(c => c.Name).ThenBy(c => c.Id).Take(PickSize)
                    .Select(c => new LinkPick(c.Id, c.Name, c.City)).ToListAsync(ct);
            case ArticleLinkKind.Product when SeesProducts(user):
                var term = Domain.Common.SearchText.Normalize(text);
                return await db.Products.AsNoTracking().Where(p => term == "" || p.SearchText.Contains(term))
                    .OrderBy(p => p.Name).ThenBy(p => p.Id).Take(PickSize).Select(p => new LinkPick(p.Id, p.Name, p.Code)).ToListAsync(ct);
            case ArticleLinkKind.Deal:
                var found = deals.Query(user);
                if (text.Length > 0)
                {
                    var dealTerm = Domain.Common.SearchText.Normalize(text);
                    found = found.Where(d => d.SearchText.Contains(dealTerm));
                }
                return await found.OrderByDescending(d => d.StartDate).ThenByDescending(d => d.Id).Take(PickSize)
                    .Select(d => new LinkPick(d.Id, d.Title, d.Company!.Name)).ToListAsync(ct);
            default:
                return [];
        }
    }

    /// <summary>Links the article to a record the editor may see; a link that exists already is kept once.</summary>
    public async Task<Result> AddAsync(int articleId, ArticleLinkKind kind, int targetId, UserAccess user, CancellationToken ct)
    {
        if (!await db.Set<Article>().AnyAsync(a => a.Id == articleId, ct))
        {
            return Result.NotFound;
        }
        var visible = kind switch
        {
            ArticleLinkKind.Company => await companies.IsVisibleAsync(targetId, user, ct),
            ArticleLinkKind.Product => SeesProducts(user) && await db.Products.AnyAsync(p => p.Id == targetId, ct),
            ArticleLinkKind.Deal => await deals.Query(user).AnyAsync(d => d.Id == targetId, ct),
            _ => false,
        };
        if (!visible)
        {
            return Result.Invalid("TargetId", l["Choose a value from the list."]);
        }
        var link = ArticleLink.To(kind, targetId);
        link.ArticleId = articleId;
        var exists = kind switch
        {
            ArticleLinkKind.Company => db.Set<ArticleLink>().AnyAsync(k => k.ArticleId == articleId && k.CompanyId == targetId, ct),
            ArticleLinkKind.Product => db.Set<ArticleLink>().AnyAsync(k => k.ArticleId == articleId && k.ProductId == targetId, ct),
            _ => db.Set<ArticleLink>().AnyAsync(k => k.ArticleId == articleId && k.DealId == targetId, ct),
        };
        if (!await exists)
        {
            db.Add(link);
            await db.SaveChangesAsync(ct);
        }
        return Result.Success(articleId);
    }

    public async Task<Result> RemoveAsync(int articleId, int linkId, CancellationToken ct)
    {
        var link = await db.Set<ArticleLink>().FirstOrDefaultAsync(k => k.Id == linkId && k.ArticleId == articleId, ct);
        if (link is null)
        {
            return Result.NotFound;
        }
        db.Remove(link);
        await db.SaveChangesAsync(ct);
        return Result.Success(articleId);
    }

    /// <summary>Whether the user may see the company or deal (the card section loaded on its own checks it first).</summary>
    public Task<bool> TargetVisibleAsync(ArticleLinkKind kind, int targetId, UserAccess user, CancellationToken ct) => kind switch
    {
        ArticleLinkKind.Company => companies.IsVisibleAsync(targetId, user, ct),
        ArticleLinkKind.Deal => deals.Query(user).AnyAsync(d => d.Id == targetId, ct),
        _ => Task.FromResult(false),
    };

    /// <summary>The articles linked to a company or a deal (for its card), newest change first.</summary>
    public async Task<IReadOnlyList<LinkedArticle>> ArticlesAsync(ArticleLinkKind kind, int targetId, CancellationToken ct)
    {
        var links = db.Set<ArticleLink>().AsNoTracking();
        links = kind == ArticleLinkKind.Company ? links.Where(k => k.CompanyId == targetId) : links.Where(k => k.DealId == targetId);
        return await db.Set<Article>().AsNoTracking().Where(a => links.Any(k => k.ArticleId == a.Id))
            .OrderByDescending(a => a.UpdatedAtUtc).ThenByDescending(a => a.Id).Take(50)
            .Select(a => new LinkedArticle(a.Id, a.Title, a.UpdatedAtUtc)).ToListAsync(ct);
    }
}

public sealed record LinkRow(int Id, ArticleLinkKind Kind, int TargetId, string Name);

public sealed record LinkPick(int Id, string Name, string? Detail);

public sealed record LinkedArticle(int Id, string Title, DateTime UpdatedAtUtc);

/// <summary>
/// The company or deal card's "Knowledge base" section (one line in each card's view, rendering
/// <c>_CompanyArticles</c> or <c>_DealArticles</c> from this folder): the articles linked to the record.
/// </summary>
public sealed class LinkedArticlesViewComponent(ArticleLinks links) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(ArticleLinkKind kind, int id) =>
        View("/Features/KnowledgeBase/Views/_LinkedArticles.cshtml",
            new LinkedArticlesViewModel(await links.ArticlesAsync(kind, id, HttpContext.RequestAborted)));
}

/// <summary>The card's "Knowledge base" section alone (the card loads it with htmx when its tab is first shown).</summary>
[Route("knowledge/linked"), Microsoft.AspNetCore.Authorization.Authorize(Policy = Infrastructure.Authorization.ModulePolicies.KnowledgeBase)]
public sealed class LinkedArticlesController(ArticleLinks links) : Infrastructure.Web.CrmController
{
    [HttpGet("")]
    public async Task<IActionResult> Section(ArticleLinkKind kind, int id, CancellationToken ct)
    {
        if (!ModelState.IsValid || !await links.TargetVisibleAsync(kind, id, UserAccess.From(User), ct))
        {
            return NotFound();
        }
        return PartialView("/Features/KnowledgeBase/Views/_LinkedArticles.cshtml", new LinkedArticlesViewModel(await links.ArticlesAsync(kind, id, ct)));
    }
}
