using System.Globalization;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Web.Features.Reports;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;
using WebCrm.Web.Infrastructure.Web;

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

    /// <summary>The board; <paramref name="stageId"/> and <paramref name="shown"/> are "show more" without JavaScript (that column shows more cards).</summary>
    [HttpGet("board"), ReportDeadline]
    public async Task<IActionResult> Board(string? responsibleId, int? stageId, int? shown, CancellationToken ct) =>
        View("Board", await board.BoardAsync(responsibleId, stageId, shown, User, ct));

    /// <summary>"Show more" of one column: the next page of its cards, swapped in by htmx; the full board without it.</summary>
    [HttpGet("board/cards"), ReportDeadline]
    public async Task<IActionResult> Cards(int stageId, int skip, string? responsibleId, CancellationToken ct)
    {
        skip = Math.Clamp(skip, 0, FunnelBoard.MaxShown);
        if (!Request.IsHtmx())
        {
            return Redirect(BoardUrl(responsibleId, stageId, skip + FunnelBoard.PageSize) + "#col-" + stageId.ToString(CultureInfo.InvariantCulture));
        }
        return await board.PageAsync(stageId, skip, responsibleId, User, ct) is { } page ? PartialView("_BoardCards", page) : NotFound();
    }

    /// <summary>One card's move without JavaScript: its stages to choose from (the board's shared menu does the same in place).</summary>
    [HttpGet("board/{id:int}/move")]
    public async Task<IActionResult> MoveForm(int id, string? responsibleId, CancellationToken ct) =>
        await board.MoveFormAsync(id, responsibleId, User, ct) is { } model ? View("BoardMove", model) : NotFound();

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
        return Redirect(BoardUrl(responsibleId, null, null));
    }

    private static string BoardUrl(string? responsibleId, int? stageId, int? shown)
    {
        var query = new List<string>();
        if (!string.IsNullOrEmpty(responsibleId)) { query.Add("responsibleId=" + Uri.EscapeDataString(responsibleId)); }
        if (stageId is { } s) { query.Add("stageId=" + s.ToString(CultureInfo.InvariantCulture)); }
        if (shown is { } n) { query.Add("shown=" + n.ToString(CultureInfo.InvariantCulture)); }
        return "/funnel/board" + (query.Count == 0 ? "" : "?" + string.Join("&", query));
    }
}
