using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Web.Features.Clients;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;
using WebCrm.Web.Infrastructure.Web;

namespace WebCrm.Web.Features.Deals;

[Route("deals"), Authorize(Policy = ModulePolicies.Deals)]
public sealed class DealsController(DealsService service, IStringLocalizer<SharedResource> l) : CrmController
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] DealListQuery query, CancellationToken ct) => View(await service.ListAsync(query, User, ct));

    [HttpGet("export"), Authorize(Policy = Domain.Security.Permissions.Deals.Export)]
    public IActionResult Export([FromQuery] DealListQuery query) =>
        new CsvResult($"deals-{DateTime.UtcNow:yyyyMMdd}.csv", DealCsv.Header(l), DealCsv.Rows(service.ExportRows(query, User), l));

    [HttpGet("lookup/companies")]
    public async Task<IActionResult> Companies(string? q, CancellationToken ct) => Json(await service.CompaniesAsync(q, User, ct));

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Card(int id, CancellationToken ct) => await service.CardAsync(id, User, ct) switch
    {
        (Outcome.Ok, var card) => View(card),
        _ => NotFound(),
    };

    [HttpGet("new")]
    public async Task<IActionResult> Create(int? companyId, CancellationToken ct) => Respond(await service.NewFormAsync(companyId, User, ct), "Edit");

    [HttpPost("new")]
    public async Task<IActionResult> Create(DealInput input, [FromServices] IValidator<DealInput> validator, CancellationToken ct)
    {
        if (!ModelState.AddErrors(await validator.ValidateAsync(input, ct)))
        {
            return await Redisplay(null, input, [], ct);
        }
        return await Finish(null, input, await service.CreateAsync(input, User, ct), ct);
    }

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct) => Respond(await service.EditFormAsync(id, User, ct), "Edit");

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, DealInput input, [FromServices] IValidator<DealInput> validator, CancellationToken ct)
    {
        if (!ModelState.AddErrors(await validator.ValidateAsync(input, ct)))
        {
            var (outcome, _) = await service.EditFormAsync(id, User, ct);
            return outcome == Outcome.Ok ? await Redisplay(id, input, [], ct) : Status(outcome);
        }
        return await Finish(id, input, await service.UpdateAsync(id, input, User, ct), ct);
    }

    [HttpGet("{id:int}/stages")]
    public async Task<IActionResult> Stages(int id, CancellationToken ct) => Respond(await service.StagesFormAsync(id, null, User, ct), "Stages");

    [HttpPost("{id:int}/stages")]
    public async Task<IActionResult> Stages(int id, StagesInput input, [FromServices] IValidator<StagesInput> validator, CancellationToken ct)
    {
        var result = ModelState.AddErrors(await validator.ValidateAsync(input, ct))
            ? await service.SaveStagesAsync(id, input, User, ct)
            : new Result(Outcome.Invalid, Errors: new Dictionary<string, string>());
        if (result.Outcome is Outcome.Invalid)
        {
            AddErrors(result);
            var (outcome, form) = await service.StagesFormAsync(id, input, User, ct);
            if (outcome != Outcome.Ok)
            {
                return Status(outcome);
            }
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Stages", form);
        }
        return AfterPart(id, result);
    }

    [HttpPost("{id:int}/lines")]
    public Task<IActionResult> AddLine(int id, [Bind(Prefix = "Line")] LineInput input, [FromServices] IValidator<LineInput> validator, CancellationToken ct) =>
        Part(id, "Line", validator.ValidateAsync(input, ct), () => service.AddLineAsync(id, input, User, ct), c => c.NewLine = input, ct);

    [HttpPost("{id:int}/lines/{lineId:int}/delete")]
    public async Task<IActionResult> DeleteLine(int id, int lineId, Guid stamp, CancellationToken ct) =>
        AfterPart(id, await service.DeleteLineAsync(id, lineId, stamp, User, ct));

    [HttpPost("{id:int}/payments")]
    public Task<IActionResult> AddPayment(int id, [Bind(Prefix = "Payment")] PaymentInput input, [FromServices] IValidator<PaymentInput> validator, CancellationToken ct) =>
        Part(id, "Payment", validator.ValidateAsync(input, ct), () => service.AddPaymentAsync(id, input, User, ct), c => c.NewPayment = input, ct);

    [HttpPost("{id:int}/payments/{paymentId:int}/delete")]
    public async Task<IActionResult> DeletePayment(int id, int paymentId, Guid stamp, CancellationToken ct) =>
        AfterPart(id, await service.DeletePaymentAsync(id, paymentId, stamp, User, ct));

    [HttpPost("{id:int}/documents")]
    public Task<IActionResult> AddDocument(int id, [Bind(Prefix = "Document")] DocumentInput input, [FromServices] IValidator<DocumentInput> validator, CancellationToken ct) =>
        Part(id, "Document", validator.ValidateAsync(input, ct), () => service.AddDocumentAsync(id, input, User, ct), c => c.NewDocument = input, ct);

    [HttpPost("{id:int}/documents/{documentId:int}/delete")]
    public async Task<IActionResult> DeleteDocument(int id, int documentId, Guid stamp, CancellationToken ct) =>
        AfterPart(id, await service.DeleteDocumentAsync(id, documentId, stamp, User, ct));

    [HttpPost("{id:int}/close")]
    public Task<IActionResult> Close(int id, [Bind(Prefix = "Close")] CloseInput input, [FromServices] IValidator<CloseInput> validator, CancellationToken ct) =>
        Part(id, "Close", validator.ValidateAsync(input, ct), () => service.CloseAsync(id, input, User, ct), c => c.Close = input, ct);

    [HttpPost("{id:int}/reopen")]
    public async Task<IActionResult> Reopen(int id, Guid stamp, CancellationToken ct) => AfterPart(id, await service.ReopenAsync(id, stamp, User, ct));

    [HttpGet("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken ct) => Respond(await service.DeleteInfoAsync(id, User, ct), "Delete");

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, Guid stamp, CancellationToken ct)
    {
        switch (await service.DeleteAsync(id, stamp, User, ct))
        {
            case Outcome.Ok:
                TempData["Message"] = l["The deal has been deleted."].Value;
                return Redirect("/deals");
            case Outcome.Conflict:
                TempData["Error"] = l["Someone changed this deal after you opened it. Check the card and try again."].Value;
                return Redirect($"/deals/{id}");
            case var other:
                return Status(other);
        }
    }

    /// <summary>A section form on the card: validated, applied, and on errors the card is shown again with them next to the fields.</summary>
    private async Task<IActionResult> Part(int id, string prefix, Task<FluentValidation.Results.ValidationResult> validation,
        Func<Task<Result>> save, Action<DealCardViewModel> keep, CancellationToken ct)
    {
        var result = ModelState.AddErrors(await validation, prefix) ? await save() : new Result(Outcome.Invalid, Errors: new Dictionary<string, string>());
        if (result.Outcome != Outcome.Invalid)
        {
            return AfterPart(id, result);
        }
        AddErrors(result);
        var (outcome, card) = await service.CardAsync(id, User, ct);
        if (outcome != Outcome.Ok)
        {
            return Status(outcome);
        }
        keep(card!);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Card", card);
    }

    private void AddErrors(Result result)
    {
        foreach (var (key, message) in result.Errors ?? new Dictionary<string, string>())
        {
            ModelState.AddModelError(key, message);
        }
    }

    private IActionResult AfterPart(int id, Result result)
    {
        switch (result.Outcome)
        {
            case Outcome.Ok:
                TempData["Message"] = l["Saved."].Value;
                return Redirect($"/deals/{id}");
            case Outcome.Conflict:
                TempData["Error"] = l["Someone changed this deal after you opened it. Check the card and try again."].Value;
                return Redirect($"/deals/{id}");
            case Outcome.Invalid:
                TempData["Error"] = string.Join(" ", result.Errors!.Values);
                return Redirect($"/deals/{id}");
            default:
                return Status(result.Outcome);
        }
    }

    private async Task<IActionResult> Finish(int? id, DealInput input, Result result, CancellationToken ct)
    {
        switch (result.Outcome)
        {
            case Outcome.Ok:
                TempData["Message"] = l["Saved."].Value;
                return Redirect($"/deals/{result.Id}");
            case Outcome.Invalid:
                AddErrors(result);
                return await Redisplay(id, input, [], ct);
            case Outcome.Conflict:
                ModelState.AddModelError("", l["Someone else saved this deal while you were editing. Their values are shown below next to yours; check them and save again to keep yours."]);
                input.ConcurrencyStamp = result.CurrentStamp!.Value;
                ModelState.Remove(nameof(DealInput.ConcurrencyStamp));
                return await Redisplay(id, input, result.Conflict!, ct);
            default:
                return Status(result.Outcome);
        }
    }

    private async Task<IActionResult> Redisplay(int? id, DealInput input, IReadOnlyList<ConflictField> conflict, CancellationToken ct)
    {
        var form = await service.FormAsync(id, input, Domain.Security.UserAccess.From(User), conflict, ct);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Edit", form);
    }
}
