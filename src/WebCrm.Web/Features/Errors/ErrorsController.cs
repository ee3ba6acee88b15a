using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace WebCrm.Web.Features.Errors;

/// <summary>Friendly pages for error status codes; the status code itself is kept.</summary>
/// <remarks>
/// No parameters: model binding would read the form of the re-executed request, which may be the malformed body
/// that caused the error in the first place.
/// </remarks>
[AllowAnonymous, Route("error")]
[IgnoreAntiforgeryToken]
public sealed class ErrorsController : Controller
{
    [Route("{code:int}")]
    public IActionResult Status()
    {
        var code = int.TryParse(RouteData.Values["code"]?.ToString(), out var c) ? c : 500;
        Response.StatusCode = code is >= 400 and < 600 ? code : 500;
        return View("Status", Response.StatusCode);
    }
}
