using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace WebCrm.Web.Features.Errors;

/// <summary>Friendly pages for error status codes; the status code itself is kept.</summary>
[AllowAnonymous, Route("error")]
[IgnoreAntiforgeryToken]
public sealed class ErrorsController : Controller
{
    [Route("{code:int}")]
    public IActionResult Status(int code)
    {
        Response.StatusCode = code is >= 400 and < 600 ? code : 500;
        return View("Status", Response.StatusCode);
    }
}
