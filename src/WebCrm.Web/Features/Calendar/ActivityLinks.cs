using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Security;
using WebCrm.Web.Features.Clients;
using WebCrm.Web.Features.Deals;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Calendar;

/// <summary>
/// An activity's links to a company, a contact person and a deal: only records the user may see (through
/// <see cref="CompanyAccess"/> and <see cref="DealAccess"/>), the contact of the chosen company, the deal of it.
/// A forged id is refused with a message next to the field.
/// </summary>
public sealed class ActivityLinks(CrmDbContext db, CompanyAccess companies, DealAccess deals, IStringLocalizer<SharedResource> l)
{
    /// <summary>Completes the company from a chosen deal or contact, then checks all three; errors go next to their fields.</summary>
    public async Task CheckAsync(ActivityInput input, UserAccess user, Dictionary<string, string> errors, CancellationToken ct)
    {
        if (input.CompanyId is null && input.DealId is { } d)
        {
            input.CompanyId = await deals.Query(user).Where(x => x.Id == d).Select(x => (int?)x.CompanyId).FirstOrDefaultAsync(ct);
        }
        if (input.CompanyId is null && input.ContactPersonId is { } c)
        {
            input.CompanyId = await db.ContactPersons.AsNoTracking().Where(p => p.Id == c).Select(p => (int?)p.CompanyId).FirstOrDefaultAsync(ct);
        }
        if (input.CompanyId is { } companyId && !await companies.IsVisibleAsync(companyId, user, ct))
        {
            errors[nameof(ActivityInput.CompanyId)] = l["Choose the company."];
            return;
        }
        if (input.ContactPersonId is { } cp
            && !await db.ContactPersons.AsNoTracking().AnyAsync(p => p.Id == cp && p.CompanyId == input.CompanyId, ct))
        {
            errors[nameof(ActivityInput.ContactPersonId)] = l["Choose a value from the list."];
        }
        if (input.DealId is { } dealId && !await deals.Query(user).AnyAsync(x => x.Id == dealId && x.CompanyId == input.CompanyId, ct))
        {
            errors[nameof(ActivityInput.DealId)] = l["Choose a value from the list."];
        }
    }

    public Task<string?> CompanyNameAsync(int? companyId, UserAccess user, CancellationToken ct) =>
        companyId is { } id ? companies.NameAsync(id, user, ct) : Task.FromResult<string?>(null);

    /// <summary>The contact persons of a company the user sees.</summary>
    public async Task<IReadOnlyList<Option>> ContactsAsync(int companyId, CancellationToken ct) =>
        await db.ContactPersons.AsNoTracking().Where(p => p.CompanyId == companyId).OrderBy(p => p.FullName)
            .Select(p => new Option(p.Id.ToString(CultureInfo.InvariantCulture), p.FullName)).ToListAsync(ct);

    /// <summary>The company's deals the user sees.</summary>
    public async Task<IReadOnlyList<Option>> DealsAsync(int companyId, UserAccess user, CancellationToken ct) =>
        await deals.QueryPerCompany(user).Where(d => d.CompanyId == companyId).OrderByDescending(d => d.StartDate).Take(200)
            .Select(d => new Option(d.Id.ToString(CultureInfo.InvariantCulture), d.Title)).ToListAsync(ct);

    /// <summary>The company picker of the form: visible companies matching the typed text.</summary>
    public async Task<IReadOnlyList<CompanyPick>> PickCompaniesAsync(string? q, UserAccess user, CancellationToken ct) =>
        await companies.Search(q, user).OrderBy(c => c.Name).ThenBy(c => c.Id).Take(20)
            .Select(c => new CompanyPick(c.Id, c.Name, c.City)).ToListAsync(ct);

    /// <summary>Names of the linked records the user may see (a link to a record he cannot see shows nothing).</summary>
    public async Task<(string? Company, string? Contact, string? Deal)> NamesAsync(int? companyId, int? contactId, int? dealId, UserAccess user, CancellationToken ct)
    {
        var company = await CompanyNameAsync(companyId, user, ct);
        var contact = company is not null && contactId is { } c
            ? await db.ContactPersons.AsNoTracking().Where(p => p.Id == c).Select(p => p.FullName).FirstOrDefaultAsync(ct)
            : null;
        var deal = dealId is { } d ? await deals.Query(user).Where(x => x.Id == d).Select(x => x.Title).FirstOrDefaultAsync(ct) : null;
        return (company, contact, deal);
    }
}

public sealed record CompanyPick(int Id, string Name, string? Detail);
