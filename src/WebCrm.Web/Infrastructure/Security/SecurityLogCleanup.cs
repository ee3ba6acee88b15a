using Microsoft.EntityFrameworkCore;
using WebCrm.Data;

namespace WebCrm.Web.Infrastructure.Security;

/// <summary>
/// Keeps the security log <c>Security:LogRetentionDays</c> days (365; 0 keeps everything): every
/// <c>Security:LogCleanupInterval</c> each app instance deletes the older events. The delete is one statement by date,
/// so two instances running it at once delete each row once and neither fails.
/// </summary>
public sealed class SecurityLogCleanup(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<SecurityLogCleanup> logger)
    : BackgroundService
{
    public const int DefaultRetentionDays = 365;

    /// <summary>Deletes the events older than the retention; answers how many.</summary>
    public static Task<int> RunOnceAsync(CrmDbContext db, DateTime nowUtc, int retentionDays, CancellationToken ct = default)
    {
        if (retentionDays <= 0)
        {
            return Task.FromResult(0);
        }
        var cutoff = nowUtc.AddDays(-retentionDays);
        return db.SecurityEvents.Where(e => e.AtUtc < cutoff).ExecuteDeleteAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue("Security:LogCleanupInterval", TimeSpan.FromHours(1));
        if (interval <= TimeSpan.Zero)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var scope = scopes.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
                var deleted = await RunOnceAsync(db, clock.GetUtcNow().UtcDateTime,
                    configuration.GetValue("Security:LogRetentionDays", DefaultRetentionDays), stoppingToken);
                if (deleted > 0)
                {
                    logger.LogInformation("Security log: {Count} events past the retention deleted", deleted);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Security log cleanup failed; it runs again in {Interval}", interval);
            }
            await Task.Delay(interval, clock, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }
}
