using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Reference;

namespace WebCrm.Web.Features.Shared;

/// <summary>One choice of a drop-down, named in the current UI language.</summary>
public sealed record LookupOption(int Id, string Name);

public sealed record UserOption(string Id, string Name);

public sealed record CurrencyOption(int Id, string Code, string Name, string Symbol, int MinorUnits);

public sealed record CustomFieldOption(int Id, string Name, CustomFieldType Type, bool IsRequired, IReadOnlyList<string> Options);

/// <summary>
/// The read side of the reference lists for every other module: active values in list order, in the user's
/// language. A form that edits an old record passes the value it already holds as <c>includeId</c>, so a value
/// deactivated since still shows (and stays selected) instead of silently changing.
/// </summary>
public sealed class ReferenceLookup(CrmDbContext db)
{
    public async Task<IReadOnlyList<LookupOption>> OptionsAsync(ReferenceListKind kind, int? includeId = null, CancellationToken ct = default)
    {
        var query = db.ReferenceItems.AsNoTracking()
            .Where(r => r.Kind == kind && (r.IsActive || r.Id == includeId))
            .OrderBy(r => r.SortOrder).ThenBy(r => r.Id);
        return FormText.IsRussian
            ? await query.Select(r => new LookupOption(r.Id, r.NameRu)).ToListAsync(ct)
            : await query.Select(r => new LookupOption(r.Id, r.NameEn)).ToListAsync(ct);
    }

    /// <summary>Users who can be made responsible (active ones, plus the one a record already names); id and display name.</summary>
    public async Task<IReadOnlyList<UserOption>> UsersAsync(string? includeId = null, CancellationToken ct = default) =>
        await db.Users.AsNoTracking().Where(u => !u.IsDisabled || u.Id == includeId).OrderBy(u => u.DisplayName)
            .Select(u => new UserOption(u.Id, u.DisplayName)).ToListAsync(ct);

    /// <summary>Which of these ids are active users: a disabled user is never chosen as anyone's responsible.</summary>
    public async Task<IReadOnlySet<string>> ActiveUserIdsAsync(IEnumerable<string?> ids, CancellationToken ct = default)
    {
        var wanted = ids.Where(i => !string.IsNullOrEmpty(i)).Distinct().ToList();
        return wanted.Count == 0 ? new HashSet<string>()
            : (await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id) && !u.IsDisabled).Select(u => u.Id).ToListAsync(ct)).ToHashSet();
    }

    public async Task<IReadOnlyList<CurrencyOption>> CurrenciesAsync(int? includeId = null, CancellationToken ct = default)
    {
        var query = db.Currencies.AsNoTracking()
            .Where(c => c.IsActive || c.Id == includeId)
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Id);
        return FormText.IsRussian
            ? await query.Select(c => new CurrencyOption(c.Id, c.Code, c.NameRu, c.Symbol, c.MinorUnits)).ToListAsync(ct)
            : await query.Select(c => new CurrencyOption(c.Id, c.Code, c.NameEn, c.Symbol, c.MinorUnits)).ToListAsync(ct);
    }

    /// <summary>The active custom fields of companies, contact persons or deals, in the administrator's order.</summary>
    public async Task<IReadOnlyList<CustomFieldOption>> CustomFieldsAsync(CustomFieldTarget target, CancellationToken ct = default)
    {
        var russian = FormText.IsRussian;
        var fields = await db.CustomFieldDefinitions.AsNoTracking()
            .Where(f => f.Target == target && f.IsActive)
            .OrderBy(f => f.SortOrder).ThenBy(f => f.Id)
            .Select(f => new { f.Id, Name = russian ? f.NameRu : f.NameEn, f.Type, f.IsRequired, f.Options })
            .ToListAsync(ct);
        return fields.Select(f => new CustomFieldOption(f.Id, f.Name, f.Type, f.IsRequired,
            f.Type == CustomFieldType.List
                ? (f.Options ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : [])).ToList();
    }
}
