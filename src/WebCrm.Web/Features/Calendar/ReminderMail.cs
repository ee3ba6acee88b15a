using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using WebCrm.Data;
using WebCrm.Domain.Calendar;

namespace WebCrm.Web.Features.Calendar;

/// <summary>Where reminder emails go out. Kept small and behind this interface so it can move onto the mail outbox.</summary>
public interface IReminderMailer
{
    bool IsConfigured { get; }
    Task SendAsync(string toAddress, string toName, string subject, string body, CancellationToken ct);
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public string From { get; set; } = "webcrm@localhost";
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public bool UseTls { get; set; }
}

/// <summary>Sends through the SMTP server of <c>Smtp:*</c> with MailKit; not configured without <c>Smtp:Host</c>.</summary>
public sealed class SmtpReminderMailer(IOptions<SmtpOptions> options) : IReminderMailer
{
    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.Host);

    public async Task SendAsync(string toAddress, string toName, string subject, string body, CancellationToken ct)
    {
        var o = options.Value;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(o.From));
        message.To.Add(new MailboxAddress(toName, toAddress));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = body };
        using var smtp = new SmtpClient { Timeout = 20_000 };
        await smtp.ConnectAsync(o.Host!, o.Port, o.UseTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, ct);
        if (!string.IsNullOrEmpty(o.UserName))
        {
            await smtp.AuthenticateAsync(o.UserName, o.Password ?? "", ct);
        }
        await smtp.SendAsync(message, ct);
        await smtp.DisconnectAsync(true, ct);
    }
}

/// <summary>
/// One pass of the email reminders: claims due reminders under a five-minute lease, sends them and marks them sent.
/// Safe with several app instances on one PostgreSQL: the claim locks the rows with FOR UPDATE SKIP LOCKED (another
/// instance skips them) and the lease keeps them from being claimed again while they are being sent; a reminder whose
/// sending failed is taken again after its lease, at most five times. SQLite has one writer at a time, so its claim is a
/// plain conditional update. Reminders more than a day late are not emailed (they still show in the app).
/// </summary>
public sealed class ReminderSender(CrmDbContext db, IReminderMailer mailer, CalendarClock clock, ILogger<ReminderSender> log)
{
    public const int Batch = 50;
    public const int MaxAttempts = 5;
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        if (!mailer.IsConfigured)
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
        var sent = 0;
        foreach (var r in claimed)
        {
            try
            {
                if (!string.IsNullOrWhiteSpace(r.Email))
                {
                    var start = clock.ToLocal(r.StartUtc);
                    await mailer.SendAsync(r.Email, r.DisplayName, $"Reminder: {r.Subject}",
                        $"{r.Subject}\n{(r.AllDay ? start.ToString("d") : start.ToString("g"))}\n\n/calendar/activities/{r.Id}", ct);
                    sent++;
                }
                await db.Activities.Where(a => a.Id == r.Id && a.ReminderClaim == claim)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.ReminderEmailedAtUtc, clock.UtcNow).SetProperty(a => a.ReminderLeaseUntilUtc, (DateTime?)null), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Reminder email for activity {Id} failed; it is retried after its lease", r.Id);
            }
        }
        return sent;
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
