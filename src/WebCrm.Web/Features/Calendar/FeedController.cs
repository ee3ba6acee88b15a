using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Calendar;

public sealed record FeedViewModel(bool Enabled, DateTime? LastReadAtUtc, string? NewUrl);

/// <summary>The iCal feed: its settings page (issue, reissue, revoke) and the feed itself, read by phone calendars without a sign-in.</summary>
public sealed class FeedController(CalendarFeeds feeds, IStringLocalizer<SharedResource> l) : CrmController
{
    [HttpGet("calendar/feed"), Authorize(Policy = ModulePolicies.Calendar)]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var feed = await feeds.FindAsync(UserAccess.From(User).UserId, ct);
        var token = TempData["FeedToken"] as string;
        var url = token is null ? null : $"{Request.Scheme}://{Request.Host}/ical/{token}.ics";
        return View("Feed", new FeedViewModel(feed is not null, feed?.LastReadAtUtc, url));
    }

    [HttpPost("calendar/feed/issue"), Authorize(Policy = ModulePolicies.Calendar)]
    public async Task<IActionResult> Issue(CancellationToken ct)
    {
        TempData["FeedToken"] = await feeds.IssueAsync(UserAccess.From(User).UserId, ct);
        return Redirect("/calendar/feed");
    }

    [HttpPost("calendar/feed/revoke"), Authorize(Policy = ModulePolicies.Calendar)]
    public async Task<IActionResult> Revoke(CancellationToken ct)
    {
        await feeds.RevokeAsync(UserAccess.From(User).UserId, ct);
        TempData["Message"] = l["The feed is switched off; its address no longer works."].Value;
        return Redirect("/calendar/feed");
    }

    [HttpGet("ical/{token}.ics"), AllowAnonymous]
    public async Task<IActionResult> Feed(string token, CancellationToken ct)
    {
        var text = await feeds.FeedAsync(token, ct);
        if (text is null)
        {
            return NotFound();
        }
        Response.Headers.CacheControl = "private, no-store";
        return Content(text, "text/calendar; charset=utf-8");
    }
}
