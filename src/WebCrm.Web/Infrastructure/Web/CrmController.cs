using Microsoft.AspNetCore.Mvc;

namespace WebCrm.Web.Infrastructure.Web;

/// <summary>What a module service says about a request on a record.</summary>
public enum Outcome
{
    Ok,
    /// <summary>The record does not exist or the user cannot see it: answered 404 so existence is not revealed.</summary>
    NotFound,
    /// <summary>The user sees the record but lacks the right for this action: 403.</summary>
    Forbidden,
    Invalid,
    Conflict,
}

/// <summary>Base of the module controllers: turns a service's <see cref="Outcome"/> into the response every module gives.</summary>
public abstract class CrmController : Controller
{
    /// <summary>The response to a refusal: 403 for a record the user sees but may not change, 404 for one he cannot see (or that is gone).</summary>
    protected IActionResult Status(Outcome outcome) => outcome switch
    {
        Outcome.Forbidden => Forbid(),
        Outcome.Invalid or Outcome.Conflict => BadRequest(),
        _ => NotFound(),
    };

    protected IActionResult Status(Features.Shared.Result result) => Status(result.Outcome);

    /// <summary>The same form again, answered 422, with the service's errors next to their fields.</summary>
    protected ViewResult Unprocessable(Features.Shared.Result result, string view, object? model)
    {
        ModelState.AddErrors(result);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(view, model);
    }

    protected IActionResult Respond<T>(Features.Shared.Result<T> result, string view) =>
        result.Ok ? View(view, result.Value) : Status(result.Outcome);

    /// <summary>
    /// The answer to a saved settings form: on success back to <paramref name="next"/> with <paramref name="saved"/>;
    /// 404 for a record that is gone; after a lost update the record as it is stored now (with its fresh stamp) and the
    /// reason above the form, so the user's text overwrites nothing; otherwise the same form with the service's
    /// errors next to the fields.
    /// </summary>
    protected async Task<IActionResult> AfterSaveAsync(Features.Shared.Result result, string saved, string next,
        Func<Task<IActionResult>> stored, Func<Task<IActionResult>> form)
    {
        switch (result.Outcome)
        {
            case Outcome.Ok:
                TempData["Message"] = saved;
                return Redirect(next);
            case Outcome.NotFound:
                return NotFound();
            case Outcome.Conflict:
                ModelState.Clear();
                ModelState.AddModelError("", result.Message!);
                return await stored();
            default:
                ModelState.AddErrors(result);
                return await form();
        }
    }
}
