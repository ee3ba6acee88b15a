using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Packages;
using WebCrm.Domain.Security;
using WebCrm.Web.Features.Clients;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Packages;

/// <summary>
/// Sending a package: to chosen contact persons of one company (from its card) or to the contact persons of every
/// company a saved filter finds. Only companies the sender may see (<see cref="CompanyAccess"/>); a contact id that is
/// not one of the company's is refused, not skipped. The first post shows the letters filled in; the confirmed one sends.
/// </summary>
public sealed class PackageSending(CrmDbContext db, CompanyAccess companies, SavedFilterCompanies savedFilters, PackageLetters letters,
    IStringLocalizer<SharedResource> l)
{
    /// <summary>Most recipients one list send may reach; a bigger list is refused with a message.</summary>
    public const int MaxListRecipients = 2000;

    public async Task<Result<SendViewModel>> FormAsync(SendInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        var loaded = await companies.LoadAsync(input.CompanyId, principal, Operations.Read, ct);
        if (loaded.Value is not { } company)
        {
            return Result<SendViewModel>.From(loaded);
        }
        return await ViewAsync(company, input, [], ct);
    }

    /// <summary>Checks the choice; unconfirmed: the preview; confirmed: the letters go to the outbox (the value's Preview is what went).</summary>
    public async Task<Result<SendViewModel>> SendAsync(SendInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        var loaded = await companies.LoadAsync(input.CompanyId, principal, Operations.Read, ct);
        if (loaded.Value is not { } company)
        {
            return Result<SendViewModel>.From(loaded);
        }
        var contacts = await db.ContactPersons.AsNoTracking().Where(p => p.CompanyId == company.Id && input.ContactIds.Contains(p.Id))
            .Select(p => new { p.Id, p.FullName, p.Email }).ToListAsync(ct);
        if (contacts.Count != input.ContactIds.Distinct().Count())
        {
            // An id that is not a contact person of this company was forged or is gone: nothing is sent.
            return Result<SendViewModel>.From(Result.NotFound);
        }
        var errors = new Dictionary<string, string>();
        var package = input.PackageId is { } packageId ? await letters.LoadAsync(packageId, ct) : null;
        if (package is null)
        {
            errors[nameof(SendInput.PackageId)] = l["Choose a package."];
        }
        else if (package.Materials.Count == 0)
        {
            errors[nameof(SendInput.PackageId)] = l["The package has no materials."];
        }
        if (!PackageLetters.Languages.Contains(input.Language))
        {
            errors[nameof(SendInput.Language)] = l["Choose a value from the list."];
        }
        if (contacts.Count == 0)
        {
            errors[nameof(SendInput.ContactIds)] = l["Choose at least one contact person."];
        }
        else if (contacts.FirstOrDefault(c => string.IsNullOrWhiteSpace(c.Email)) is { } noEmail)
        {
            errors[nameof(SendInput.ContactIds)] = l["{0} has no email address.", noEmail.FullName];
        }
        if (errors.Count > 0)
        {
            var invalid = await ViewAsync(company, input, [], ct);
            return new Result<SendViewModel>(Outcome.Invalid, invalid.Value, Errors: errors);
        }
        var manager = await ManagerNameAsync(company.ResponsibleId, ct);
        var recipients = contacts.Select(c => new PackageRecipient(company.Id, company.Name, c.Id, c.FullName, c.Email!.Trim(), manager)).ToList();
        var preview = recipients.Select(r => PackageLetters.Compose(package!, r, input.Language)).ToList();
        if (input.Confirm)
        {
            await letters.SendAsync(package!, recipients, input.Language, UserAccess.From(principal).UserId, ct);
        }
        return await ViewAsync(company, input, preview, ct);
    }

    public async Task<SendToListViewModel> ListFormAsync(SendToListInput input, ClaimsPrincipal principal, CancellationToken ct) =>
        await ListViewAsync(input, UserAccess.From(principal), [], 0, 0, false, ct);

    /// <summary>The same for a saved filter's companies: preview shows the count and the first letters; confirmed, all are queued.</summary>
    public async Task<Result<SendToListViewModel>> SendToListAsync(SendToListInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = UserAccess.From(principal);
        var errors = new Dictionary<string, string>();
        var found = input.SavedFilterId is { } filterId ? await savedFilters.CompaniesAsync(filterId, user, ct) : null;
        if (found is null)
        {
            errors[nameof(SendToListInput.SavedFilterId)] = l["Choose a saved filter."];
        }
        var package = input.PackageId is { } packageId ? await letters.LoadAsync(packageId, ct) : null;
        if (package is null || package.Materials.Count == 0)
        {
            errors[nameof(SendToListInput.PackageId)] = package is null ? l["Choose a package."] : l["The package has no materials."];
        }
        if (!PackageLetters.Languages.Contains(input.Language))
        {
            errors[nameof(SendToListInput.Language)] = l["Choose a value from the list."];
        }
        List<PackageRecipient> recipients = [];
        if (found is not null)
        {
            recipients = await RecipientsAsync(found, ct);
            if (recipients.Count == 0)
            {
                errors[nameof(SendToListInput.SavedFilterId)] = l["No contact person of these companies has an email address."];
            }
            else if (recipients.Count > MaxListRecipients)
            {
                errors[nameof(SendToListInput.SavedFilterId)] = l["The list reaches {0} contact persons; at most {1} at once.", recipients.Count, MaxListRecipients];
            }
        }
        if (errors.Count > 0)
        {
            return new Result<SendToListViewModel>(Outcome.Invalid, await ListViewAsync(input, user, [], 0, 0, false, ct), Errors: errors);
        }
        var preview = recipients.Take(3).Select(r => PackageLetters.Compose(package!, r, input.Language)).ToList();
        if (input.Confirm)
        {
            await letters.SendAsync(package!, recipients, input.Language, user.UserId, ct);
        }
        return await ListViewAsync(input, user, preview, recipients.Select(r => r.CompanyId).Distinct().Count(), recipients.Count, true, ct);
    }

    /// <summary>Every contact person with an email of the given (visible) companies, with the company's manager by name.</summary>
    private async Task<List<PackageRecipient>> RecipientsAsync(IQueryable<Company> visible, CancellationToken ct)
    {
        var rows = await db.ContactPersons.AsNoTracking()
            .Where(p => p.Email != null && p.Email != "" && visible.Select(c => c.Id).Contains(p.CompanyId))
            .OrderBy(p => p.Company!.Name).ThenBy(p => p.FullName).Take(MaxListRecipients + 1)
            .Select(p => new { p.CompanyId, Company = p.Company!.Name, p.Id, p.FullName, p.Email, p.Company.ResponsibleId })
            .ToListAsync(ct);
        var managerIds = rows.Select(r => r.ResponsibleId).Distinct().ToList();
        var managers = await db.Users.AsNoTracking().Where(u => managerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return rows.Select(r => new PackageRecipient(r.CompanyId, r.Company, r.Id, r.FullName, r.Email!.Trim(), managers.GetValueOrDefault(r.ResponsibleId) ?? "")).ToList();
    }

    private async Task<string> ManagerNameAsync(string userId, CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "";

    private async Task<List<Option>> PackageOptionsAsync(CancellationToken ct) =>
        (await db.Set<InfoPackage>().AsNoTracking().OrderBy(p => p.Name).Select(p => new { p.Id, p.Name }).ToListAsync(ct))
            .Select(p => new Option(p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Name)).ToList();

    private async Task<Result<SendViewModel>> ViewAsync(Company company, SendInput input, IReadOnlyList<LetterPreview> preview, CancellationToken ct)
    {
        var contacts = await db.ContactPersons.AsNoTracking().Where(p => p.CompanyId == company.Id).OrderBy(p => p.FullName)
            .Select(p => new { p.Id, p.FullName, p.Email }).ToListAsync(ct);
        return new SendViewModel
        {
            Input = input,
            CompanyName = company.Name,
            Packages = await PackageOptionsAsync(ct),
            Contacts = contacts.Select(c => new ContactChoice(c.Id, c.FullName, c.Email, input.ContactIds.Contains(c.Id))).ToList(),
            Preview = preview,
        };
    }

    private async Task<SendToListViewModel> ListViewAsync(SendToListInput input, UserAccess user, IReadOnlyList<LetterPreview> preview,
        int companiesCount, int recipients, bool previewed, CancellationToken ct) => new()
    {
        Input = input,
        Filters = (await savedFilters.ChoicesAsync(user, ct)).Select(f => new Option(f.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), f.Name)).ToList(),
        Packages = await PackageOptionsAsync(ct),
        Preview = preview,
        Companies = companiesCount,
        Recipients = recipients,
        Previewed = previewed,
    };
}
