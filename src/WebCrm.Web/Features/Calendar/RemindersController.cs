using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Authorization;

namespace WebCrm.Web.Features.Calendar;

[Route("calendar/reminders"), Authorize(Policy = ModulePolicies.Calendar)]
public sealed class RemindersController(Reminders reminders) : CrmController
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View("Reminders", await reminders.ListAsync(UserAccess.From(User).UserId, ct));

    [HttpPost("{id:int}/dismiss")]
    public async Task<IActionResult> Dismiss(int id, CancellationToken ct)
    {
        var result = await reminders.DismissAsync(id, UserAccess.From(User).UserId, ct);
        return result.Ok ? Redirect("/calendar/reminders") : Status(result);
    }
}
