using Microsoft.AspNetCore.Mvc;

namespace WebCrm.Web.Features.Home;

[Route("")]
public sealed class HomeController(HomeDashboard dashboard) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await dashboard.LoadAsync(User, ct));
}
