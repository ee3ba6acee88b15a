using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Calendar;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Calendar;

/// <summary>The activity page and what is done from it: mark done with a result, cancel, reopen, delete (one occurrence or more).</summary>
public sealed class ActivityPage(CrmDbContext db, ActivityAccess access, ActivityLinks links, CalendarClock clock, IStringLocalizer<SharedResource> l)
{
    public async Task<Result<ActivityViewModel>> PageAsync(int id, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, a) = await access.LoadAsync(id, principal, Operations.Read, ct, include: q => q.Include(x => x.Type).Include(x => x.Series));
        if (outcome != Outcome.Ok)
        {
            return Result<ActivityViewModel>.From(new Result(outcome));
        }
        var user = UserAccess.From(principal);
        var userIds = a!.Participants.Select(p => p.UserId).Append(a.ResponsibleId).ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var (company, contact, deal) = await links.NamesAsync(a.CompanyId, a.ContactPersonId, a.DealId, user, ct);
        var rule = a.Series is { } s ? SeriesRule(s) : null;
        return new ActivityViewModel(a.Id, a.Type!.Name(FormText.Language), a.Subject, a.Description, clock.ToLocal(a.StartUtc), clock.ToLocal(a.EndUtc),
            a.AllDay, a.Status, a.Result, names.GetValueOrDefault(a.ResponsibleId, ""),
            a.Participants.Select(p => names.GetValueOrDefault(p.UserId, "")).Order(StringComparer.CurrentCulture).ToList(),
            company is null ? null : a.CompanyId, company, contact is null ? null : a.ContactPersonId, contact, deal is null ? null : a.DealId, deal,
            a.RemindBeforeMinutes, a.RemindByEmail, a.SeriesId is not null, rule,
            await access.AllowsAsync(principal, a, Operations.Update), a.ConcurrencyStamp,
            a.Status == ActivityStatus.Planned && a.EndUtc < clock.UtcNow);
    }

    private string SeriesRule(ActivitySeries s)
    {
        var every = s.Frequency switch
        {
            RecurrenceFrequency.Daily => l["every {0} day(s)", s.Interval],
            RecurrenceFrequency.Weekly => l["every {0} week(s)", s.Interval],
            _ => l["every {0} month(s)", s.Interval],
        };
        return l["Repeats {0} until {1:d}", every, s.Until.ToDateTime(TimeOnly.MinValue)];
    }

    public async Task<Result> MarkDoneAsync(int id, ActivityDoneInput input, ClaimsPrincipal principal, CancellationToken ct) =>
        await ChangeAsync(id, input.ConcurrencyStamp, principal, a => a.MarkDone(FormText.Clean(input.Result), clock.UtcNow), ct);

    public async Task<Result> SetStatusAsync(int id, ActivityStatus status, Guid stamp, ClaimsPrincipal principal, CancellationToken ct) =>
        await ChangeAsync(id, stamp, principal, a =>
        {
            a.Status = status;
            a.CompletedAtUtc = status == ActivityStatus.Planned ? null : a.CompletedAtUtc;
            a.IsSeriesException = a.SeriesId is not null;
        }, ct);

    private async Task<Result> ChangeAsync(int id, Guid stamp, ClaimsPrincipal principal, Action<Activity> change, CancellationToken ct)
    {
        var (outcome, a) = await access.LoadAsync(id, principal, Operations.Update, ct, tracked: true);
        if (outcome != Outcome.Ok)
        {
            return new Result(outcome);
        }
        db.Entry(a!).Property(x => x.ConcurrencyStamp).OriginalValue = stamp;
        change(a!);
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

    public async Task<Result<ActivityDeleteViewModel>> DeleteInfoAsync(int id, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, a) = await access.LoadAsync(id, principal, Operations.Delete, ct);
        return outcome == Outcome.Ok
            ? new ActivityDeleteViewModel(id, a!.Subject, a.SeriesId is not null, a.ConcurrencyStamp)
            : Result<ActivityDeleteViewModel>.From(new Result(outcome));
    }

    /// <summary>Deletes the activity; with a series scope also the following (or all) planned, unchanged occurrences.</summary>
    public async Task<Result> DeleteAsync(int id, Guid stamp, SeriesScope scope, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, a) = await access.LoadAsync(id, principal, Operations.Delete, ct, tracked: true);
        if (outcome != Outcome.Ok)
        {
            return new Result(outcome);
        }
        db.Entry(a!).Property(x => x.ConcurrencyStamp).OriginalValue = stamp;
        db.Activities.Remove(a!);
        if (a!.SeriesId is { } seriesId && scope != SeriesScope.One)
        {
            var from = scope == SeriesScope.All ? DateTime.MinValue : a.StartUtc;
            db.Activities.RemoveRange(await db.Activities.Where(x => x.SeriesId == seriesId && x.Id != id && !x.IsSeriesException
                && x.Status == ActivityStatus.Planned && x.StartUtc >= from).ToListAsync(ct));
        }
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
