using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using WebCrm.Web.Infrastructure.Authorization;

namespace WebCrm.Web.Features.Calendar;

/// <summary>The day, week and month views (<c>u</c> repeated for several users side by side).</summary>
[Route("calendar"), Authorize(Policy = ModulePolicies.Calendar)]
public sealed class CalendarController(CalendarBoard board) : CrmController
{
    [HttpGet("")]
    public Task<IActionResult> Index(DateOnly? date, [FromQuery(Name = "u")] List<string>? users, CancellationToken ct) => Show(CalendarMode.Week, date, users, ct);

    [HttpGet("day")]
    public Task<IActionResult> Day(DateOnly? date, [FromQuery(Name = "u")] List<string>? users, CancellationToken ct) => Show(CalendarMode.Day, date, users, ct);

    [HttpGet("week")]
    public Task<IActionResult> Week(DateOnly? date, [FromQuery(Name = "u")] List<string>? users, CancellationToken ct) => Show(CalendarMode.Week, date, users, ct);

    [HttpGet("month")]
    public Task<IActionResult> Month(DateOnly? date, [FromQuery(Name = "u")] List<string>? users, CancellationToken ct) => Show(CalendarMode.Month, date, users, ct);

    private async Task<IActionResult> Show(CalendarMode mode, DateOnly? date, List<string>? users, CancellationToken ct)
    {
        if (!ModelState.IsValid || date is { Year: < 2000 or > 2100 })
        {
            return BadRequest();
        }
        return Respond(await board.BuildAsync(mode, date, users ?? [], User, ct), mode.ToString());
    }
}
