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
/// deactivated since still shows (and stays selected) instead of silently changing. Everything comes from the
/// <see cref="ReferenceCache"/>: no round trip on a page. What decides a write (which users are active) reads the
/// database.
/// </summary>
public sealed class ReferenceLookup(CrmDbContext db, ReferenceCache cache)
{
    public async Task<IReadOnlyList<LookupOption>> OptionsAsync(ReferenceListKind kind, int? includeId = null, CancellationToken ct = default)
    {
        var ru = FormText.IsRussian;
        return (await cache.GetAsync()).Items.Where(r => r.Kind == kind && (r.IsActive || r.Id == includeId))
            .Select(r => new LookupOption(r.Id, ru ? r.NameRu : r.NameEn)).ToList();
    }

    /// <summary>Users who can be made responsible (active ones, plus the one a record already names); id and display name.</summary>
    public async Task<IReadOnlyList<UserOption>> UsersAsync(string? includeId = null, CancellationToken ct = default) =>
        (await cache.GetAsync()).Users.Where(u => !u.IsDisabled || u.Id == includeId).Select(u => new UserOption(u.Id, u.DisplayName)).ToList();

    /// <summary>Which of these ids are active users: a disabled user is never chosen as anyone's responsible.</summary>
    public async Task<IReadOnlySet<string>> ActiveUserIdsAsync(IEnumerable<string?> ids, CancellationToken ct = default)
    {
        var wanted = ids.Where(i => !string.IsNullOrEmpty(i)).Distinct().ToList();
        return wanted.Count == 0 ? new HashSet<string>()
            : (await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id) && !u.IsDisabled).Select(u => u.Id).ToListAsync(ct)).ToHashSet();
    }

    public async Task<IReadOnlyList<CurrencyOption>> CurrenciesAsync(int? includeId = null, CancellationToken ct = default)
    {
        var ru = FormText.IsRussian;
        return (await cache.GetAsync()).Currencies.Where(c => c.IsActive || c.Id == includeId)
            .Select(c => new CurrencyOption(c.Id, c.Code, ru ? c.NameRu : c.NameEn, c.Symbol, c.MinorUnits)).ToList();
    }

    /// <summary>The active custom fields of companies, contact persons or deals, in the administrator's order.</summary>
    public async Task<IReadOnlyList<CustomFieldOption>> CustomFieldsAsync(CustomFieldTarget target, CancellationToken ct = default)
    {
        var russian = FormText.IsRussian;
        return (await cache.GetAsync()).ActiveFields(target).Select(f => new CustomFieldOption(f.Id, russian ? f.NameRu : f.NameEn, f.Type, f.IsRequired,
            f.Type == CustomFieldType.List ? f.OptionList.ToList() : [])).ToList();
    }

    /// <summary>The active definitions of one record type, in the administrator's order (cached, untracked: for display).</summary>
    public async Task<IReadOnlyList<CustomFieldDefinition>> DefinitionsAsync(CustomFieldTarget target) =>
        (await cache.GetAsync()).ActiveFields(target).ToList();

    /// <summary>The cached reference data itself (reference values by id, users by id, currencies, rates).</summary>
    public Task<ReferenceData> DataAsync() => cache.GetAsync();
}
