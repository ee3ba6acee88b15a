using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Calendar;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Authorization;

namespace WebCrm.Web.Features.Calendar;

/// <summary>
/// Who sees and changes an activity (<see cref="ActivityVisibility"/>): the calendar views, the activity page, the
/// cards' history and plans, the agenda, the analysis, the company list's contact dates and the feed all ask here.
/// </summary>
public sealed class ActivityAccess(CrmDbContext db, IAuthorizationService authorization)
    : RecordAccess<Activity>(db, authorization, ActivityVisibility.Instance)
{
    protected override IQueryable<Activity> WithRuleData(IQueryable<Activity> records) => records.Include(a => a.Participants);

    /// <summary>The activities in the calendar of <paramref name="userId"/> (his own or one he takes part in) overlapping [from, to), as far as <paramref name="viewer"/> may see them.</summary>
    public IQueryable<Activity> CalendarOf(UserAccess viewer, string userId, DateTime fromUtc, DateTime toUtc) =>
        Query(viewer)
            .Where(a => (a.ResponsibleId == userId || a.Participants.Any(p => p.UserId == userId))
                && a.StartUtc >= fromUtc.AddDays(-ActivityRules.MaxDurationDays) && a.StartUtc < toUtc && a.EndUtc > fromUtc);

    /// <summary>Whether the user may open <paramref name="otherUserId"/>'s calendar (his own always; others' with Calendar.ViewOthers).</summary>
    public bool SeesCalendarOf(UserAccess user, string otherUserId) => ActivityVisibility.Instance.SeesCalendarOf(user, otherUserId);
}

/// <summary>Read, Update, Delete and Reassign on one activity by <see cref="ActivityVisibility"/>; loaded with its participants.</summary>
public sealed class ActivityAuthorizationHandler() : OwnedResourceAuthorizationHandler<Activity>(ActivityVisibility.Instance);

public static class ActivityRules
{
    /// <summary>The longest activity: bounds the range the calendar views scan.</summary>
    public const int MaxDurationDays = 31;
    public const int MaxParticipants = 50;
    /// <summary>Reminder offsets offered (minutes before the start).</summary>
    public static readonly int[] ReminderChoices = [0, 5, 15, 30, 60, 120, 1440];
}
