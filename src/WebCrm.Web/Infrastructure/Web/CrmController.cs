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

    protected IActionResult Respond<T>(Features.Shared.Result<T> result, string view) =>
        result.Ok ? View(view, result.Value) : Status(result.Outcome);

}
