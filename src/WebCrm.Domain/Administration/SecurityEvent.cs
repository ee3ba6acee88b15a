namespace WebCrm.Domain.Administration;

/// <summary>An administrative action on a user account (rights, templates, copies, password resets, disabling).</summary>
public class SecurityEvent
{
    public long Id { get; set; }
    public DateTime AtUtc { get; set; }
    public string? ActorId { get; set; }
    public string? ActorName { get; set; }
    public string TargetUserId { get; set; } = "";
    public string TargetUserName { get; set; } = "";
    public SecurityEventKind Kind { get; set; }
    /// <summary>What changed, in a form readable in both languages (permission names, template key, source user).</summary>
    public string Details { get; set; } = "";
}

public enum SecurityEventKind
{
    UserCreated = 1,
    RightsChanged = 2,
    TemplateApplied = 3,
    RightsCopied = 4,
    Disabled = 5,
    Enabled = 6,
    PasswordReset = 7,
    /// <summary>The UniqueEmails migration removed an email another, older account already had.</summary>
    DuplicateEmailCleared = 8,
    /// <summary>An administrator ended every session of the user.</summary>
    SessionsEnded = 9,
}
