using WebCrm.Data;
using WebCrm.Data.Auditing;
using WebCrm.Domain.Administration;

namespace WebCrm.Web.Infrastructure.Security;

/// <summary>
/// Writes the security log (<see cref="SecurityEvent"/>): who did it (the signed-in user unless named), whom it concerns,
/// what, and from which client address. <see cref="Add"/> leaves the save to the caller's transaction;
/// <see cref="RecordAsync"/> saves at once.
/// </summary>
public sealed class SecurityLog(CrmDbContext db, IHttpContextAccessor http, ICurrentUser actor, TimeProvider clock)
{
    public SecurityEvent Add(SecurityEventKind kind, string? targetUserId, string? targetUserName, string details = "",
        (string? Id, string? Name)? by = null)
    {
        var (actorId, actorName) = by ?? (actor.UserId, actor.UserName);
        var entry = new SecurityEvent
        {
            AtUtc = clock.GetUtcNow().UtcDateTime, ActorId = actorId, ActorName = Shorten(actorName, 256), Kind = kind,
            TargetUserId = targetUserId ?? "", TargetUserName = Shorten(targetUserName, 256) ?? "",
            Details = Shorten(details, SecurityEvent.DetailsMaxLength) ?? "",
            Address = Shorten(http.HttpContext?.Connection.RemoteIpAddress?.ToString(), SecurityEvent.AddressMaxLength) ?? "",
        };
        db.SecurityEvents.Add(entry);
        return entry;
    }

    public async Task RecordAsync(SecurityEventKind kind, string? targetUserId, string? targetUserName, string details = "",
        (string? Id, string? Name)? by = null)
    {
        Add(kind, targetUserId, targetUserName, details, by);
        await db.SaveChangesAsync();
    }

    /// <summary>An export of a list, report or funnel by the signed-in user: which, with which filter, how many rows.</summary>
    public Task ExportedAsync(string what, int rows)
    {
        var query = http.HttpContext?.Request.QueryString.Value ?? "";
        return RecordAsync(SecurityEventKind.Exported, actor.UserId, actor.UserName,
            $"list={what} rows={rows} filter={Uri.UnescapeDataString(query.TrimStart('?')).Replace(' ', '+')}");
    }

    private static string? Shorten(string? text, int max) => text is not null && text.Length > max ? text[..max] : text;
}
