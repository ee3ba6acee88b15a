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
    protected IActionResult Status(Outcome outcome) => outcome == Outcome.Forbidden ? Forbid() : NotFound();

    protected IActionResult Respond<T>((Outcome Outcome, T? Model) result, string view) =>
        result.Outcome == Outcome.Ok ? View(view, result.Model) : Status(result.Outcome);
}
