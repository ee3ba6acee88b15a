namespace WebCrm.Domain.Administration;

/// <summary>
/// One signed-in browser: created at sign-in, named in the session cookie, refused once ended (sign-out, "end other
/// sessions", an administrator). Written by the sign-in machinery, never edited by users, so it is not an Entity.
/// </summary>
public class UserSession
{
    public const int DeviceMaxLength = 300;
    public const int AddressMaxLength = 64;

    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public DateTime LastSeenUtc { get; set; }
    /// <summary>The browser's User-Agent, shortened.</summary>
    public string Device { get; set; } = "";
    /// <summary>The client address as the app sees it (after forwarded headers from a known proxy).</summary>
    public string Address { get; set; } = "";
    public DateTime? EndedAtUtc { get; set; }
}
