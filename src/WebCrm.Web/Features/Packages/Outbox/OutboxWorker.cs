using Microsoft.Extensions.Options;

namespace WebCrm.Web.Features.Packages.Outbox;

/// <summary>
/// The background sender of the outbox, one per app instance; several instances on one PostgreSQL share the work
/// (see <see cref="OutboxDelivery"/>). Without an SMTP host it does not run and letters wait in the outbox.
/// </summary>
public sealed class OutboxWorker(OutboxDelivery delivery, OutboxSignal signal, IOptions<SmtpOptions> smtp, IOptions<OutboxOptions> options,
    ILogger<OutboxWorker> logger) : BackgroundService
{
    /// <summary>This instance's name in the claims it makes: machine, process and a random part.</summary>
    public string WorkerId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!smtp.Value.Enabled)
        {
            logger.LogInformation("No Smtp:Host configured: the mail outbox keeps letters and sends nothing.");
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var round = new OutboxDelivery.BatchResult(0, true);
            try
            {
                round = await delivery.RunBatchAsync(WorkerId, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The database may be briefly unavailable; the next round tries again and the leases protect the letters.
                logger.LogError(e, "Outbox round failed");
            }
            // A full batch means more may be due: go on at once; otherwise (or when the server is down) wait for a new
            // letter or the poll interval.
            if (round.Claimed < options.Value.BatchSize || !round.ServerReached)
            {
                try
                {
                    await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }
}
