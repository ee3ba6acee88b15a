using System.Security.Cryptography;
using System.Text;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Calendar;

namespace WebCrm.Web.Features.Calendar;

/// <summary>
/// A user's private iCal (RFC 5545) feed of his calendar, for subscribing from a phone. The URL carries a 256-bit random
/// token; only its SHA-256 is stored, so the URL is shown once when issued (issuing again replaces it) and revoking
/// deletes it: the old URL then answers 404.
/// </summary>
public sealed class CalendarFeeds(CrmDbContext db, CalendarClock clock)
{
    /// <summary>How far back and ahead the feed reaches.</summary>
    public const int PastDays = 90;
    public const int FutureDays = 400;
    public const int MaxEvents = 5000;

    public Task<CalendarFeed?> FindAsync(string userId, CancellationToken ct) =>
        db.CalendarFeeds.AsNoTracking().FirstOrDefaultAsync(f => f.UserId == userId, ct);

    /// <summary>Issues a new token (replacing any earlier one) and returns it.</summary>
    public async Task<string> IssueAsync(string userId, CancellationToken ct)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var feed = await db.CalendarFeeds.FirstOrDefaultAsync(f => f.UserId == userId, ct);
        if (feed is null)
        {
            db.CalendarFeeds.Add(new CalendarFeed { UserId = userId, TokenHash = Hash(token) });
        }
        else
        {
            feed.TokenHash = Hash(token);
            feed.LastReadAtUtc = null;
        }
        await db.SaveChangesAsync(ct);
        return token;
    }

    public async Task RevokeAsync(string userId, CancellationToken ct) =>
        await db.CalendarFeeds.Where(f => f.UserId == userId).ExecuteDeleteAsync(ct);

    /// <summary>The feed's text for a token, or null when the token is unknown or revoked.</summary>
    public async Task<string?> FeedAsync(string token, CancellationToken ct)
    {
        if (token.Length is < 20 or > 100)
        {
            return null;
        }
        var hash = Hash(token);
        var feed = await db.CalendarFeeds.AsNoTracking().FirstOrDefaultAsync(f => f.TokenHash == hash, ct);
        if (feed is null)
        {
            return null;
        }
        var now = clock.UtcNow;
        await db.CalendarFeeds.Where(f => f.Id == feed.Id).ExecuteUpdateAsync(s => s.SetProperty(f => f.LastReadAtUtc, now), ct);
        var userId = feed.UserId;
        var from = now.AddDays(-PastDays);
        var to = now.AddDays(FutureDays);
        var types = await ActivityTypes.NamesAsync(db, ct);
        // The user's own calendar (his activities and those he takes part in): what the visibility rule lets everyone see;
        // as two index ranges (his by responsible and start, the others by key) joined with UNION ALL, not one OR.
        var taking = db.ActivityParticipants.AsNoTracking().Where(p => p.UserId == userId).Select(p => p.ActivityId);
        var own = db.Activities.AsNoTracking().Where(a => a.ResponsibleId == userId && a.StartUtc >= from && a.StartUtc < to);
        var part = db.Activities.AsNoTracking().Where(a => a.ResponsibleId != userId && taking.Contains(a.Id) && a.StartUtc >= from && a.StartUtc < to);
        var rows = await own.Concat(part)
            .OrderBy(a => a.StartUtc).ThenBy(a => a.Id).Take(MaxEvents)
            .Select(a => new { a.Id, a.TypeId, a.Subject, a.Description, a.StartUtc, a.EndUtc, a.AllDay, a.Status, a.Result, a.UpdatedAtUtc, Company = a.Company!.Name })
            .ToListAsync(ct);
        var calendar = new Ical.Net.Calendar { ProductId = "-//WebCrm//Calendar//EN" };
        calendar.AddProperty("X-WR-CALNAME", "WebCrm");
        foreach (var a in rows)
        {
            var e = new CalendarEvent
            {
                Uid = $"activity-{a.Id}@webcrm",
                Summary = $"{types.GetValueOrDefault(a.TypeId)}: {a.Subject}",
                Description = string.Join("\n\n", new[] { a.Company, a.Description, a.Result }.Where(s => !string.IsNullOrWhiteSpace(s))),
                Status = a.Status == ActivityStatus.Cancelled ? "CANCELLED" : "CONFIRMED",
                DtStamp = new CalDateTime(DateTime.SpecifyKind(a.UpdatedAtUtc, DateTimeKind.Utc)),
            };
            if (a.AllDay)
            {
                var start = clock.ToLocal(a.StartUtc);
                var end = clock.ToLocal(a.EndUtc);
                e.DtStart = new CalDateTime(DateOnly.FromDateTime(start));
                e.DtEnd = new CalDateTime(DateOnly.FromDateTime(end));
            }
            else
            {
                e.DtStart = new CalDateTime(DateTime.SpecifyKind(a.StartUtc, DateTimeKind.Utc));
                e.DtEnd = new CalDateTime(DateTime.SpecifyKind(a.EndUtc, DateTimeKind.Utc));
            }
            calendar.Events.Add(e);
        }
        return new CalendarSerializer().SerializeToString(calendar);
    }

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
