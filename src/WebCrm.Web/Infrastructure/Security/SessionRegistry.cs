using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebCrm.Data;
using WebCrm.Domain.Administration;

namespace WebCrm.Web.Infrastructure.Security;

/// <summary>
/// Server-side sessions behind the sign-in cookie. Sign-in records a <see cref="UserSession"/> and names it in the cookie
/// (claim <see cref="ClaimType"/>); every request asks <see cref="IsActiveAsync"/>. A session ended on this node is
/// refused at once (it is remembered here); any other node re-reads the session row at the security-stamp interval,
/// so an ended session stops working there within that interval. The same re-read records "last seen". However active,
/// a session ends <c>Security:SessionMaxAge</c> (7 days) after its sign-in: then the password (and second factor) again.
/// </summary>
public sealed class SessionRegistry(TimeProvider clock, IOptions<SecurityStampValidatorOptions> stamp, IConfiguration configuration)
{
    public const string ClaimType = "crm:sid";
    private const int MaxCached = 100_000;

    private readonly ConcurrentDictionary<string, (bool Active, DateTime CheckedAt)> _checked = new(StringComparer.Ordinal);

    public static string? SessionOf(ClaimsPrincipal? principal) => principal?.FindFirst(ClaimType)?.Value;

    /// <summary>Records a new session for the user signing in and returns its id.</summary>
    public async Task<string> StartAsync(CrmDbContext db, string userId, HttpContext http)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var session = new UserSession
        {
            Id = Guid.NewGuid().ToString("N"), UserId = userId, CreatedAtUtc = now, LastSeenUtc = now,
            Device = Shorten(http.Request.Headers.UserAgent.ToString(), UserSession.DeviceMaxLength),
            Address = Shorten(http.Connection.RemoteIpAddress?.ToString() ?? "", UserSession.AddressMaxLength),
        };
        db.UserSessions.Add(session);
        await db.SaveChangesAsync();
        _checked[session.Id] = (true, now);
        return session.Id;
    }

    public async Task<bool> IsActiveAsync(string sessionId, HttpContext http)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_checked.TryGetValue(sessionId, out var known) && (!known.Active || now - known.CheckedAt < stamp.Value.ValidationInterval))
        {
            return known.Active;
        }
        var db = http.RequestServices.GetRequiredService<CrmDbContext>();
        var signedInAfter = now - configuration.GetValue("Security:SessionMaxAge", TimeSpan.FromDays(7));
        var active = await db.UserSessions.AnyAsync(s => s.Id == sessionId && s.EndedAtUtc == null && s.CreatedAtUtc > signedInAfter);
        if (active)
        {
            var address = Shorten(http.Connection.RemoteIpAddress?.ToString() ?? "", UserSession.AddressMaxLength);
            await db.UserSessions.Where(s => s.Id == sessionId)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenUtc, now).SetProperty(s => s.Address, address));
        }
        if (_checked.Count > MaxCached)
        {
            _checked.Clear();
        }
        _checked[sessionId] = (active, now);
        return active;
    }

    /// <summary>Ends the sessions (all of the user's but <paramref name="keep"/> when <paramref name="ids"/> is null).</summary>
    public async Task<int> EndAsync(CrmDbContext db, string userId, IReadOnlyCollection<string>? ids = null, string? keep = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var query = db.UserSessions.Where(s => s.UserId == userId && s.EndedAtUtc == null);
        if (ids is not null)
        {
            var wanted = ids.ToList();
            query = query.Where(s => wanted.Contains(s.Id));
        }
        if (keep is not null)
        {
            query = query.Where(s => s.Id != keep);
        }
        var ended = await query.Select(s => s.Id).ToListAsync();
        if (ended.Count > 0)
        {
            await db.UserSessions.Where(s => ended.Contains(s.Id)).ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAtUtc, now));
        }
        foreach (var id in ended)
        {
            _checked[id] = (false, now);
        }
        return ended.Count;
    }

    private static string Shorten(string text, int max) => text.Length > max ? text[..max] : text;
}
