using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Calendar;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Calendar;

/// <summary>
/// The activity form: new (from the calendar, a company card, a contact person or a deal card, links pre-filled), edit
/// (one occurrence, this and the following ones, or the whole series), create (one activity or a series laid out by
/// <see cref="Recurrence"/>), update under the stamp the user loaded.
/// </summary>
public sealed class ActivityEditing(
    CrmDbContext db, ActivityAccess access, ActivityLinks links, ActivitySeriesLayout layout, ReferenceLookup lookup, CalendarClock clock,
    IStringLocalizer<SharedResource> l)
{
    public async Task<Result<ActivityFormViewModel>> NewFormAsync(int? companyId, int? contactId, int? dealId, DateOnly? date, TimeOnly? time,
        string? forUser, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = UserAccess.From(principal);
        var types = await lookup.OptionsAsync(ReferenceListKind.ActivityType, null, ct);
        var start = time ?? new TimeOnly(Math.Clamp(clock.ToLocal(clock.UtcNow).Hour + 1, 8, 18), 0);
        var input = new ActivityInput
        {
            TypeId = types.FirstOrDefault()?.Id,
            CompanyId = companyId, ContactPersonId = contactId, DealId = dealId,
            StartDate = date ?? clock.Today, StartTime = start, EndTime = start.AddHours(1),
            ResponsibleId = access.ResponsibleOnCreate(user, forUser),
        };
        // Links the user cannot see are dropped rather than shown.
        var errors = new Dictionary<string, string>();
        await links.CheckAsync(input, user, errors, ct);
        if (errors.Count > 0)
        {
            input.CompanyId = input.ContactPersonId = input.DealId = null;
        }
        return await FormAsync(null, input, user, false, ct);
    }

    public async Task<Result<ActivityFormViewModel>> EditFormAsync(int id, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, activity) = await access.LoadAsync(id, principal, Operations.Update, ct, include: q => q.Include(a => a.Series));
        if (outcome != Outcome.Ok)
        {
            return new(outcome);
        }
        return await FormAsync(id, ToInput(activity!), UserAccess.From(principal), activity!.SeriesId is not null, ct);
    }

    public async Task<ActivityFormViewModel> FormAsync(int? id, ActivityInput input, UserAccess user, bool inSeries, CancellationToken ct)
    {
        var company = await links.CompanyNameAsync(input.CompanyId, user, ct);
        return new ActivityFormViewModel
        {
            Id = id,
            Input = input,
            Types = (await lookup.OptionsAsync(ReferenceListKind.ActivityType, input.TypeId, ct)).AsOptions(),
            Users = (await lookup.UsersAsync(input.ResponsibleId, ct)).AsOptions(),
            CompanyName = company,
            Contacts = company is null ? [] : await links.ContactsAsync(input.CompanyId!.Value, ct),
            Deals = company is null ? [] : await links.DealsAsync(input.CompanyId!.Value, user, ct),
            CanPlanForOthers = user.Has(Permissions.Calendar.EditOthers),
            InSeries = inSeries,
        };
    }

    public async Task<Result> CreateAsync(ActivityInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = UserAccess.From(principal);
        input.ResponsibleId = access.ResponsibleOnCreate(user, input.ResponsibleId);
        var errors = await CheckAsync(input, null, user, ct);
        if (errors.Count > 0)
        {
            return Result.Invalid(errors);
        }
        var first = new Activity { ResponsibleId = input.ResponsibleId };
        layout.Apply(input, first);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (input.Repeat is not null)
        {
            await layout.CreateSeriesAsync(first, input, ct);
        }
        else
        {
            db.Activities.Add(first);
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return Result.Success(first.Id);
    }

    public async Task<Result> UpdateAsync(int id, ActivityInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, activity) = await access.LoadAsync(id, principal, Operations.Update, ct, tracked: true, include: q => q.Include(a => a.Series));
        if (outcome != Outcome.Ok)
        {
            return new Result(outcome);
        }
        var user = UserAccess.From(principal);
        if (!string.IsNullOrEmpty(input.ResponsibleId) && input.ResponsibleId != activity!.ResponsibleId
            && !await access.AllowsAsync(principal, activity, Operations.Reassign))
        {
            return Result.Forbidden;
        }
        input.ResponsibleId = string.IsNullOrEmpty(input.ResponsibleId) ? activity!.ResponsibleId : input.ResponsibleId;
        var errors = await CheckAsync(input, activity, user, ct);
        if (errors.Count > 0)
        {
            return Result.Invalid(errors);
        }
        db.Entry(activity!).Property(a => a.ConcurrencyStamp).OriginalValue = input.ConcurrencyStamp;
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (activity!.SeriesId is not null && input.Scope != SeriesScope.One)
            {
                await layout.ChangeSeriesAsync(activity, input, ct);
            }
            else
            {
                layout.Apply(input, activity);
                activity.ResponsibleId = input.ResponsibleId!;
                activity.IsSeriesException = activity.SeriesId is not null;
                if (activity.SeriesId is null && input.Repeat is not null)
                {
                    await layout.CreateSeriesAsync(activity, input, ct);
                }
                await db.SaveChangesAsync(ct);
            }
            await tx.CommitAsync(ct);
            return Result.Success(id);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Result.Conflicted(l["Someone changed this activity after you opened it. Check it and try again."]);
        }
    }

    /// <summary>The type must be an active activity type, the users active ones, the links records the user may see.</summary>
    private async Task<Dictionary<string, string>> CheckAsync(ActivityInput input, Activity? existing, UserAccess user, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        if (input.TypeId != existing?.TypeId
            && !await db.ReferenceItems.AnyAsync(r => r.Id == input.TypeId && r.Kind == ReferenceListKind.ActivityType && r.IsActive, ct))
        {
            errors[nameof(ActivityInput.TypeId)] = l["Choose a value from the list."];
        }
        if (input.ResponsibleId != existing?.ResponsibleId && !await db.Users.AnyAsync(u => u.Id == input.ResponsibleId && !u.IsDisabled, ct))
        {
            errors[nameof(ActivityInput.ResponsibleId)] = l["Choose a value from the list."];
        }
        input.ParticipantIds = input.ParticipantIds.Where(p => !string.IsNullOrEmpty(p) && p != input.ResponsibleId).Distinct().ToList();
        if (input.ParticipantIds.Count > 0 && await db.Users.CountAsync(u => input.ParticipantIds.Contains(u.Id) && !u.IsDisabled, ct) != input.ParticipantIds.Count)
        {
            errors[nameof(ActivityInput.ParticipantIds)] = l["Choose a value from the list."];
        }
        var unchangedLinks = existing is not null && existing.CompanyId == input.CompanyId && existing.ContactPersonId == input.ContactPersonId
            && existing.DealId == input.DealId;
        if (!unchangedLinks)
        {
            await links.CheckAsync(input, user, errors, ct);
        }
        return errors;
    }

    private ActivityInput ToInput(Activity a)
    {
        var start = clock.ToLocal(a.StartUtc);
        var end = clock.ToLocal(a.EndUtc);
        return new ActivityInput
        {
            TypeId = a.TypeId, Subject = a.Subject, Description = a.Description, AllDay = a.AllDay,
            StartDate = DateOnly.FromDateTime(start), StartTime = a.AllDay ? null : TimeOnly.FromDateTime(start),
            EndDate = a.AllDay ? DateOnly.FromDateTime(end.AddDays(-1)) : DateOnly.FromDateTime(end), EndTime = a.AllDay ? null : TimeOnly.FromDateTime(end),
            ResponsibleId = a.ResponsibleId, ParticipantIds = a.Participants.Select(p => p.UserId).ToList(),
            CompanyId = a.CompanyId, ContactPersonId = a.ContactPersonId, DealId = a.DealId,
            RemindBeforeMinutes = a.RemindBeforeMinutes, RemindByEmail = a.RemindByEmail,
            Repeat = a.Series?.Frequency, RepeatInterval = a.Series?.Interval ?? 1, RepeatUntil = a.Series?.Until,
            Scope = SeriesScope.One, ConcurrencyStamp = a.ConcurrencyStamp,
        };
    }
}
