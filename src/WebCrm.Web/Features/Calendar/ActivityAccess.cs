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
    /// <summary>
    /// The rule as key sets: "his activity, or one of the activities he takes part in", the second an uncorrelated id set
    /// PostgreSQL hashes once, instead of a correlated EXISTS per activity (the same records as
    /// <see cref="ActivityVisibility"/>; everyone sees his own, so only "view others" widens it).
    /// </summary>
    public override IQueryable<Activity> Query(UserAccess user)
    {
        var activities = Db.Activities.AsNoTracking();
        if (Rule.SeesAll(user))
        {
            return activities;
        }
        var userId = user.UserId;
        var taking = Db.ActivityParticipants.AsNoTracking().Where(p => p.UserId == userId).Select(p => p.ActivityId);
        return activities.Where(a => a.ResponsibleId == userId || taking.Contains(a.Id));
    }

    protected override IQueryable<Activity> WithRuleData(IQueryable<Activity> records) => records.Include(a => a.Participants);

    /// <summary>
    /// The activities in the calendar of <paramref name="userId"/> (his own or one he takes part in) overlapping [from, to),
    /// as far as <paramref name="viewer"/> may see them: two index ranges (his own by responsible and start; those he
    /// takes part in by key) joined with UNION ALL rather than one OR no index serves.
    /// </summary>
    public IQueryable<Activity> CalendarOf(UserAccess viewer, string userId, DateTime fromUtc, DateTime toUtc)
    {
        var earliest = fromUtc.AddDays(-ActivityRules.MaxDurationDays);
        var visible = Query(viewer);
        var own = visible.Where(a => a.ResponsibleId == userId && a.StartUtc >= earliest && a.StartUtc < toUtc && a.EndUtc > fromUtc);
        var taking = Db.ActivityParticipants.AsNoTracking().Where(p => p.UserId == userId).Select(p => p.ActivityId);
        var part = visible.Where(a => a.ResponsibleId != userId && taking.Contains(a.Id) && a.StartUtc >= earliest && a.StartUtc < toUtc && a.EndUtc > fromUtc);
        return own.Concat(part);
    }

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
