using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;
using WebCrm.Web.Infrastructure.Security;

namespace WebCrm.Web.Features.KnowledgeBase;

/// <summary>The knowledge base: read with KnowledgeBase.View, write with KnowledgeBase.Edit.</summary>
[Route("knowledge"), Authorize(Policy = ModulePolicies.KnowledgeBase)]
public sealed class KnowledgeController(KnowledgeArticles articles, IStringLocalizer<SharedResource> l) : CrmController
{
    [HttpGet(""), RateLimitGroup(RateLimits.Search)]
    public async Task<IActionResult> Index(string? q, int? category, string? tag, CancellationToken ct) =>
        View(await articles.IndexAsync(q, category, tag, UserAccess.From(User), ct));

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Article(int id, string? q, CancellationToken ct) =>
        Respond(await articles.ArticleAsync(id, q, UserAccess.From(User), ct), "Article");

    /// <summary>An attachment of an article, for readers of the knowledge base (the file must be the article's).</summary>
    [HttpGet("{id:int}/files/{fileId:int}")]
    public async Task<IActionResult> File(int id, int fileId, [FromServices] ArticleFiles files, CancellationToken ct)
    {
        if (await files.FileAsync(id, fileId, ct) is not { } file)
        {
            return NotFound();
        }
        Response.Headers.XContentTypeOptions = "nosniff";
        return File(file.Content, file.Type, file.Name);
    }

    [HttpGet("new"), Authorize(Policy = Permissions.KnowledgeBase.Edit)]
    public async Task<IActionResult> New(int? category, CancellationToken ct) =>
        Respond(await articles.FormAsync(null, new ArticleInput { CategoryId = category }, false, ct), "ArticleEdit");

    [HttpPost("new"), Authorize(Policy = Permissions.KnowledgeBase.Edit)]
    public Task<IActionResult> New(ArticleInput input, bool preview, [FromServices] IValidator<ArticleInput> validator, CancellationToken ct) =>
        SaveAsync(null, input, preview, validator, ct);

    [HttpGet("{id:int}/edit"), Authorize(Policy = Permissions.KnowledgeBase.Edit)]
    public async Task<IActionResult> Edit(int id, CancellationToken ct) => Respond(await articles.FormAsync(id, null, false, ct), "ArticleEdit");

    [HttpPost("{id:int}/edit"), Authorize(Policy = Permissions.KnowledgeBase.Edit)]
    public Task<IActionResult> Edit(int id, ArticleInput input, bool preview, [FromServices] IValidator<ArticleInput> validator, CancellationToken ct) =>
        SaveAsync(id, input, preview, validator, ct);

    [HttpPost("{id:int}/delete"), Authorize(Policy = Permissions.KnowledgeBase.Edit)]
    public async Task<IActionResult> Delete(int id, Guid stamp, CancellationToken ct)
    {
        var result = await articles.DeleteAsync(id, stamp, ct);
        if (result.Outcome is Outcome.NotFound)
        {
            return Status(result);
        }
        TempData["Message"] = result.Ok ? l["Deleted."].Value : result.Message;
        return Redirect(result.Ok ? "/knowledge" : $"/knowledge/{id}");
    }

    [HttpPost("categories"), Authorize(Policy = Permissions.KnowledgeBase.Edit)]
    public async Task<IActionResult> AddCategory(CategoryInput input, [FromServices] IValidator<CategoryInput> validator, CancellationToken ct)
    {
        var check = await validator.ValidateAsync(input, ct);
        var result = check.IsValid ? await articles.AddCategoryAsync(input, ct) : Result.Invalid(check.Errors[0].PropertyName, check.Errors[0].ErrorMessage);
        if (result.Outcome is not (Outcome.Ok or Outcome.Invalid))
        {
            return Status(result);
        }
        TempData["Message"] = result.Ok ? l["Saved."].Value : result.Message;
        return Redirect(result.Ok ? $"/knowledge?category={result.Id}" : "/knowledge");
    }

    private async Task<IActionResult> SaveAsync(int? id, ArticleInput input, bool preview, IValidator<ArticleInput> validator, CancellationToken ct)
    {
        if (!preview && ModelState.AddErrors(await validator.ValidateAsync(input, ct)))
        {
            var result = await articles.SaveAsync(id, input, ct);
            if (result.Ok)
            {
                TempData["Message"] = l["Saved."].Value;
                return Redirect($"/knowledge/{result.Id}");
            }
            if (result.Outcome is not (Outcome.Invalid or Outcome.Conflict))
            {
                return Status(result);
            }
            ModelState.AddErrors(result);
        }
        var form = await articles.FormAsync(id, input, preview, ct);
        if (!form.Ok)
        {
            return Status(form);
        }
        if (!preview)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        return View("ArticleEdit", form.Value);
    }
}
