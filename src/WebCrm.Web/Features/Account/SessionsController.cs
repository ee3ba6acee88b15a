using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Account;

/// <summary>The signed-in user's sessions, and an administrator ending all sessions of a user.</summary>
public sealed class SessionsController(AccountSessions sessions, IStringLocalizer<SharedResource> l) : Controller
{
    [HttpGet("account/sessions")]
    public async Task<IActionResult> Index(CancellationToken ct) => View("Sessions", await sessions.ActiveAsync(User, ct));

    [HttpPost("account/sessions/end-others")]
    public async Task<IActionResult> EndOthers()
    {
        var ended = await sessions.EndOthersAsync(User);
        TempData["Message"] = l["Sessions ended: {0}.", ended].Value;
        return Redirect("/account/sessions");
    }

    [HttpPost("account/sessions/{sessionId}/end")]
    public async Task<IActionResult> End(string sessionId)
    {
        await sessions.EndAsync(User, sessionId);
        return Redirect("/account/sessions");
    }

    [HttpPost("admin/users/{id}/sessions/end"), Authorize(Policy = Permissions.Users.Manage)]
    public async Task<IActionResult> EndAllOf(string id)
    {
        if (!await sessions.EndAllOfAsync(id))
        {
            return NotFound();
        }
        TempData["Message"] = l["Every session of this user has ended."].Value;
        return Redirect($"/admin/users/{id}");
    }
}
