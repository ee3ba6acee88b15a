using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Calendar;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Calendar;

/// <summary>
/// Moves a planned activity to another day, keeping its local start time and its length (an all-day activity keeps its
/// days): from the activity page's "Move to" form, and from dragging it in the week view, which submits the same form.
/// Needs the right to change the activity and the stamp the user saw; a moved occurrence leaves its series' changes.
/// </summary>
public sealed class ActivityMoving(CrmDbContext db, ActivityAccess access, CalendarClock clock, IStringLocalizer<SharedResource> l)
{
    public async Task<Result> MoveAsync(int id, DateOnly date, Guid stamp, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, a) = await access.LoadAsync(id, principal, Operations.Update, ct, tracked: true);
        if (outcome != Outcome.Ok)
        {
            return new Result(outcome);
        }
        if (a!.Status != ActivityStatus.Planned)
        {
            return Result.Invalid("date", l["Only a planned activity can be moved."]);
        }
        var start = clock.ToLocal(a.StartUtc);
        var days = date.DayNumber - DateOnly.FromDateTime(start).DayNumber;
        db.Entry(a).Property(x => x.ConcurrencyStamp).OriginalValue = stamp;
        a.MoveTo(clock.ToUtc(start.AddDays(days)), clock.ToUtc(clock.ToLocal(a.EndUtc).AddDays(days)));
        a.IsSeriesException = a.SeriesId is not null;
        try
        {
            await db.SaveChangesAsync(ct);
            return Result.Success(id);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result.Conflicted(l["Someone changed this activity after you opened it. Check it and try again."]);
        }
    }
}
