using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Web.Features.Reports;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Funnel;

/// <summary>The sales funnel and the board of open deals by stage.</summary>
[Route("funnel"), Authorize(Policy = ModulePolicies.Funnel)]
public sealed class FunnelController(FunnelReport report, FunnelBoard board, IStringLocalizer<SharedResource> l) : CrmController
{
    [HttpGet(""), ReportDeadline]
    public async Task<IActionResult> Index([FromQuery] FunnelQuery query, [FromServices] IValidator<FunnelQuery> validator, CancellationToken ct)
    {
        if (!ModelState.IsValid || !ModelState.AddErrors(await validator.ValidateAsync(query, ct)))
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            query.From = query.To = null;
        }
        return View("Index", await report.BuildAsync(query, User, ct));
    }

    [HttpGet("board"), ReportDeadline]
    public async Task<IActionResult> Board(string? responsibleId, CancellationToken ct) => View("Board", await board.BoardAsync(responsibleId, User, ct));

    /// <summary>Moves a card to the next stage (the board's "Next stage" button).</summary>
    [HttpPost("board/{id:int}/next"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Next(int id, Guid stamp, string? responsibleId, CancellationToken ct) =>
        Moved(await board.MoveAsync(id, stamp, User, ct), l["The deal has moved to the next stage."], responsibleId);

    /// <summary>Moves a card to any stage of its deal (the card's stage choice, and what a drop on a column submits).</summary>
    [HttpPost("board/{id:int}/move"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Move(int id, int stageId, Guid stamp, string? responsibleId, CancellationToken ct) =>
        Moved(await board.MoveToAsync(id, stageId, stamp, User, ct), l["The deal has moved to the stage {0}.", await board.StageNameAsync(stageId, ct)], responsibleId);

    private IActionResult Moved(Result result, string done, string? responsibleId)
    {
        switch (result.Outcome)
        {
            case Outcome.Ok:
                TempData["Message"] = done;
                break;
            case Outcome.Conflict:
                TempData["Error"] = l["Someone changed this deal after you opened it. Check the card and try again."].Value;
                break;
            case Outcome.Invalid:
                TempData["Error"] = result.Message;
                break;
            default:
                return Status(result);
        }
        return Redirect("/funnel/board" + (string.IsNullOrEmpty(responsibleId) ? "" : "?responsibleId=" + Uri.EscapeDataString(responsibleId)));
    }
}
