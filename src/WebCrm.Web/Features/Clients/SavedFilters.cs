using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Security;
using WebCrm.Web.Features.Shared;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Clients;

/// <summary>
/// Named searches of the company list: personal or shared with everyone, by <see cref="SavedFilterVisibility"/>
/// (another user's personal filter is simply not found; only the owner deletes his filter).
/// </summary>
public sealed class SavedFilters(CrmDbContext db, ReferenceLookup lookup, IStringLocalizer<SharedResource> l)
{
    private const string Module = "Clients";

    public const int MaxConditions = FilterSpec.MaxConditions;
    public const int MaxDefinitionLength = 20000;

    /// <summary>What is stored; G (group joins) and J (join of the groups) are absent in filters saved before groups: one AND group.</summary>
    private sealed record Definition(string? Q, List<FilterConditionInput> C, string? Sort, bool Desc, List<string?>? G = null, string? J = null);

    private static SavedFilterVisibility Rule => SavedFilterVisibility.Instance;

    private IQueryable<SavedFilter> Visible(UserAccess user) =>
        Rule.Apply(db.SavedFilters.AsNoTracking(), user).Where(f => f.Module == Module);

    /// <summary>
    /// The filters offered above the list (the user's own and the shared ones) and to other modules, from the reference
    /// cache: the list's every page offered them, and reading them cost the page a round trip of its own. The cache drops
    /// its copy when this instance writes the table, so a filter saved here is offered at once; another instance offers
    /// it within the cache's lifetime (<see cref="ReferenceCache"/>). The same visibility rule decides, on the cached rows.
    /// </summary>
    public async Task<List<SavedFilterOption>> OptionsAsync(UserAccess user) =>
        (await lookup.DataAsync()).SavedFilters.Where(f => f.Module == Module && Rule.CanSee(f, user))
            .OrderBy(f => f.Name, StringComparer.Ordinal).ThenBy(f => f.Id)
            .Select(f => new SavedFilterOption(f.Id, f.Name, f.IsShared, f.OwnerId == user.UserId)).ToList();

    /// <summary>Replaces the query's search, conditions and sort with the saved ones; drops a filter the user cannot see.</summary>
    public async Task ApplyAsync(CompanyListQuery query, UserAccess user, CancellationToken ct)
    {
        // What the builder shows is what is searched: a saved filter replaces the conditions when it is chosen with its own
        // button or opened by link (no conditions of its own), not when the user edits or runs the conditions it filled in.
        if (query.Saved is not { } id || (!query.ApplySaved && (query.Fb is not null || query.C.Any(c => !string.IsNullOrEmpty(c.F)))))
        {
            return;
        }
        var json = await Visible(user).Where(f => f.Id == id).Select(f => f.Definition).FirstOrDefaultAsync(ct);
        if (json is null)
        {
            query.Saved = null;
            return;
        }
        var saved = JsonSerializer.Deserialize<Definition>(json)!;
        query.Q = saved.Q;
        query.C = saved.C;
        query.G = saved.G ?? [];
        query.J = saved.J;
        query.Sort = saved.Sort;
        query.Desc = saved.Desc;
    }

    /// <summary>
    /// Saves the current search, filter and sort under a name; invalid (the error keyed by the name's field) without a
    /// name or with one over 200 characters, and invalid for the whole form when the filter is too large to keep.
    /// </summary>
    public async Task<Result> SaveAsync(string? name, bool shared, CompanyListQuery query, ClaimsPrincipal principal)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            return Result.Invalid("filterName", l["Enter a name for the filter (at most 200 characters)."]);
        }
        var user = UserAccess.From(principal);
        if (shared && !SavedFilterVisibility.MayShare(user))
        {
            return Result.Forbidden;
        }
        var conditions = query.C.Where(c => !string.IsNullOrEmpty(c.F)).ToList();
        var definition = JsonSerializer.Serialize(new Definition(query.Q, conditions, query.Sort, query.Desc, query.G, query.J));
        if (conditions.Count > MaxConditions || query.G.Count > FilterSpec.MaxGroups || definition.Length > MaxDefinitionLength)
        {
            return Result.Invalid("", l["The filter is too large to save: keep it under {0} conditions.", MaxConditions]);
        }
        var saved = new SavedFilter { Module = Module, Name = name.Trim(), OwnerId = user.UserId, IsShared = shared, Definition = definition };
        db.SavedFilters.Add(saved);
        await db.SaveChangesAsync();
        return Result.Success(saved.Id);
    }

    /// <summary>Deletes the user's own filter; another user's (shared or not) is not found.</summary>
    public async Task<Result> DeleteAsync(int id, ClaimsPrincipal principal)
    {
        var user = UserAccess.From(principal);
        var saved = await db.SavedFilters.FirstOrDefaultAsync(f => f.Id == id && f.Module == Module);
        if (saved is null || !Rule.Allows(saved, user, RecordOperations.Delete))
        {
            return Result.NotFound;
        }
        db.SavedFilters.Remove(saved);
        await db.SaveChangesAsync();
        return Result.Success();
    }
}
