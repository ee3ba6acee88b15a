using System.Text;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;
using WebCrm.Web.Infrastructure.Web;

namespace WebCrm.Web.Features.Clients;

[Route("clients"), Authorize(Policy = ModulePolicies.Clients)]
public sealed class ClientsController(ClientsService service, IStringLocalizer<SharedResource> l) : CrmController
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] CompanyListQuery query, CancellationToken ct) =>
        View(await service.ListAsync(query, User, ct));

    [HttpGet("export"), Authorize(Policy = Permissions.Clients.Export)]
    public async Task<IActionResult> Export([FromQuery] CompanyListQuery query)
    {
        var rows = await service.ExportRowsAsync(query, User);
        return new CsvResult($"clients-{DateTime.UtcNow:yyyyMMdd}.csv", CompanyCsv.Header(l), CompanyCsv.Rows(rows));
    }

    [HttpPost("filters")]
    public async Task<IActionResult> SaveFilter(string? filterName, bool shared, [FromQuery] CompanyListQuery query)
    {
        if (string.IsNullOrWhiteSpace(filterName) || filterName.Length > 200)
        {
            TempData["Error"] = l["Enter a name for the filter (at most 200 characters)."].Value;
            return Redirect(CompanyListUrls.For(query));
        }
        var id = await service.SaveFilterAsync(filterName, shared, query, User);
        if (id is null)
        {
            TempData["Error"] = l["The filter is too large to save: keep it under {0} conditions.", ClientsService.MaxSavedConditions].Value;
            return Redirect("/clients");
        }
        TempData["Message"] = l["Filter saved."].Value;
        return Redirect($"/clients?saved={id}");
    }

    [HttpPost("filters/{id:int}/delete")]
    public async Task<IActionResult> DeleteFilter(int id) =>
        await service.DeleteFilterAsync(id, User) ? Redirect("/clients") : NotFound();

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Card(int id, CancellationToken ct) => await service.CardAsync(id, User, ct) switch
    {
        (Outcome.Ok, var card) => View(card),
        _ => NotFound(),
    };

    [HttpGet("new")]
    public async Task<IActionResult> Create(CancellationToken ct) => Respond(await service.NewFormAsync(User, ct), "Edit");

    [HttpPost("new")]
    public async Task<IActionResult> Create(CompanyInput input, [FromServices] IValidator<CompanyInput> validator, CancellationToken ct)
    {
        if (!ModelState.AddErrors(await validator.ValidateAsync(input, ct)))
        {
            return await Redisplay(null, input, [], ct);
        }
        var result = await service.CreateAsync(input, User, ct);
        return await Finish(null, input, result, ct);
    }

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct) => Respond(await service.EditFormAsync(id, User, ct), "Edit");

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CompanyInput input, [FromServices] IValidator<CompanyInput> validator, CancellationToken ct)
    {
        if (!ModelState.AddErrors(await validator.ValidateAsync(input, ct)))
        {
            var (outcome, _) = await service.EditFormAsync(id, User, ct);
            return outcome == Outcome.Ok ? await Redisplay(id, input, [], ct) : Status(outcome);
        }
        return await Finish(id, input, await service.UpdateAsync(id, input, User, ct), ct);
    }

    [HttpGet("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken ct) => Respond(await service.DeleteInfoAsync(id, User, ct), "Delete");

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, Guid stamp, CancellationToken ct)
    {
        switch (await service.DeleteAsync(id, stamp, User, ct))
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
            case var other:
                return Status(other);
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
                return Status(result.Outcome);
        }
    }

    private async Task<IActionResult> Redisplay(int? id, CompanyInput input, IReadOnlyList<ConflictField> conflict, CancellationToken ct)
    {
        var form = await service.FormAsync(id, input, Domain.Security.UserAccess.From(User), conflict, ct);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Edit", form);
    }
}
