namespace WebCrm.Web.Features.Packages.Outbox;

/// <summary>How the app reaches its mail server (section <c>Smtp</c>). No host: the outbox keeps letters and sends nothing.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    /// <summary>None, Auto, StartTls, StartTlsWhenAvailable or SslOnConnect (MailKit's SecureSocketOptions).</summary>
    public string Security { get; set; } = "StartTlsWhenAvailable";
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string FromAddress { get; set; } = "webcrm@localhost";
    public string? FromName { get; set; } = "WebCrm";
    /// <summary>How long one connect or one letter may take before the attempt counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}

/// <summary>How the outbox worker paces itself (section <c>Outbox</c>).</summary>
public sealed class OutboxOptions
{
    /// <summary>Letters claimed at once by one worker.</summary>
    public int BatchSize { get; set; } = 20;
    /// <summary>How often an idle worker looks for due letters (a letter written by this node wakes it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>Failed attempts (connection errors, 4xx) before the letter is marked failed.</summary>
    public int MaxAttempts { get; set; } = 8;
    /// <summary>Delay after the first failure; doubled after each further one, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);
    /// <summary>How long a claim holds a letter; renewed before each letter. After it expires another worker may take the letter.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);
}
