using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Deals;

/// <summary>
/// How an action taken on the deal card answers, for every controller with such actions (lines, payments, documents,
/// closing, stages): a plain form post is redirected to the card with the section's tab open; an htmx request gets the
/// card itself, which replaces #deal-card, so nothing reloads and the page keeps its place.
/// </summary>
public abstract class DealCardController(DealCard card, IStringLocalizer<SharedResource> l) : CrmController
{
    protected DealCard Card => card;

    protected IStringLocalizer<SharedResource> Localizer => l;

    /// <summary>After an action on the card: the outcome's message in TempData (plain post) or on the card shown in place (htmx).</summary>
    protected async Task<IActionResult> AfterPart(int id, Result result, string tab)
    {
        if (result.Outcome is not (Outcome.Ok or Outcome.Conflict or Outcome.Invalid))
        {
            return Status(result);
        }
        var message = result.Outcome switch
        {
            Outcome.Ok => l["Saved."].Value,
            Outcome.Conflict => l["Someone changed this deal after you opened it. Check the card and try again."].Value,
            _ => string.Join(" ", result.Errors!.Values),
        };
        if (!Request.IsHtmx())
        {
            TempData[result.Ok ? "Message" : "Error"] = message;
            return Redirect($"/deals/{id}?tab={tab}");
        }
        var shown = await card.CardAsync(id, User, HttpContext.RequestAborted);
        if (!shown.Ok)
        {
            return Status(shown);
        }
        ViewData[result.Ok ? "Message" : "Error"] = message;
        return CardView(shown.Value!, tab);
    }

    /// <summary>A refused change shown on the card (422): each error next to its field, one without a field above the card.</summary>
    protected async Task<IActionResult> InvalidOnCard(int id, Result result, string tab, CancellationToken ct)
    {
        ModelState.AddErrors(result);
        var shown = await card.CardAsync(id, User, ct);
        if (!shown.Ok)
        {
            return Status(shown);
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return CardView(shown.Value!, tab);
    }

    protected IActionResult CardView(DealCardViewModel model, string tab)
    {
        ViewData["Tab"] = tab;
        if (!Request.IsHtmx())
        {
            return View("Card", model);
        }
        Response.Headers["HX-Retarget"] = "#deal-card";
        Response.Headers["HX-Reswap"] = "outerHTML";
        return PartialView("_DealCard", model);
    }
}
