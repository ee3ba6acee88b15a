namespace WebCrm.Domain.Administration;

/// <summary>
/// One line of the security log: an administrative action on a user account (rights, templates, copies, password
/// resets, disabling) or a sign-in event, a two-factor change, a session end, an export. Kept
/// <c>Security:LogRetentionDays</c> days. <see cref="TargetUserId"/> is empty when the event names no existing account
/// (a failed sign-in with an unknown name keeps the name typed in <see cref="TargetUserName"/>).
/// </summary>
public class SecurityEvent
{
    public const int AddressMaxLength = 64;
    public const int DetailsMaxLength = 4000;

    public long Id { get; set; }
    public DateTime AtUtc { get; set; }
    public string? ActorId { get; set; }
    public string? ActorName { get; set; }
    public string TargetUserId { get; set; } = "";
    public string TargetUserName { get; set; } = "";
    public SecurityEventKind Kind { get; set; }
    /// <summary>What changed, in a form readable in both languages (permission names, template key, source user).</summary>
    public string Details { get; set; } = "";
    /// <summary>The client address of the request that caused the event ("" for the migration and background work).</summary>
    public string Address { get; set; } = "";
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
    SignedIn = 10,
    /// <summary>A wrong password, an unknown name, a locked or disabled account (which one is in the details).</summary>
    SignInFailed = 11,
    /// <summary>The failure that locked the account.</summary>
    LockedOut = 12,
    SignedOut = 13,
    /// <summary>The user ended one or more of his own sessions.</summary>
    OwnSessionsEnded = 14,
    TwoFactorEnabled = 15,
    TwoFactorDisabled = 16,
    /// <summary>An administrator removed a user's authenticator, so he enrols again.</summary>
    TwoFactorReset = 17,
    TwoFactorFailed = 18,
    RecoveryCodeUsed = 19,
    RecoveryCodesRenewed = 20,
    /// <summary>A list, report or funnel exported: which, with which filter, how many rows.</summary>
    Exported = 21,
    /// <summary>The administrator changed who must use two-factor sign-in.</summary>
    PolicyChanged = 22,
}
