using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Deals;

/// <summary>The sections changed from the deal card: stages, lines, payments, accounting documents, won/lost and reopening.</summary>
[Route("deals/{id:int}"), Authorize(Policy = ModulePolicies.Deals)]
public sealed class DealPartsController(DealCard card, DealStages stages, DealMoneyParts parts, DealClosing closing,
    IStringLocalizer<SharedResource> l) : DealCardController(card, l)
{
    [HttpGet("stages")]
    public async Task<IActionResult> Stages(int id, CancellationToken ct) => Respond(await stages.StagesFormAsync(id, null, User, ct), "Stages");

    [HttpPost("stages")]
    public async Task<IActionResult> Stages(int id, StagesInput input, [FromServices] IValidator<StagesInput> validator, CancellationToken ct)
    {
        var result = ModelState.AddErrors(await validator.ValidateAsync(input, ct))
            ? await stages.SaveStagesAsync(id, input, User, ct)
            : Result.Invalid(new Dictionary<string, string>());
        if (result.Outcome is not Outcome.Invalid)
        {
            return await AfterPart(id, result, "stages");
        }
        ModelState.AddErrors(result);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Respond(await stages.StagesFormAsync(id, input, User, ct), "Stages");
    }

    [HttpPost("lines")]
    public Task<IActionResult> AddLine(int id, [Bind(Prefix = "Line")] LineInput input, [FromServices] IValidator<LineInput> validator, CancellationToken ct) =>
        Part(id, "Line", "lines", validator.ValidateAsync(input, ct), () => parts.AddLineAsync(id, input, User, ct), c => c.NewLine = input, ct,
            input.ProductId);

    /// <summary>Opens a product line for editing in its row: htmx swaps the card, without JavaScript the card page opens so.</summary>
    [HttpGet("lines/{lineId:int}/edit")]
    public async Task<IActionResult> EditLine(int id, int lineId, CancellationToken ct)
    {
        var shown = await Card.LineEditorAsync(id, lineId, User, ct);
        return shown.Ok ? CardView(shown.Value!, "lines") : Status(shown);
    }

    [HttpPost("lines/{lineId:int}")]
    public Task<IActionResult> UpdateLine(int id, int lineId, [Bind(Prefix = "EditLine")] LineInput input, [FromServices] IValidator<LineInput> validator, CancellationToken ct) =>
        Part(id, "EditLine", "lines", validator.ValidateAsync(input, ct), () => parts.UpdateLineAsync(id, lineId, input, User, ct),
            c => { c.EditLineId = lineId; c.EditLine = input; }, ct);

    [HttpPost("lines/{lineId:int}/delete")]
    public async Task<IActionResult> DeleteLine(int id, int lineId, Guid stamp, CancellationToken ct) =>
        await AfterPart(id, await parts.DeleteLineAsync(id, lineId, stamp, User, ct), "lines");

    [HttpPost("payments")]
    public Task<IActionResult> AddPayment(int id, [Bind(Prefix = "Payment")] PaymentInput input, [FromServices] IValidator<PaymentInput> validator, CancellationToken ct) =>
        Part(id, "Payment", "payments", validator.ValidateAsync(input, ct), () => parts.AddPaymentAsync(id, input, User, ct), c => c.NewPayment = input, ct);

    [HttpPost("payments/{paymentId:int}/delete")]
    public async Task<IActionResult> DeletePayment(int id, int paymentId, Guid stamp, CancellationToken ct) =>
        await AfterPart(id, await parts.DeletePaymentAsync(id, paymentId, stamp, User, ct), "payments");

    [HttpPost("documents")]
    public Task<IActionResult> AddDocument(int id, [Bind(Prefix = "Document")] DocumentInput input, [FromServices] IValidator<DocumentInput> validator, CancellationToken ct) =>
        Part(id, "Document", "documents", validator.ValidateAsync(input, ct), () => parts.AddDocumentAsync(id, input, User, ct), c => c.NewDocument = input, ct);

    [HttpPost("documents/{documentId:int}/delete")]
    public async Task<IActionResult> DeleteDocument(int id, int documentId, Guid stamp, CancellationToken ct) =>
        await AfterPart(id, await parts.DeleteDocumentAsync(id, documentId, stamp, User, ct), "documents");

    [HttpPost("close")]
    public Task<IActionResult> Close(int id, [Bind(Prefix = "Close")] CloseInput input, [FromServices] IValidator<CloseInput> validator, CancellationToken ct) =>
        Part(id, "Close", "lines", validator.ValidateAsync(input, ct), () => closing.CloseAsync(id, input, User, ct), c => c.Close = input, ct);

    [HttpPost("reopen")]
    public async Task<IActionResult> Reopen(int id, Guid stamp, CancellationToken ct) => await AfterPart(id, await closing.ReopenAsync(id, stamp, User, ct), "lines");

    /// <summary>A section form on the card: validated, applied, and on errors the card is shown again with them next to the fields.</summary>
    private async Task<IActionResult> Part(int id, string prefix, string tab, Task<ValidationResult> validation, Func<Task<Result>> save,
        Action<DealCardViewModel> keep, CancellationToken ct, int? productId = null)
    {
        var result = ModelState.AddErrors(await validation, prefix) ? await save() : Result.Invalid(new Dictionary<string, string>());
        if (result.Outcome != Outcome.Invalid)
        {
            return await AfterPart(id, result, tab);
        }
        ModelState.AddErrors(result);
        var shown = await Card.CardAsync(id, User, ct, productId: productId);
        if (!shown.Ok)
        {
            return Status(shown);
        }
        keep(shown.Value!);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return CardView(shown.Value!, tab);
    }
}
