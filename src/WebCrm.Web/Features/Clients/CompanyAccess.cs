using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Security;

namespace WebCrm.Web.Features.Clients;

/// <summary>
/// Who may see and change which company (<see cref="CompanyVisibility"/>): the company list, search, export, card, the
/// card's parts and every other module (the deal's company picker and company name) ask here.
/// </summary>
[ModuleEntryPoint]
public sealed class CompanyAccess(CrmDbContext db, IAuthorizationService authorization)
    : RecordAccess<Company>(db, authorization, CompanyVisibility.Instance)
{
    /// <summary>The visible companies whose own search text (name, legal name, INN, city…) contains <paramref name="q"/>; all visible ones when empty.</summary>
    public IQueryable<Company> Search(string? q, UserAccess user)
    {
        var companies = Query(user);
        if (string.IsNullOrWhiteSpace(q))
        {
            return companies;
        }
        var term = Domain.Common.SearchText.Normalize(q);
        return companies.Where(c => c.SearchText.Contains(term));
    }

    /// <summary>The company's name when the user may see it; null for a company he cannot see or that does not exist.</summary>
    public Task<string?> NameAsync(int companyId, UserAccess user, CancellationToken ct) =>
        Query(user).Where(c => c.Id == companyId).Select(c => c.Name).FirstOrDefaultAsync(ct);

    /// <summary>True when the company exists and the user may see it (a forged id on another module's form is refused).</summary>
    public Task<bool> IsVisibleAsync(int companyId, UserAccess user, CancellationToken ct) =>
        Query(user).AnyAsync(c => c.Id == companyId, ct);
}
