using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;
using WebCrm.Web.Infrastructure.Web;

namespace WebCrm.Web.Features.Clients;

/// <summary>Creating, editing and deleting a company.</summary>
[Route("clients"), Authorize(Policy = ModulePolicies.Clients)]
public sealed class CompanyEditingController(CompanyEditing editing, IStringLocalizer<SharedResource> l) : CrmController
{
    [HttpGet("new")]
    public async Task<IActionResult> Create(CancellationToken ct) => Respond(await editing.NewFormAsync(User, ct), "Edit");

    [HttpPost("new")]
    public async Task<IActionResult> Create(CompanyInput input, [FromServices] IValidator<CompanyInput> validator, CancellationToken ct) =>
        ModelState.AddErrors(await validator.ValidateAsync(input, ct))
            ? await Finish(null, input, await editing.CreateAsync(input, User, ct), ct)
            : await Redisplay(null, input, [], ct);

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct) => Respond(await editing.EditFormAsync(id, User, ct), "Edit");

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CompanyInput input, [FromServices] IValidator<CompanyInput> validator, CancellationToken ct) =>
        ModelState.AddErrors(await validator.ValidateAsync(input, ct))
            ? await Finish(id, input, await editing.UpdateAsync(id, input, User, ct), ct)
            : await Redisplay(id, input, [], ct);

    [HttpGet("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken ct) => Respond(await editing.DeleteInfoAsync(id, User, ct), "Delete");

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, Guid stamp, CancellationToken ct)
    {
        var result = await editing.DeleteAsync(id, stamp, User, ct);
        switch (result.Outcome)
        {
            case Outcome.Ok:
                TempData["Message"] = l["The company has been deleted."].Value;
                return Redirect("/clients");
            case Outcome.Conflict:
                TempData["Error"] = l["Someone changed this company after you opened it. Check the card and delete again if you still want to."].Value;
                return Redirect($"/clients/{id}");
            case Outcome.Invalid:
                // The company has deals (possibly added since the page was shown): the delete page explains why not.
                return Redirect($"/clients/{id}/delete");
            default:
                return Status(result);
        }
    }

    private async Task<IActionResult> Finish(int? id, CompanyInput input, Result result, CancellationToken ct)
    {
        switch (result.Outcome)
        {
            case Outcome.Ok:
                TempData["Message"] = l["Saved."].Value;
                return Redirect($"/clients/{result.Id}");
            case Outcome.Invalid:
                foreach (var (key, message) in result.Errors!)
                {
                    ModelState.AddModelError(key, message);
                }
                return await Redisplay(id, input, [], ct);
            case Outcome.Conflict:
                ModelState.AddModelError("", l["Someone else saved this company while you were editing. Their values are shown below next to yours; check them and save again to keep yours."]);
                input.ConcurrencyStamp = result.CurrentStamp!.Value;
                ModelState.Remove(nameof(CompanyInput.ConcurrencyStamp));
                return await Redisplay(id, input, result.Conflict!, ct);
            default:
                return Status(result);
        }
    }

    private async Task<IActionResult> Redisplay(int? id, CompanyInput input, IReadOnlyList<ConflictField> conflict, CancellationToken ct)
    {
        var form = await editing.RedisplayAsync(id, input, conflict, User, ct);
        if (!form.Ok)
        {
            return Status(form);
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Edit", form.Value);
    }
}
