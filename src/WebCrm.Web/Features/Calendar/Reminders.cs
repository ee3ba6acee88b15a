using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Calendar;
using WebCrm.Domain.Security;

namespace WebCrm.Web.Features.Calendar;

public sealed record ReminderLine(int ActivityId, string Subject, DateTime StartLocal, bool AllDay);

/// <summary>
/// The in-app reminders: a reminder is due once its time has come, for a planned activity of the user's own calendar,
/// until he dismisses it. No job is needed for these: the badge and the list read the due ones.
/// </summary>
public sealed class Reminders(CrmDbContext db, CalendarClock clock)
{
    public const int MaxListed = 50;

    private IQueryable<Activity> Due(string userId)
    {
        var now = clock.UtcNow;
        return db.Activities.AsNoTracking().Where(a => a.RemindAtUtc <= now && a.ReminderDismissedAtUtc == null
            && a.Status == ActivityStatus.Planned && a.ResponsibleId == userId);
    }

    public Task<int> CountAsync(string userId, CancellationToken ct) => Due(userId).OrderBy(a => a.Id).Take(100).CountAsync(ct);

    public async Task<IReadOnlyList<ReminderLine>> ListAsync(string userId, CancellationToken ct) =>
        (await Due(userId).OrderByDescending(a => a.RemindAtUtc).Take(MaxListed).Select(a => new { a.Id, a.Subject, a.StartUtc, a.AllDay }).ToListAsync(ct))
            .Select(a => new ReminderLine(a.Id, a.Subject, clock.ToLocal(a.StartUtc), a.AllDay)).ToList();

    /// <summary>Dismisses one of the user's own reminders (someone else's id changes nothing).</summary>
    public async Task<Result> DismissAsync(int activityId, string userId, CancellationToken ct)
    {
        var now = clock.UtcNow;
        var n = await db.Activities.Where(a => a.Id == activityId && a.ResponsibleId == userId && a.RemindAtUtc <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ReminderDismissedAtUtc, now), ct);
        return n == 0 ? Result.NotFound : Result.Success(activityId);
    }
}

/// <summary>The top bar's reminder badge (a link to the list), shown when reminders are due.</summary>
public sealed class ReminderBadgeViewComponent(Reminders reminders) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var userId = UserAccess.From(UserClaimsPrincipal).UserId;
        var count = string.IsNullOrEmpty(userId) ? 0 : await reminders.CountAsync(userId, HttpContext.RequestAborted);
        return View("~/Features/Calendar/Views/_ReminderBadge.cshtml", count);
    }
}
