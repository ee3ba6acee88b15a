using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;
using WebCrm.Web.Infrastructure.Security;

namespace WebCrm.Web.Features.Deals;

/// <summary>The deal list, export, card and the deal's main data (new, edit, delete).</summary>
[Route("deals"), Authorize(Policy = ModulePolicies.Deals), FilterQueryLimit]
public sealed class DealsController(DealList list, DealCard card, DealEditing editing, IStringLocalizer<SharedResource> l) : CrmController
{
    [HttpGet(""), RateLimitGroup(RateLimits.Search)]
    public async Task<IActionResult> Index([FromQuery] DealListQuery query, CancellationToken ct)
    {
        var model = await list.ListAsync(query, User, ct);
        // A filter refused as too large is a bad request: the page says why and lists nothing.
        Response.StatusCode = model.Filter.TooLarge ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK;
        return View(model);
    }

    /// <summary>The condition builder alone, swapped in place by htmx; without JavaScript the same buttons reload the page.</summary>
    [HttpGet("filter-builder")]
    public async Task<IActionResult> FilterBuilder([FromQuery] DealListQuery query) => PartialView("_FilterBuilder", await list.BuilderAsync(query, User));

    [HttpGet("export"), RateLimitGroup(RateLimits.Export), Authorize(Policy = Permissions.Deals.Export)]
    public async Task<IActionResult> Export([FromQuery] DealListQuery query) =>
        new CsvResult($"deals-{DateTime.UtcNow:yyyyMMdd}.csv", DealCsv.Header(l), DealCsv.Rows(await list.ExportRowsAsync(query, User), l), logAs: "deals");

    [HttpGet("lookup/companies"), RateLimitGroup(RateLimits.Search)]
    public async Task<IActionResult> Companies(string? q, CancellationToken ct) => Json(await list.CompaniesAsync(q, User, ct));

    /// <param name="productQuery">The line form's "Find" box without JavaScript: which products its plain choice lists.</param>
    [HttpGet("{id:int}")]
    public async Task<IActionResult> Card(int id, string? productQuery, CancellationToken ct) =>
        Respond(await card.CardAsync(id, User, ct, productQuery is { Length: > 200 } ? productQuery[..200] : productQuery), "Card");

    [HttpGet("new")]
    public async Task<IActionResult> Create(int? companyId, string? companyQuery, CancellationToken ct) =>
        Respond(await editing.NewFormAsync(companyId, User, ct, companyQuery), "Edit");

    [HttpPost("new")]
    public async Task<IActionResult> Create(DealInput input, [FromServices] IValidator<DealInput> validator, CancellationToken ct)
    {
        if (!ModelState.AddErrors(await validator.ValidateAsync(input, ct)))
        {
            return await Redisplay(null, input, [], ct);
        }
        return await Finish(null, input, await editing.CreateAsync(input, User, ct), ct);
    }

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct) => Respond(await editing.EditFormAsync(id, User, ct), "Edit");

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, DealInput input, [FromServices] IValidator<DealInput> validator, CancellationToken ct)
    {
        if (!ModelState.AddErrors(await validator.ValidateAsync(input, ct)))
        {
            var form = await editing.EditFormAsync(id, User, ct);
            return form.Ok ? await Redisplay(id, input, [], ct) : Status(form);
        }
        return await Finish(id, input, await editing.UpdateAsync(id, input, User, ct), ct);
    }

    [HttpGet("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken ct) => Respond(await editing.DeleteInfoAsync(id, User, ct), "Delete");

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, Guid stamp, CancellationToken ct)
    {
        var result = await editing.DeleteAsync(id, stamp, User, ct);
        if (result.Outcome is not (Outcome.Ok or Outcome.Conflict))
        {
            return Status(result);
        }
        SetMessage(result.Ok, l["The deal has been deleted."], l["Someone changed this deal after you opened it. Check the card and try again."]);
        return Redirect(result.Ok ? "/deals" : $"/deals/{id}");
    }

    private void SetMessage(bool ok, string message, string error) => TempData[ok ? "Message" : "Error"] = ok ? message : error;

    private async Task<IActionResult> Finish(int? id, DealInput input, Result result, CancellationToken ct)
    {
        switch (result.Outcome)
        {
            case Outcome.Ok:
                TempData["Message"] = l["Saved."].Value;
                return Redirect($"/deals/{result.Id}");
            case Outcome.Invalid:
                ModelState.AddErrors(result);
                return await Redisplay(id, input, [], ct);
            case Outcome.Conflict:
                ModelState.AddModelError("", l["Someone else saved this deal while you were editing. Their values are shown below next to yours; check them and save again to keep yours."]);
                input.ConcurrencyStamp = result.CurrentStamp!.Value;
                ModelState.Remove(nameof(DealInput.ConcurrencyStamp));
                return await Redisplay(id, input, result.Conflict!, ct);
            default:
                return Status(result);
        }
    }

    private async Task<IActionResult> Redisplay(int? id, DealInput input, IReadOnlyList<ConflictField> conflict, CancellationToken ct)
    {
        var form = await editing.FormAsync(id, input, UserAccess.From(User), conflict, ct);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Edit", form);
    }
}
