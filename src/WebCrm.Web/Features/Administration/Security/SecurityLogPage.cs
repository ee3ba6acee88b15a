using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Administration;
using WebCrm.Web.Features.Administration.Users;
using WebCrm.Web.Features.Shared;

namespace WebCrm.Web.Features.Administration.Security;

/// <summary>The security log's filter: whose events (author or user concerned), which kind, which period, which page.</summary>
public sealed class SecurityLogQuery
{
    public string? User { get; set; }
    public SecurityEventKind? Kind { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public int Page { get; set; } = 1;
    public int? Size { get; set; }
    public int Take => PageSizes.Of(Size);

    public string Url(int page, int size) =>
        "/admin/security/log?" + string.Join("&", new[]
        {
            User is { Length: > 0 } ? "user=" + Uri.EscapeDataString(User) : null,
            Kind is { } k ? "kind=" + k : null,
            From is { } f ? "from=" + f.ToString("yyyy-MM-dd") : null,
            To is { } t ? "to=" + t.ToString("yyyy-MM-dd") : null,
            "page=" + page, "size=" + size,
        }.Where(p => p is not null));
}

public sealed record SecurityLogRow(DateTime AtUtc, SecurityEventKind Kind, string? ActorName, string TargetName, string Details, string Address);

public sealed class SecurityLogModel
{
    public required SecurityLogQuery Query { get; init; }
    public required IReadOnlyList<SecurityLogRow> Rows { get; init; }
    public required int Total { get; init; }
    public required IReadOnlyList<Users.UserOption> Users { get; init; }
    public required int RetentionDays { get; init; }
    public int Pages => Math.Max(1, (Total + Query.Take - 1) / Query.Take);
}

/// <summary>The administrator's security log: newest first, filtered and paged in the database, in names and words.</summary>
public sealed class SecurityLogPage(CrmDbContext db, RightsPreviews words, IConfiguration configuration)
{
    public async Task<SecurityLogModel> ListAsync(SecurityLogQuery query, CancellationToken ct)
    {
        var events = db.SecurityEvents.AsNoTracking();
        if (query.User is { Length: > 0 } user)
        {
            events = events.Where(e => e.TargetUserId == user || e.ActorId == user);
        }
        if (query.Kind is { } kind)
        {
            events = events.Where(e => e.Kind == kind);
        }
        if (query.From is { } from)
        {
            var start = DayStartUtc(from);
            events = events.Where(e => e.AtUtc >= start);
        }
        if (query.To is { } to)
        {
            var end = DayStartUtc(to.AddDays(1));
            events = events.Where(e => e.AtUtc < end);
        }
        var total = await events.CountAsync(ct);
        query.Page = Math.Clamp(query.Page, 1, Math.Max(1, (total + query.Take - 1) / query.Take));
        var page = await events.OrderByDescending(e => e.AtUtc).ThenByDescending(e => e.Id)
            .Skip((query.Page - 1) * query.Take).Take(query.Take).ToListAsync(ct);
        var describe = await words.DescriberAsync(page, ct);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.DisplayName).ThenBy(u => u.UserName)
            .Select(u => new Users.UserOption(u.Id, u.DisplayName + " (" + u.UserName + ")")).ToListAsync(ct);
        return new SecurityLogModel
        {
            Query = query, Total = total, Users = users,
            RetentionDays = configuration.GetValue("Security:LogRetentionDays", Infrastructure.Security.SecurityLogCleanup.DefaultRetentionDays),
            Rows = page.Select(e => new SecurityLogRow(e.AtUtc, e.Kind, describe.ActorName(e), describe.TargetName(e), describe.Details(e), e.Address)).ToList(),
        };
    }

    /// <summary>Midnight of a day in the server's time zone (the zone the log's times are shown in), as UTC.</summary>
    private static DateTime DayStartUtc(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Local).ToUniversalTime();
}
