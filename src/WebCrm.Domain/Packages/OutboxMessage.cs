namespace WebCrm.Domain.Packages;

/// <summary>Where a letter of the outbox stands.</summary>
public enum OutboxState
{
    /// <summary>Waiting for its next attempt (<see cref="OutboxMessage.NextAttemptUtc"/>).</summary>
    Pending = 0,
    /// <summary>Claimed by one worker until <see cref="OutboxMessage.LockedUntilUtc"/>; another worker takes it only after that lease expires.</summary>
    Sending = 1,
    /// <summary>The mail server accepted it.</summary>
    Sent = 2,
    /// <summary>Given up: the server refused it for good (5xx) or the attempts ran out; <see cref="OutboxMessage.LastError"/> says why.</summary>
    Failed = 3,
}

/// <summary>
/// One letter in the persistent outbox: written in the same transaction as whatever caused it, delivered later by the
/// outbox worker. Not an <c>Entity</c>: users never edit it, only the worker changes it, by conditional updates that
/// check the claim (<see cref="LockOwner"/>), so its state changes are not written to the change log.
/// </summary>
public sealed class OutboxMessage
{
    public const int MaxAddressLength = 320;
    public const int MaxSubjectLength = 500;
    public const int MaxErrorLength = 2000;

    public int Id { get; set; }
    public string ToAddress { get; set; } = "";
    public string? ToName { get; set; }
    public string Subject { get; set; } = "";
    public string TextBody { get; set; } = "";
    public string? HtmlBody { get; set; }
    /// <summary>Which module wrote it ("Packages", "Calendar"…), for the administrator reading the queue.</summary>
    public string Source { get; set; } = "";
    public OutboxState State { get; set; } = OutboxState.Pending;
    public int Attempts { get; set; }
    public DateTime NextAttemptUtc { get; set; }
    public string? LastError { get; set; }
    public string? LockOwner { get; set; }
    public DateTime? LockedUntilUtc { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public string? CreatedById { get; set; }
    public DateTime? SentAtUtc { get; set; }
    /// <summary>The Message-ID every attempt carries, so a receiving server or mail client can recognise a repeat.</summary>
    public string MessageId { get; set; } = "";

    public List<OutboxAttachment> Attachments { get; set; } = [];

    /// <summary>
    /// When the attempt after <paramref name="attempts"/> failed ones is due: the base delay doubled per failure, capped.
    /// </summary>
    public static TimeSpan BackOff(int attempts, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var delay = TimeSpan.FromMilliseconds(Math.Min(baseDelay.TotalMilliseconds * factor, maxDelay.TotalMilliseconds));
        return delay < baseDelay ? baseDelay : delay;
    }
}

/// <summary>A file attached to an outbox letter; its bytes are a <see cref="StoredFile"/> shared by every letter that carries them.</summary>
public sealed class OutboxAttachment
{
    public int Id { get; set; }
    public int OutboxMessageId { get; set; }
    public int SortOrder { get; set; }
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public int StoredFileId { get; set; }
    public StoredFile? File { get; set; }
}

/// <summary>
/// File content kept once however many letters or materials use it (found again by its SHA-256), so a package sent to
/// two hundred contact persons stores its files once. The bytes are in <see cref="Content"/>, or, when
/// <see cref="InFolder"/>, in the configured files folder under the hash (<see cref="Content"/> is then empty).
/// </summary>
public sealed class StoredFile
{
    public int Id { get; set; }
    public string Sha256 { get; set; } = "";
    public long Size { get; set; }
    public byte[] Content { get; set; } = [];
    public bool InFolder { get; set; }
}
