using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using WebCrm.Data;
using WebCrm.Domain.Packages;

namespace WebCrm.Web.Features.Packages.Outbox;

/// <summary>
/// Claims due letters and hands them to the mail server, one connection per batch.
/// <para><b>Exactly-once claim.</b> PostgreSQL: one <c>UPDATE</c> of the rows a <c>SELECT … FOR UPDATE SKIP LOCKED</c> picked, so
/// two nodes never claim the same row and never wait for each other.
/// SQLite (one node, one writer at a time): the same conditional UPDATE, which the database serialises. A claim is a
/// lease: owner and expiry; before each letter the worker renews it conditionally and skips a letter that is no
/// longer its own, so a worker whose lease ran out never sends a letter another worker took over.</para>
/// <para><b>At-least-once, narrowed to one letter.</b> A letter is marked sent by the worker that holds it right after
/// the server accepted it. The only way to send a letter twice is a crash in the moment between the server's "250 OK"
/// and that update: the lease then expires and the letter goes again, with the same Message-ID, so the receiving side
/// can recognise it. The other choice, marking it before sending (at-most-once), would lose a letter on any crash during
/// the send; for customer mail a rare repeat is the lesser harm. A graceful stop finishes the letter in hand and hands
/// the rest of the batch back at once.</para>
/// </summary>
public sealed class OutboxDelivery(IServiceScopeFactory scopes, IOptions<SmtpOptions> smtp, IOptions<OutboxOptions> options,
    TimeProvider clock, ILogger<OutboxDelivery> logger)
{
    private SmtpOptions Smtp => smtp.Value;
    private OutboxOptions Options => options.Value;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Claims up to <paramref name="count"/> due letters for <paramref name="owner"/> (pending ones and expired leases); their ids.</summary>
    public async Task<IReadOnlyList<int>> ClaimAsync(string owner, int count, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var now = Now;
        var until = now + Options.LeaseDuration;
        int pending = (int)OutboxState.Pending, sending = (int)OutboxState.Sending;
        if (db.Database.IsNpgsql())
        {
            // The CTE runs once (a locking CTE is always materialised); as an IN (subquery) the planner may rescan it
            // and claim more than the limit.
            await db.Database.ExecuteSqlAsync($"""
                WITH due AS (
                    SELECT "Id" FROM "OutboxMessages"
                    WHERE ("State" = {pending} AND "NextAttemptUtc" <= {now}) OR ("State" = {sending} AND "LockedUntilUtc" < {now})
                    ORDER BY "NextAttemptUtc", "Id"
                    LIMIT {count}
                    FOR UPDATE SKIP LOCKED)
                UPDATE "OutboxMessages" AS m SET "State" = {sending}, "LockOwner" = {owner}, "LockedUntilUtc" = {until}
                FROM due WHERE m."Id" = due."Id"
                """, ct);
        }
        else
        {
            var due = db.Set<OutboxMessage>()
                .Where(m => (m.State == OutboxState.Pending && m.NextAttemptUtc <= now) || (m.State == OutboxState.Sending && m.LockedUntilUtc < now))
                .OrderBy(m => m.NextAttemptUtc).ThenBy(m => m.Id).Take(count).Select(m => m.Id);
            await db.Set<OutboxMessage>()
                .Where(m => due.Contains(m.Id)
                    && ((m.State == OutboxState.Pending && m.NextAttemptUtc <= now) || (m.State == OutboxState.Sending && m.LockedUntilUtc < now)))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, OutboxState.Sending).SetProperty(m => m.LockOwner, owner)
                    .SetProperty(m => m.LockedUntilUtc, until), ct);
        }
        return await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.LockOwner == owner && m.State == OutboxState.Sending)
            .OrderBy(m => m.NextAttemptUtc).ThenBy(m => m.Id).Select(m => m.Id).ToListAsync(ct);
    }

    /// <summary>What one round did: letters claimed, and whether the mail server could be reached.</summary>
    public sealed record BatchResult(int Claimed, bool ServerReached);

    /// <summary>
    /// Claims one batch and delivers it. <paramref name="stopping"/> is
    /// checked between letters: a letter being handed over is finished, the rest are released.
    /// </summary>
    public async Task<BatchResult> RunBatchAsync(string workerId, CancellationToken stopping)
    {
        var owner = $"{(workerId.Length > 60 ? workerId[..60] : workerId)}/{Guid.NewGuid():N}";
        var claimed = await ClaimAsync(owner, Options.BatchSize, stopping);
        if (claimed.Count == 0)
        {
            return new BatchResult(0, true);
        }
        using var client = new SmtpClient { Timeout = (int)Smtp.Timeout.TotalMilliseconds };
        var remaining = new Queue<int>(claimed);
        try
        {
            try
            {
                await ConnectAsync(client);
            }
            catch (Exception e) when (IsTransient(e))
            {
                logger.LogWarning("Mail server {Host}:{Port} not reachable: {Reason}", Smtp.Host, Smtp.Port, e.Message);
                while (remaining.TryDequeue(out var id))
                {
                    await RecordFailureAsync(id, owner, Reason(e), permanent: false);
                }
                return new BatchResult(claimed.Count, false);
            }
            while (remaining.TryDequeue(out var id))
            {
                if (stopping.IsCancellationRequested)
                {
                    remaining = new Queue<int>(remaining.Prepend(id));
                    break;
                }
                if (!await DeliverAsync(client, id, owner))
                {
                    // The connection is gone: the rest of the batch waits for the next claim, without a counted attempt.
                    break;
                }
            }
            if (client.IsConnected)
            {
                await client.DisconnectAsync(true, CancellationToken.None);
            }
        }
        catch (Exception e) when (IsTransient(e))
        {
            logger.LogWarning("Mail server connection ended: {Reason}", e.Message);
        }
        finally
        {
            await ReleaseAsync(owner);
        }
        return new BatchResult(claimed.Count, true);
    }

    /// <summary>Sends one letter still held by <paramref name="owner"/>; false when the connection broke.</summary>
    private async Task<bool> DeliverAsync(SmtpClient client, int id, string owner)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var messages = db.Set<OutboxMessage>();
        // Renew the lease only while the letter is still ours: a letter another worker took over is not sent here.
        var now = Now;
        if (await messages.Where(m => m.Id == id && m.LockOwner == owner && m.State == OutboxState.Sending)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntilUtc, now + Options.LeaseDuration)) == 0)
        {
            return true;
        }
        var message = await messages.AsNoTracking().Include(m => m.Attachments.OrderBy(a => a.SortOrder)).AsSplitQuery().FirstAsync(m => m.Id == id);
        var fileIds = message.Attachments.Select(a => a.StoredFileId).Distinct().ToList();
        MimeMessage mime;
        try
        {
            mime = Compose(message, await scope.ServiceProvider.GetRequiredService<StoredFiles>().ReadAsync(fileIds, CancellationToken.None));
        }
        catch (Exception e) when (e is ParseException or FileNotFoundException)
        {
            await RecordFailureAsync(id, owner, e.Message, permanent: true);
            return true;
        }
        try
        {
            using var timeout = new CancellationTokenSource(Smtp.Timeout);
            await client.SendAsync(mime, timeout.Token);
        }
        catch (SmtpCommandException e)
        {
            // The server answered: a 5xx is its final word, a 4xx asks to try later. The connection stays usable.
            await RecordFailureAsync(id, owner, Reason(e), permanent: (int)e.StatusCode >= 500);
            return client.IsConnected;
        }
        catch (Exception e) when (IsTransient(e))
        {
            await RecordFailureAsync(id, owner, Reason(e), permanent: false);
            return false;
        }
        // Marked in the step right after the server accepted it; see the class remarks for the one crash window left.
        var sentAt = Now;
        await messages.Where(m => m.Id == id && m.LockOwner == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, OutboxState.Sent).SetProperty(m => m.SentAtUtc, sentAt)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1).SetProperty(m => m.LastError, (string?)null)
                .SetProperty(m => m.LockOwner, (string?)null).SetProperty(m => m.LockedUntilUtc, (DateTime?)null), CancellationToken.None);
        return true;
    }

    private async Task ConnectAsync(SmtpClient client)
    {
        using var timeout = new CancellationTokenSource(Smtp.Timeout);
        var security = Enum.TryParse<SecureSocketOptions>(Smtp.Security, true, out var s) ? s : SecureSocketOptions.StartTlsWhenAvailable;
        await client.ConnectAsync(Smtp.Host!, Smtp.Port, security, timeout.Token);
        if (!string.IsNullOrEmpty(Smtp.UserName))
        {
            await client.AuthenticateAsync(Smtp.UserName, Smtp.Password ?? "", timeout.Token);
        }
    }

    /// <summary>A failed attempt: permanent (or the last allowed one) marks the letter failed, otherwise it waits its back-off.</summary>
    private async Task RecordFailureAsync(int id, string owner, string reason, bool permanent)
    {
        using var scope = scopes.CreateScope();
        var messages = scope.ServiceProvider.GetRequiredService<CrmDbContext>().Set<OutboxMessage>();
        var attempts = await messages.Where(m => m.Id == id && m.LockOwner == owner).Select(m => (int?)m.Attempts).FirstOrDefaultAsync();
        if (attempts is null)
        {
            return;
        }
        var made = attempts.Value + 1;
        var failed = permanent || made >= Options.MaxAttempts;
        var next = Now + OutboxMessage.BackOff(made, Options.RetryBaseDelay, Options.RetryMaxDelay);
        var text = reason.Length > OutboxMessage.MaxErrorLength ? reason[..OutboxMessage.MaxErrorLength] : reason;
        await messages.Where(m => m.Id == id && m.LockOwner == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, failed ? OutboxState.Failed : OutboxState.Pending)
                .SetProperty(m => m.Attempts, made).SetProperty(m => m.NextAttemptUtc, next).SetProperty(m => m.LastError, text)
                .SetProperty(m => m.LockOwner, (string?)null).SetProperty(m => m.LockedUntilUtc, (DateTime?)null));
        logger.LogInformation("Outbox letter {Id}: attempt {Attempt} failed{Final}: {Reason}", id, made, failed ? " for good" : "", text);
    }

    /// <summary>Hands back what this claim still holds (a stop, a broken connection): due again at once, no attempt counted.</summary>
    private async Task ReleaseAsync(string owner)
    {
        using var scope = scopes.CreateScope();
        await scope.ServiceProvider.GetRequiredService<CrmDbContext>().Set<OutboxMessage>()
            .Where(m => m.LockOwner == owner && m.State == OutboxState.Sending)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, OutboxState.Pending)
                .SetProperty(m => m.LockOwner, (string?)null).SetProperty(m => m.LockedUntilUtc, (DateTime?)null));
    }

    private MimeMessage Compose(OutboxMessage message, IReadOnlyDictionary<int, byte[]> contents)
    {
        var mime = new MimeMessage { Subject = message.Subject, MessageId = message.MessageId };
        mime.From.Add(new MailboxAddress(Smtp.FromName ?? "", Smtp.FromAddress));
        mime.To.Add(new MailboxAddress(message.ToName ?? "", message.ToAddress));
        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody };
        foreach (var a in message.Attachments)
        {
            body.Attachments.Add(a.FileName, contents[a.StoredFileId], ContentType.Parse(a.ContentType));
        }
        mime.Body = body.ToMessageBody();
        return mime;
    }

    /// <summary>What the server said (status and text), or what went wrong on the way.</summary>
    private static string Reason(Exception e) => e switch
    {
        SmtpCommandException c => $"{(int)c.StatusCode} {c.Message}".Trim(),
        _ => e.Message,
    };

    private static bool IsTransient(Exception e) => e is SocketException or IOException or TimeoutException or OperationCanceledException
        or SmtpProtocolException or ServiceNotConnectedException or AuthenticationException or SslHandshakeException or SmtpCommandException;
}
