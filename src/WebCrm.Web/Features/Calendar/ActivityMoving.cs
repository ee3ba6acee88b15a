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
/// days), or to another day and start time when <c>time</c> is given (a timed activity only): from the activity page's
/// "Move to" form, and from dragging it in the week view, which submits the same form with the day alone.
/// Needs the right to change the activity and the stamp the user saw; a moved occurrence leaves its series' changes.
/// </summary>
public sealed class ActivityMoving(CrmDbContext db, ActivityAccess access, CalendarClock clock, IStringLocalizer<SharedResource> l)
{
    public async Task<Result> MoveAsync(int id, DateOnly date, TimeOnly? time, Guid stamp, ClaimsPrincipal principal, CancellationToken ct)
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
        var end = clock.ToLocal(a.EndUtc);
        db.Entry(a).Property(x => x.ConcurrencyStamp).OriginalValue = stamp;
        if (time is { } at && !a.AllDay)
        {
            // A new start on the wall clock; the length stays as it was.
            var newStart = date.ToDateTime(at);
            a.MoveTo(clock.ToUtc(newStart), clock.ToUtc(newStart + (end - start)));
        }
        else
        {
            var days = date.DayNumber - DateOnly.FromDateTime(start).DayNumber;
            a.MoveTo(clock.ToUtc(start.AddDays(days)), clock.ToUtc(end.AddDays(days)));
        }
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
