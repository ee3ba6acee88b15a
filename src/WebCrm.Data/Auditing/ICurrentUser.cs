namespace WebCrm.Data.Auditing;

/// <summary>Who is making the change being saved; the web layer supplies the signed-in user.</summary>
public interface ICurrentUser
{
    string? UserId { get; }
    string? UserName { get; }
}

/// <summary>Used outside a request (start-up seeding, tools): changes are attributed to the system.</summary>
public sealed class SystemUser : ICurrentUser
{
    public static readonly SystemUser Instance = new();
    public string? UserId => null;
    public string? UserName => "system";
}
