using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using WebCrm.Web.Infrastructure.Authorization;

namespace WebCrm.Web.Features.Modules;

/// <summary>Modules whose issue has not landed yet: guarded by their real policy, showing a plain notice.</summary>
public sealed class ModulesController : Controller
{
    private ViewResult NotBuilt(string module) => View("NotBuilt", module);
}
