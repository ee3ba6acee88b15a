using System.Linq.Expressions;
using WebCrm.Domain.Security;

namespace WebCrm.Domain.Calendar;

/// <summary>
/// Who sees and changes an activity. Everyone sees his own calendar: the activities he is responsible for or takes
/// part in (no right needed, <c>ViewOwn</c> null). Calendar.ViewOthers sees every user's activities; changing one that
/// is not his own needs Calendar.EditOthers on top, and so does planning one for somebody else (reassigning).
/// </summary>
public sealed class ActivityVisibility : VisibilityRule<Activity>
{
    public static readonly ActivityVisibility Instance = new();

    public override OwnershipPermissions Permissions { get; } = new(
        null, Security.Permissions.Calendar.ViewOthers, null, null,
        Security.Permissions.Calendar.EditOthers, Security.Permissions.Calendar.EditOthers);

    protected override Expression<Func<Activity, string, bool>> IsOwnedBy => (a, userId) =>
        a.ResponsibleId == userId || a.Participants.Any(p => p.UserId == userId);

    /// <summary>Whether the user may look at <paramref name="otherUserId"/>'s calendar.</summary>
    public bool SeesCalendarOf(UserAccess user, string otherUserId) => otherUserId == user.UserId || SeesAll(user);
}
