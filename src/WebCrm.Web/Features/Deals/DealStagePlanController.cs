using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Deals;

/// <summary>The deal's own stage list from the stage page and the card: next stage, add, remove, move up or down.</summary>
[Route("deals/{id:int}"), Authorize(Policy = ModulePolicies.Deals)]
public sealed class DealStagePlanController(DealStagePlanning planning, IStringLocalizer<SharedResource> l) : CrmController
{
    [HttpPost("next-stage")]
    public async Task<IActionResult> Next(int id, Guid concurrencyStamp, string? back, CancellationToken ct) =>
        After(id, back, await planning.NextStageAsync(id, concurrencyStamp, User, ct));

    [HttpPost("stages/add")]
    public async Task<IActionResult> Add(int id, int? stageId, int? beforeStageId, Guid concurrencyStamp, CancellationToken ct) =>
        After(id, "stages", await planning.AddStageAsync(id, stageId, beforeStageId, concurrencyStamp, User, ct));

    [HttpPost("stages/{stageId:int}/remove")]
    public async Task<IActionResult> Remove(int id, int stageId, Guid concurrencyStamp, CancellationToken ct) =>
        After(id, "stages", await planning.RemoveStageAsync(id, stageId, concurrencyStamp, User, ct));

    [HttpPost("stages/{stageId:int}/move")]
    public async Task<IActionResult> Move(int id, int stageId, int direction, Guid concurrencyStamp, CancellationToken ct) =>
        After(id, "stages", await planning.MoveStageAsync(id, stageId, direction, concurrencyStamp, User, ct));

    /// <summary>Back to the stage page or the card with what happened; a refusal's message is shown there.</summary>
    private IActionResult After(int id, string? back, Result result)
    {
        if (result.Outcome is not (Outcome.Ok or Outcome.Conflict or Outcome.Invalid))
        {
            return Status(result);
        }
        TempData[result.Ok ? "Message" : "Error"] = result.Outcome switch
        {
            Outcome.Ok => l["Saved."].Value,
            Outcome.Conflict => l["Someone changed this deal after you opened it. Check the card and try again."].Value,
            _ => result.Message,
        };
        return Redirect(back == "stages" ? $"/deals/{id}/stages" : $"/deals/{id}?tab=stages");
    }
}
