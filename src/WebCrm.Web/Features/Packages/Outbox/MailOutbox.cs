using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Data.Auditing;
using WebCrm.Domain.Packages;

namespace WebCrm.Web.Features.Packages.Outbox;

/// <summary>A letter to put in the outbox: one recipient, a plain-text body (and optionally HTML), files in order.</summary>
[ModuleEntryPoint]
public sealed record OutboxLetter(string ToAddress, string? ToName, string Subject, string TextBody, string? HtmlBody = null)
{
    public IReadOnlyList<OutboxFile> Attachments { get; init; } = [];
}

/// <summary>A file of a letter: its bytes, or (inside Packages) a file already stored once for many letters.</summary>
[ModuleEntryPoint]
public sealed record OutboxFile(string FileName, string ContentType, byte[]? Content, int? StoredFileId = null);

/// <summary>What the outbox says about one letter.</summary>
[ModuleEntryPoint]
public sealed record OutboxStatus(int Id, OutboxState State, int Attempts, DateTime? SentAtUtc, string? LastError, DateTime NextAttemptUtc);

/// <summary>
/// The persistent outbox, offered to every module: a letter is a row written in the caller's own transaction, so a
/// letter is never lost because the mail server was down, and a rolled-back change sends nothing. The
/// <see cref="OutboxWorker"/> delivers it.
/// </summary>
[ModuleEntryPoint]
public sealed class MailOutbox(CrmDbContext db, StoredFiles files, OutboxSignal signal, TimeProvider clock, ICurrentUser currentUser)
{
    /// <summary>Adds the letter to the caller's unit of work without saving; call <see cref="Wake"/> after the caller's save.</summary>
    public async Task<OutboxMessage> AddAsync(OutboxLetter letter, string source, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var message = new OutboxMessage
        {
            ToAddress = letter.ToAddress.Trim(),
            ToName = string.IsNullOrWhiteSpace(letter.ToName) ? null : letter.ToName.Trim(),
            Subject = letter.Subject.Length > OutboxMessage.MaxSubjectLength ? letter.Subject[..OutboxMessage.MaxSubjectLength] : letter.Subject,
            TextBody = letter.TextBody,
            HtmlBody = letter.HtmlBody,
            Source = source,
            State = OutboxState.Pending,
            NextAttemptUtc = now,
            CreatedAtUtc = now,
            CreatedById = currentUser.UserId,
            MessageId = $"{Guid.NewGuid():N}@webcrm",
        };
        var order = 0;
        foreach (var file in letter.Attachments)
        {
            var attachment = new OutboxAttachment { SortOrder = order++, FileName = file.FileName, ContentType = file.ContentType };
            if (file.StoredFileId is { } storedId)
            {
                attachment.StoredFileId = storedId;
            }
            else
            {
                (attachment.StoredFileId, attachment.File) = await files.StoreAsync(file.Content ?? [], ct);
            }
            message.Attachments.Add(attachment);
        }
        db.Set<OutboxMessage>().Add(message);
        return message;
    }

    /// <summary>Adds the letter and saves it at once (for callers with nothing else to save); the worker is woken.</summary>
    public async Task<int> EnqueueAsync(OutboxLetter letter, string source, CancellationToken ct)
    {
        var message = await AddAsync(letter, source, ct);
        await db.SaveChangesAsync(ct);
        Wake();
        return message.Id;
    }

    /// <summary>Tells this node's worker that letters are waiting (other nodes find them at their next poll).</summary>
    public void Wake() => signal.Wake();

    /// <summary>The state of the given letters, by id.</summary>
    public async Task<IReadOnlyDictionary<int, OutboxStatus>> StatusAsync(IReadOnlyCollection<int> ids, CancellationToken ct) =>
        await db.Set<OutboxMessage>().AsNoTracking().Where(m => ids.Contains(m.Id))
            .Select(m => new OutboxStatus(m.Id, m.State, m.Attempts, m.SentAtUtc, m.LastError, m.NextAttemptUtc))
            .ToDictionaryAsync(s => s.Id, ct);

    /// <summary>
    /// Puts a failed letter back in the queue as it was written (same recipient, text, files and Message-ID), with a
    /// fresh count of attempts. Only a failed letter: a pending or sent one is left alone (false).
    /// </summary>
    public async Task<bool> RetryAsync(int id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = await db.Set<OutboxMessage>().Where(m => m.Id == id && m.State == OutboxState.Failed)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, OutboxState.Pending).SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptUtc, now).SetProperty(m => m.LockOwner, (string?)null)
                .SetProperty(m => m.LockedUntilUtc, (DateTime?)null), ct);
        if (changed > 0)
        {
            Wake();
        }
        return changed > 0;
    }
}

/// <summary>Wakes this node's outbox worker when a letter is written, so it need not wait for its next poll.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    /// <summary>Waits for a wake-up or the poll interval; false when the interval passed.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}
