using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using WebCrm.Web.Infrastructure.Authorization;

namespace WebCrm.Web.Features.Administration;

[Route("admin"), Authorize(Policy = ModulePolicies.Administration)]
public sealed class AdministrationController : Controller
{
    [HttpGet("")]
    public IActionResult Index() => View();
}
