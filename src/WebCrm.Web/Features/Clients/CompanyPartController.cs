using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.DependencyInjection;
using WebCrm.Web.Infrastructure.Localization;
using WebCrm.Web.Infrastructure.Web;

namespace WebCrm.Web.Features.Clients;

/// <summary>The flow every part of the card shares: validate, save, redisplay with errors or the other user's values, remove.</summary>
public abstract class CompanyPartController(IStringLocalizer<SharedResource> l) : CrmController
{
    protected IStringLocalizer<SharedResource> L => l;

    /// <summary>Validates and saves; on a lost update redisplays the form with what is stored now next to what the user sent.</summary>
    protected async Task<IActionResult> SaveAsync<TInput, TForm>(int companyId, TInput input, IValidator<TInput> validator, string section, string view,
        Func<Task<Result<TInput>>> save, Func<TInput?, Task<Result<TForm>>> form, CancellationToken ct)
        where TInput : PartInput
    {
        if (!ModelState.AddErrors(await validator.ValidateAsync(input, ct)))
        {
            return Redisplay(await form(null), view, StatusCodes.Status422UnprocessableEntity);
        }
        var result = await save();
        switch (result.Outcome)
        {
            case Outcome.Ok:
                return await BackToCardAsync(companyId, section, l["Saved."].Value);
            case Outcome.Invalid:
                AddErrors(result.Errors);
                return Redisplay(await form(null), view, StatusCodes.Status422UnprocessableEntity);
            case Outcome.Conflict:
                ModelState.AddModelError("", l["Someone else saved this record while you were editing. Their values are shown below next to yours; check them and save again to keep yours."]);
                // Saving again now means "keep mine": the form carries the stamp of what the other user saved.
                input.ConcurrencyStamp = result.Value!.ConcurrencyStamp;
                ModelState.Remove(nameof(PartInput.ConcurrencyStamp));
                return Redisplay(await form(result.Value), view, StatusCodes.Status409Conflict);
            default:
                return Status(result);
        }
    }

    protected void AddErrors(IReadOnlyDictionary<string, string>? errors)
    {
        foreach (var (key, message) in errors ?? new Dictionary<string, string>())
        {
            ModelState.AddModelError(key, message);
        }
    }

    protected async Task<IActionResult> Removed(int companyId, string section, Result result) => result.Outcome switch
    {
        Outcome.Ok => await BackToCardAsync(companyId, section, l["Removed."].Value),
        Outcome.Conflict => await BackToCardAsync(companyId, section,
            l["Someone else changed this record after you opened it. Check it and remove it again if you still want to."].Value, ok: false),
        _ => Status(result),
    };

    /// <summary>
    /// After an action on a part of the card: an htmx request gets the card itself (replacing #company-card, with the
    /// message and the section's tab open); a plain form post is redirected to the card, the message in TempData.
    /// </summary>
    protected async Task<IActionResult> BackToCardAsync(int companyId, string section, string message, bool ok = true)
    {
        if (!Request.IsHtmx())
        {
            TempData[ok ? "Message" : "Error"] = message;
            return Redirect($"/clients/{companyId}?tab={section}");
        }
        var card = await HttpContext.RequestServices.GetRequiredService<CompanyCard>().CardAsync(companyId, User, HttpContext.RequestAborted);
        if (!card.Ok)
        {
            return Status(card);
        }
        Response.Headers["HX-Retarget"] = "#company-card";
        Response.Headers["HX-Reswap"] = "outerHTML";
        ViewData["Tab"] = section;
        ViewData[ok ? "Message" : "Error"] = message;
        return PartialView("_CompanyCard", card.Value);
    }

    protected IActionResult Redisplay<T>(Result<T> result, string view, int status)
    {
        if (!result.Ok)
        {
            return Status(result);
        }
        Response.StatusCode = status;
        return View(view, result.Value);
    }
}
