using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using WebCrm.Web.Infrastructure.Authorization;

namespace WebCrm.Web.Features.Calendar;

[Route("calendar/analysis"), Authorize(Policy = ModulePolicies.Calendar)]
public sealed class AnalysisController(ContactAnalysis analysis) : CrmController
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] AnalysisQuery query, CancellationToken ct) =>
        ModelState.IsValid && Enum.IsDefined(query.By) ? Respond(await analysis.BuildAsync(query, User, ct), "Analysis") : BadRequest();
}
