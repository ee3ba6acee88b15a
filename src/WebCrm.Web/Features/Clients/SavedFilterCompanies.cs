using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Security;

namespace WebCrm.Web.Features.Clients;

/// <summary>A saved filter of the company list, as another module offers it.</summary>
[ModuleEntryPoint]
public sealed record SavedFilterChoice(int Id, string Name, bool IsShared);

/// <summary>
/// The companies a saved filter of the company list finds for a user: the same visibility, quick search and
/// conditions as the list itself (for modules that act on a filtered list, e.g. sending a package to it).
/// </summary>
[ModuleEntryPoint]
public sealed class SavedFilterCompanies(SavedFilters savedFilters, CompanyList list)
{
    /// <summary>The user's own and the shared filters.</summary>
    public async Task<IReadOnlyList<SavedFilterChoice>> ChoicesAsync(UserAccess user, CancellationToken ct) =>
        (await savedFilters.OptionsAsync(user)).Select(f => new SavedFilterChoice(f.Id, f.Name, f.IsShared)).ToList();

    /// <summary>The visible companies the filter finds; null when the user cannot see that filter (or it does not exist).</summary>
    public async Task<IQueryable<Company>?> CompaniesAsync(int savedFilterId, UserAccess user, CancellationToken ct)
    {
        var query = new CompanyListQuery { Saved = savedFilterId };
        await savedFilters.ApplyAsync(query, user, ct);
        if (query.Saved is null)
        {
            return null;
        }
        return (await list.FilteredAsync(query, user)).Query;
    }
}
