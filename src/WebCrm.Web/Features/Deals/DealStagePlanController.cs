using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Deals;

/// <summary>
/// The deal's own stage list from the stage page and the card: next stage, add, remove, move up or down, and one
/// stage's plan edited in its row on the card. From the card (htmx, or a plain post with back=card) each answers
/// with the card, the stages tab open; from the stage page (the fallback that edits every stage at once) with that page.
/// </summary>
[Route("deals/{id:int}"), Authorize(Policy = ModulePolicies.Deals)]
public sealed class DealStagePlanController(DealStagePlanning planning, DealStages stages, DealCard card, IStringLocalizer<SharedResource> l)
    : DealCardController(card, l)
{
    private const string Tab = "stages";

    [HttpPost("next-stage")]
    public async Task<IActionResult> Next(int id, Guid concurrencyStamp, string? back, CancellationToken ct) =>
        await After(id, back == "stages" ? "stages" : "card", await planning.NextStageAsync(id, concurrencyStamp, User, ct), ct);

    [HttpPost("stages/add")]
    public async Task<IActionResult> Add(int id, int? stageId, int? beforeStageId, Guid concurrencyStamp, string? back, CancellationToken ct) =>
        await After(id, back, await planning.AddStageAsync(id, stageId, beforeStageId, concurrencyStamp, User, ct), ct);

    [HttpPost("stages/{stageId:int}/remove")]
    public async Task<IActionResult> Remove(int id, int stageId, Guid concurrencyStamp, string? back, CancellationToken ct) =>
        await After(id, back, await planning.RemoveStageAsync(id, stageId, concurrencyStamp, User, ct), ct);

    [HttpPost("stages/{stageId:int}/move")]
    public async Task<IActionResult> Move(int id, int stageId, int direction, Guid concurrencyStamp, string? back, CancellationToken ct) =>
        await After(id, back, await planning.MoveStageAsync(id, stageId, direction, concurrencyStamp, User, ct), ct);

    /// <summary>Opens one stage for editing in its row: htmx swaps the card, without JavaScript the card page opens so.</summary>
    [HttpGet("stages/{stageId:int}/edit")]
    public async Task<IActionResult> EditStage(int id, int stageId, CancellationToken ct)
    {
        var shown = await Card.StageEditorAsync(id, stageId, null, User, ct);
        return shown.Ok ? CardView(shown.Value!, Tab) : Status(shown);
    }

    /// <summary>Saves the stage edited in its row; on errors its row shows them next to the fields (422).</summary>
    [HttpPost("stages/{stageId:int}")]
    public async Task<IActionResult> SaveStage(int id, int stageId, [Bind(Prefix = "EditStage")] StageEditInput input,
        [FromServices] IValidator<StageEditInput> validator, CancellationToken ct)
    {
        var result = ModelState.AddErrors(await validator.ValidateAsync(input, ct), "EditStage")
            ? await stages.SaveStageAsync(id, stageId, input, User, ct)
            : Result.Invalid(new Dictionary<string, string>());
        if (result.Outcome != Outcome.Invalid)
        {
            return await AfterPart(id, result, Tab);
        }
        ModelState.AddErrors(result);
        var shown = await Card.StageEditorAsync(id, stageId, input, User, ct);
        if (!shown.Ok)
        {
            return Status(shown);
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return CardView(shown.Value!, Tab);
    }

    /// <summary>
    /// Back to the stage page (the default of its buttons) with what happened, or to the card (htmx, back=card): a
    /// refusal with a reason is shown there next to its field (422), a conflict or success as the card's message.
    /// </summary>
    private async Task<IActionResult> After(int id, string? back, Result result, CancellationToken ct)
    {
        if (result.Outcome is not (Outcome.Ok or Outcome.Conflict or Outcome.Invalid))
        {
            return Status(result);
        }
        if (back == "card" || Request.IsHtmx())
        {
            return result.Outcome == Outcome.Invalid ? await InvalidOnCard(id, result, Tab, ct) : await AfterPart(id, result, Tab);
        }
        TempData[result.Ok ? "Message" : "Error"] = result.Outcome switch
        {
            Outcome.Ok => Localizer["Saved."].Value,
            Outcome.Conflict => Localizer["Someone changed this deal after you opened it. Check the card and try again."].Value,
            _ => result.Message,
        };
        return Redirect($"/deals/{id}/stages");
    }
}
