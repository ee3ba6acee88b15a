using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Calendar;
using WebCrm.Web.Features.Packages.Outbox;

namespace WebCrm.Web.Features.Calendar;

/// <summary>
/// One pass of the email reminders: claims due reminders under a five-minute lease, then writes their letters into the
/// mail outbox (<see cref="MailOutbox"/>, which delivers them and survives a mail-server outage) and marks them emailed
/// in the same transaction, so a reminder becomes exactly one letter. Nothing is claimed while no <c>Smtp:Host</c> is set.
/// Safe with several app instances on one PostgreSQL: the claim locks the rows with FOR UPDATE SKIP LOCKED (another
/// instance skips them) and the lease keeps them from being claimed again while they are written; a pass that failed
/// leaves its claims to expire and be taken again, at most five times. SQLite has one writer at a time, so its claim is a
/// plain conditional update. Reminders more than a day late are not emailed (they still show in the app).
/// </summary>
public sealed class ReminderSender(CrmDbContext db, MailOutbox outbox, CalendarClock clock, IConfiguration configuration)
{
    public const int Batch = 50;
    public const int MaxAttempts = 5;
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(configuration["Smtp:Host"]))
        {
            return 0;
        }
        var claim = Guid.NewGuid();
        var now = clock.UtcNow;
        var leaseUntil = now + Lease;
        var oldest = now.AddDays(-1);
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                UPDATE "Activities" SET "ReminderClaim" = {claim}, "ReminderLeaseUntilUtc" = {leaseUntil}, "ReminderAttempts" = "ReminderAttempts" + 1
                WHERE "Id" IN (SELECT "Id" FROM "Activities"
                    WHERE "RemindByEmail" AND "ReminderEmailedAtUtc" IS NULL AND "ReminderDismissedAtUtc" IS NULL AND "Status" = {(int)ActivityStatus.Planned}
                      AND "RemindAtUtc" <= {now} AND "RemindAtUtc" > {oldest}
                      AND ("ReminderLeaseUntilUtc" IS NULL OR "ReminderLeaseUntilUtc" < {now}) AND "ReminderAttempts" < {MaxAttempts}
                    ORDER BY "RemindAtUtc" LIMIT {Batch} FOR UPDATE SKIP LOCKED)
                """, ct);
        }
        else
        {
            var ids = Claimable(now, oldest).OrderBy(a => a.RemindAtUtc).Select(a => a.Id).Take(Batch);
            await Claimable(now, oldest).Where(a => ids.Contains(a.Id)).ExecuteUpdateAsync(s => s
                .SetProperty(a => a.ReminderClaim, claim).SetProperty(a => a.ReminderLeaseUntilUtc, leaseUntil)
                .SetProperty(a => a.ReminderAttempts, a => a.ReminderAttempts + 1), ct);
        }
        var claimed = await (from a in db.Activities.AsNoTracking().Where(a => a.ReminderClaim == claim)
                             join u in db.Users.AsNoTracking() on a.ResponsibleId equals u.Id
                             select new { a.Id, a.Subject, a.StartUtc, a.AllDay, u.Email, u.DisplayName }).ToListAsync(ct);
        if (claimed.Count == 0)
        {
            return 0;
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var letters = 0;
        foreach (var r in claimed.Where(r => !string.IsNullOrWhiteSpace(r.Email)))
        {
            var start = clock.ToLocal(r.StartUtc);
            await outbox.AddAsync(new OutboxLetter(r.Email!, r.DisplayName, $"Reminder: {r.Subject}",
                $"{r.Subject}\n{(r.AllDay ? start.ToString("d") : start.ToString("g"))}\n\n/calendar/activities/{r.Id}"), "calendar-reminder", ct);
            letters++;
        }
        await db.SaveChangesAsync(ct);
        await db.Activities.Where(a => a.ReminderClaim == claim)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ReminderEmailedAtUtc, now).SetProperty(a => a.ReminderLeaseUntilUtc, (DateTime?)null), ct);
        await tx.CommitAsync(ct);
        outbox.Wake();
        return letters;
    }

    private IQueryable<Activity> Claimable(DateTime now, DateTime oldest) => db.Activities.Where(a => a.RemindByEmail && a.ReminderEmailedAtUtc == null
        && a.ReminderDismissedAtUtc == null && a.Status == ActivityStatus.Planned && a.RemindAtUtc <= now && a.RemindAtUtc > oldest
        && (a.ReminderLeaseUntilUtc == null || a.ReminderLeaseUntilUtc < now) && a.ReminderAttempts < MaxAttempts);
}

/// <summary>Runs <see cref="ReminderSender"/> every <c>Calendar:ReminderIntervalSeconds</c> (30 by default; 0 switches it off).</summary>
public sealed class ReminderJob(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<ReminderJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = configuration.GetValue("Calendar:ReminderIntervalSeconds", 30);
        if (seconds <= 0)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                using var scope = scopes.CreateScope();
                await scope.ServiceProvider.GetRequiredService<ReminderSender>().RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Reminder pass failed");
            }
        }
    }
}
