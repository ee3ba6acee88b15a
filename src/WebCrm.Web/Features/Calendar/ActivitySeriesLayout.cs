using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Calendar;

namespace WebCrm.Web.Features.Calendar;

/// <summary>
/// Lays a recurring activity's occurrences out as activities of their own and re-lays them when the series changes.
/// Done, cancelled and individually changed occurrences are history and stay as they are; only planned, unchanged
/// occurrences are replaced.
/// </summary>
public sealed class ActivitySeriesLayout(CrmDbContext db, CalendarClock clock)
{
    /// <summary>Copies the form onto one activity (its times from the form's local date and time).</summary>
    public void Apply(ActivityInput input, Activity a)
    {
        a.TypeId = input.TypeId!.Value;
        a.Subject = input.Subject!.Trim();
        a.Description = FormText.Clean(input.Description);
        a.AllDay = input.AllDay;
        a.StartUtc = clock.ToUtc(ActivityInputValidator.Start(input));
        a.EndUtc = clock.ToUtc(ActivityInputValidator.End(input));
        a.CompanyId = input.CompanyId;
        a.ContactPersonId = input.ContactPersonId;
        a.DealId = input.DealId;
        a.SetReminder(input.RemindBeforeMinutes, input.RemindByEmail);
        var wanted = input.ParticipantIds.ToHashSet();
        a.Participants.RemoveAll(p => !wanted.Contains(p.UserId));
        foreach (var id in wanted.Where(w => a.Participants.All(p => p.UserId != w)))
        {
            a.Participants.Add(new ActivityParticipant { UserId = id });
        }
    }

    /// <summary>Makes <paramref name="first"/> (already filled from the form) the first occurrence of a new series and adds the others.</summary>
    public async Task CreateSeriesAsync(Activity first, ActivityInput input, CancellationToken ct)
    {
        var series = NewSeries(input, ActivityInputValidator.Start(input));
        db.ActivitySeries.Add(series);
        first.Series = series;
        if (db.Entry(first).State == EntityState.Detached)
        {
            db.Activities.Add(first);
        }
        var starts = Recurrence.LocalStarts(series.FirstStartLocal, series.Frequency, series.Interval, series.Until);
        foreach (var start in starts.Skip(1))
        {
            db.Activities.Add(Occurrence(first, input, start, series));
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Applies the form to this occurrence and the following ones, or to the whole series.</summary>
    public async Task ChangeSeriesAsync(Activity activity, ActivityInput input, CancellationToken ct)
    {
        var series = activity.Series!;
        var following = input.Scope == SeriesScope.Following;
        var fromUtc = following ? activity.StartUtc : DateTime.MinValue;
        var replaced = await db.Activities.Include(a => a.Participants)
            .Where(a => a.SeriesId == series.Id && a.Id != activity.Id && !a.IsSeriesException && a.Status == ActivityStatus.Planned && a.StartUtc >= fromUtc)
            .ToListAsync(ct);
        var kept = await db.Activities.AsNoTracking()
            .Where(a => a.SeriesId == series.Id && a.Id != activity.Id && (a.IsSeriesException || a.Status != ActivityStatus.Planned))
            .Select(a => a.StartUtc).ToListAsync(ct);
        var keptDays = kept.Select(k => DateOnly.FromDateTime(clock.ToLocal(k))).ToHashSet();
        var earlierRemain = kept.Any(k => k < activity.StartUtc) || (following && await db.Activities.AnyAsync(a => a.SeriesId == series.Id && a.StartUtc < activity.StartUtc, ct));
        db.Activities.RemoveRange(replaced);
        var activityDay = DateOnly.FromDateTime(clock.ToLocal(activity.StartUtc));
        Apply(input, activity);
        if (input.Repeat is null)
        {
            // Repetition switched off: this occurrence stays alone; the series ends before it (or is left with its history).
            if (following)
            {
                series.Until = activityDay.AddDays(-1);
            }
            activity.SeriesId = null;
            activity.Series = null;
            activity.IsSeriesException = false;
            await db.SaveChangesAsync(ct);
            return;
        }
        var target = series;
        DateTime firstLocal;
        if (following && earlierRemain)
        {
            series.Until = activityDay.AddDays(-1);
            firstLocal = ActivityInputValidator.Start(input);
            target = NewSeries(input, firstLocal);
            db.ActivitySeries.Add(target);
        }
        else
        {
            firstLocal = following ? ActivityInputValidator.Start(input)
                : series.FirstStartLocal.Date + ActivityInputValidator.Start(input).TimeOfDay;
            target.Frequency = input.Repeat.Value;
            target.Interval = input.RepeatInterval;
            target.Until = input.RepeatUntil!.Value;
            target.FirstStartLocal = firstLocal;
        }
        var fromDay = replaced.Select(r => DateOnly.FromDateTime(clock.ToLocal(r.StartUtc))).Append(following ? DateOnly.FromDateTime(firstLocal) : activityDay).Min();
        if (!following)
        {
            fromDay = DateOnly.MinValue;
        }
        var starts = Recurrence.LocalStarts(firstLocal, target.Frequency, target.Interval, target.Until)
            .Where(s => DateOnly.FromDateTime(s) >= fromDay && !keptDays.Contains(DateOnly.FromDateTime(s))).ToList();
        if (starts.Count == 0)
        {
            db.Activities.Remove(activity);
            await db.SaveChangesAsync(ct);
            return;
        }
        var duration = ActivityInputValidator.End(input) - ActivityInputValidator.Start(input);
        activity.StartUtc = clock.ToUtc(starts[0]);
        activity.EndUtc = clock.ToUtc(starts[0] + duration);
        activity.SetReminder(input.RemindBeforeMinutes, input.RemindByEmail);
        activity.Series = target;
        activity.IsSeriesException = false;
        foreach (var start in starts.Skip(1))
        {
            db.Activities.Add(Occurrence(activity, input, start, target));
        }
        await db.SaveChangesAsync(ct);
    }

    private ActivitySeries NewSeries(ActivityInput input, DateTime firstLocal) => new()
    {
        Frequency = input.Repeat!.Value,
        Interval = input.RepeatInterval,
        Until = input.RepeatUntil!.Value,
        FirstStartLocal = DateTime.SpecifyKind(firstLocal, DateTimeKind.Unspecified),
        TimeZoneId = clock.Zone.Id,
    };

    private Activity Occurrence(Activity template, ActivityInput input, DateTime startLocal, ActivitySeries series)
    {
        var duration = ActivityInputValidator.End(input) - ActivityInputValidator.Start(input);
        var a = new Activity
        {
            TypeId = template.TypeId, Subject = template.Subject, Description = template.Description, AllDay = template.AllDay,
            ResponsibleId = template.ResponsibleId, CompanyId = template.CompanyId, ContactPersonId = template.ContactPersonId, DealId = template.DealId,
            StartUtc = clock.ToUtc(startLocal), EndUtc = clock.ToUtc(startLocal + duration), Series = series,
            Participants = template.Participants.Select(p => new ActivityParticipant { UserId = p.UserId }).ToList(),
        };
        a.SetReminder(input.RemindBeforeMinutes, input.RemindByEmail);
        return a;
    }
}
