using Microsoft.AspNetCore.Mvc;

namespace WebCrm.Web.Features.Home;

[Route("")]
public sealed class HomeController : Controller
{
    [HttpGet("")]
    public IActionResult Index() => View();
}
