using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Domain.KnowledgeBase;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.KnowledgeBase;

/// <summary>An editor links an article to companies, products and deals he may see (KnowledgeBase.Edit).</summary>
[Route("knowledge/{id:int}/links"), Authorize(Policy = Permissions.KnowledgeBase.Edit)]
public sealed class ArticleLinksController(ArticleLinks links, IStringLocalizer<SharedResource> l) : CrmController
{
    [HttpGet("")]
    public async Task<IActionResult> Index(int id, ArticleLinkKind kind, string? q, CancellationToken ct) =>
        Respond(await links.PageAsync(id, kind, q, UserAccess.From(User), ct), "ArticleLinks");

    [HttpPost("")]
    public async Task<IActionResult> Add(int id, ArticleLinkKind kind, int targetId, CancellationToken ct)
    {
        var result = await links.AddAsync(id, kind, targetId, UserAccess.From(User), ct);
        if (result.Outcome is Outcome.NotFound)
        {
            return Status(result);
        }
        if (!result.Ok)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            ViewData["Error"] = result.Message;
            return Respond(await links.PageAsync(id, kind, null, UserAccess.From(User), ct), "ArticleLinks");
        }
        TempData["Message"] = l["Linked."].Value;
        return Redirect($"/knowledge/{id}/links?kind={kind}");
    }

    [HttpPost("{linkId:int}/delete")]
    public async Task<IActionResult> Remove(int id, int linkId, CancellationToken ct)
    {
        var result = await links.RemoveAsync(id, linkId, ct);
        if (!result.Ok)
        {
            return Status(result);
        }
        TempData["Message"] = l["Link removed."].Value;
        return Redirect($"/knowledge/{id}/links");
    }
}
