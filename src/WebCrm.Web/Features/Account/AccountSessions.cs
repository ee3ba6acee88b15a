using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Data.Auditing;
using WebCrm.Data.Identity;
using WebCrm.Domain.Administration;
using WebCrm.Web.Infrastructure.Security;

namespace WebCrm.Web.Features.Account;

public sealed record SessionRow(string Id, string Device, string Address, DateTime CreatedAtUtc, DateTime LastSeenUtc, bool IsCurrent);

/// <summary>A user's active sessions (device, address, last seen), ending the others; an administrator ending all of a user's.</summary>
public sealed class AccountSessions(CrmDbContext db, SessionRegistry sessions, UserManager<AppUser> users, SecurityLog log, TimeProvider clock)
{
    /// <summary>A session not seen for longer than the sign-in cookie lives has expired on its own.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(10);

    public async Task<IReadOnlyList<SessionRow>> ActiveAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        var userId = users.GetUserId(principal) ?? "";
        var current = SessionRegistry.SessionOf(principal);
        var since = clock.GetUtcNow().UtcDateTime - Lifetime;
        var rows = await db.UserSessions.AsNoTracking()
            .Where(s => s.UserId == userId && s.EndedAtUtc == null && s.LastSeenUtc > since)
            .OrderByDescending(s => s.LastSeenUtc).ToListAsync(ct);
        return rows.Select(s => new SessionRow(s.Id, s.Device, s.Address, s.CreatedAtUtc, s.LastSeenUtc, s.Id == current))
            .OrderByDescending(r => r.IsCurrent).ToList();
    }

    public async Task<int> EndOthersAsync(ClaimsPrincipal principal) =>
        await LoggedAsync(principal, await sessions.EndAsync(db, users.GetUserId(principal) ?? "", keep: SessionRegistry.SessionOf(principal) ?? ""));

    public async Task<int> EndAsync(ClaimsPrincipal principal, string sessionId) =>
        await LoggedAsync(principal, await sessions.EndAsync(db, users.GetUserId(principal) ?? "", [sessionId]));

    private async Task<int> LoggedAsync(ClaimsPrincipal principal, int ended)
    {
        if (ended > 0)
        {
            await log.RecordAsync(SecurityEventKind.OwnSessionsEnded, users.GetUserId(principal), principal.Identity?.Name, "sessions=" + ended);
        }
        return ended;
    }

    /// <summary>An administrator ends every session of the user (recorded in the security log); false for an unknown user.</summary>
    public async Task<bool> EndAllOfAsync(string userId)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return false;
        }
        var ended = await sessions.EndAsync(db, userId);
        await log.RecordAsync(SecurityEventKind.SessionsEnded, user.Id, user.UserName, "sessions=" + ended);
        return true;
    }
}
