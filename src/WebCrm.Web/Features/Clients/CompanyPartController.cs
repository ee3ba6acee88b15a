using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
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
                TempData["Message"] = l["Saved."].Value;
                return Redirect($"/clients/{companyId}#{section}");
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

    protected IActionResult Removed(int companyId, string section, Result result)
    {
        switch (result.Outcome)
        {
            case Outcome.Ok:
                TempData["Message"] = l["Removed."].Value;
                return Redirect($"/clients/{companyId}#{section}");
            case Outcome.Conflict:
                TempData["Error"] = l["Someone else changed this record after you opened it. Check it and remove it again if you still want to."].Value;
                return Redirect($"/clients/{companyId}#{section}");
            default:
                return Status(result);
        }
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
