using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Clients;

/// <summary>Creating, editing and deleting a company with its custom field values; a lost update answers with the differences.</summary>
public sealed class CompanyEditing(CrmDbContext db, CompanyAccess access, CompanyConflicts conflicts, ReferenceLookup lookup,
    IStringLocalizer<SharedResource> l)
{
    private Task<List<CustomFieldDefinition>> CustomDefinitionsAsync(CancellationToken ct) =>
        CustomFieldValues.DefinitionsAsync(db, CustomFieldTarget.Company, ct);

    private Task<List<CustomFieldValue>> CustomValuesAsync(int id, bool tracked, CancellationToken ct) =>
        CustomFieldValues.ValuesAsync(db, CustomFieldTarget.Company, id, tracked, ct);

    public async Task<Result<CompanyFormViewModel>> NewFormAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = UserAccess.From(principal);
        if (!user.Has(Permissions.Clients.Create))
        {
            return Result<CompanyFormViewModel>.From(Result.Forbidden);
        }
        return await FormAsync(null, new CompanyInput { ResponsibleId = user.UserId }, user, [], ct);
    }

    public async Task<Result<CompanyFormViewModel>> EditFormAsync(int id, ClaimsPrincipal principal, CancellationToken ct)
    {
        var loaded = await access.LoadAsync(id, principal, Operations.Update, ct);
        if (loaded.Value is not { } company)
        {
            return Result<CompanyFormViewModel>.From(loaded);
        }
        var input = CompanyConflicts.ToInput(company, await CustomValuesAsync(id, false, ct));
        return await FormAsync(id, input, UserAccess.From(principal), [], ct);
    }

    /// <summary>The form redisplayed with what the user posted (after a refusal) and, after a conflict, the other user's values.</summary>
    public async Task<Result<CompanyFormViewModel>> RedisplayAsync(int? id, CompanyInput input, IReadOnlyList<ConflictField> conflict,
        ClaimsPrincipal principal, CancellationToken ct)
    {
        if (id is { } existing && await access.LoadAsync(existing, principal, Operations.Update, ct) is { Ok: false } refused)
        {
            return Result<CompanyFormViewModel>.From(refused);
        }
        return await FormAsync(id, input, UserAccess.From(principal), conflict, ct);
    }

    private async Task<CompanyFormViewModel> FormAsync(int? id, CompanyInput input, UserAccess user,
        IReadOnlyList<ConflictField> conflict, CancellationToken ct)
    {
        async Task<List<Option>> Options(ReferenceListKind kind, int? current) => (await lookup.OptionsAsync(kind, current, ct)).AsOptions();
        var definitions = await CustomDefinitionsAsync(ct);
        return new CompanyFormViewModel
        {
            Id = id,
            Input = input,
            Types = await Options(ReferenceListKind.ClientType, input.TypeId),
            Regions = await Options(ReferenceListKind.Region, input.RegionId),
            Industries = await Options(ReferenceListKind.Industry, input.IndustryId),
            Sources = await Options(ReferenceListKind.ClientSource, input.SourceId),
            Users = (await lookup.UsersAsync(input.ResponsibleId, ct)).AsOptions(),
            CustomFields = definitions.Select(d => new CustomFieldEditor(d, d.Name(FormText.Language), input.Custom.GetValueOrDefault(d.Id))).ToList(),
            CanReassign = user.Has(Permissions.Clients.Reassign),
            Conflict = conflict,
        };
    }

    /// <summary>Creates the company and its custom field values in one transaction: both are stored or neither.</summary>
    public async Task<Result> CreateAsync(CompanyInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = UserAccess.From(principal);
        if (!user.Has(Permissions.Clients.Create))
        {
            return Result.Forbidden;
        }
        input.ResponsibleId = access.ResponsibleOnCreate(user, input.ResponsibleId);
        var errors = await CheckReferencesAsync(input, null, ct);
        var custom = CustomFieldValues.Parse(await CustomDefinitionsAsync(ct), input.Custom, errors, l);
        if (errors.Count > 0)
        {
            return Result.Invalid(errors);
        }
        var company = new Company();
        Apply(input, company);
        company.ResponsibleId = input.ResponsibleId;
        db.Companies.Add(company);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        CustomFieldValues.Save(db, CustomFieldTarget.Company, company.Id, custom, []);
        if (!string.IsNullOrWhiteSpace(input.FirstContact.FullName))
        {
            db.ContactPersons.Add(new ContactPerson
            {
                CompanyId = company.Id, FullName = input.FirstContact.FullName.Trim(),
                Phone = FormText.Clean(input.FirstContact.Phone), Email = FormText.Clean(input.FirstContact.Email),
            });
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Result.Success(company.Id);
    }

    public async Task<Result> UpdateAsync(int id, CompanyInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        var loaded = await access.LoadAsync(id, principal, Operations.Update, ct, tracked: true);
        if (loaded.Value is not { } company)
        {
            return loaded;
        }
        var reassigning = !string.IsNullOrEmpty(input.ResponsibleId) && input.ResponsibleId != company.ResponsibleId;
        if (reassigning && !await access.AllowsAsync(principal, company, Operations.Reassign))
        {
            return Result.Forbidden;
        }
        var errors = await CheckReferencesAsync(input, company, ct);
        var definitions = await CustomDefinitionsAsync(ct);
        var custom = CustomFieldValues.Parse(definitions, input.Custom, errors, l);
        if (errors.Count > 0)
        {
            return Result.Invalid(errors);
        }
        var existingValues = await CustomValuesAsync(id, true, ct);
        // The stamp the user loaded decides: if the row has moved on since, the UPDATE matches nothing.
        db.Entry(company).Property(c => c.ConcurrencyStamp).OriginalValue = input.ConcurrencyStamp;
        Apply(input, company);
        if (reassigning)
        {
            company.ResponsibleId = input.ResponsibleId!;
        }
        CustomFieldValues.Save(db, CustomFieldTarget.Company, id, custom, existingValues);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return Result.Success(id);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return await conflicts.AfterLostUpdateAsync(id, input, definitions, ct);
        }
    }

    public async Task<Result<CompanyDeleteViewModel>> DeleteInfoAsync(int id, ClaimsPrincipal principal, CancellationToken ct)
    {
        var loaded = await access.LoadAsync(id, principal, Operations.Delete, ct);
        if (loaded.Value is not { } company)
        {
            return Result<CompanyDeleteViewModel>.From(loaded);
        }
        return new CompanyDeleteViewModel(id, company.Name, company.ConcurrencyStamp,
            await db.ContactPersons.CountAsync(p => p.CompanyId == id, ct),
            await db.BankAccounts.CountAsync(b => b.CompanyId == id, ct),
            await db.Contracts.CountAsync(k => k.CompanyId == id, ct),
            await db.Deals.CountAsync(d => d.CompanyId == id, ct));
    }

    public async Task<Result> DeleteAsync(int id, Guid stamp, ClaimsPrincipal principal, CancellationToken ct)
    {
        var loaded = await access.LoadAsync(id, principal, Operations.Delete, ct, tracked: true);
        if (loaded.Value is not { } company)
        {
            return loaded;
        }
        // A company with deals is never deleted: its deals hold money, documents and the funnel's history. The count
        // covers every deal, including ones the user cannot see, so the refusal does not depend on who asks.
        if (await db.Deals.AnyAsync(d => d.CompanyId == id, ct))
        {
            return new Result(Outcome.Invalid);
        }
        db.Entry(company).Property(c => c.ConcurrencyStamp).OriginalValue = stamp;
        db.Companies.Remove(company);
        db.CustomFieldValues.RemoveRange(db.CustomFieldValues.Where(v => v.Target == CustomFieldTarget.Company && v.EntityId == id));
        // Contact persons go with the company (cascade); their custom values are not tied by a key, so go explicitly.
        db.CustomFieldValues.RemoveRange(db.CustomFieldValues.Where(v => v.Target == CustomFieldTarget.ContactPerson
            && db.ContactPersons.Any(p => p.CompanyId == id && p.Id == v.EntityId)));
        try
        {
            await db.SaveChangesAsync(ct);
            return Result.Success();
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Result(Outcome.Conflict);
        }
    }

    /// <summary>Posted reference ids must name values of the right list that may still be chosen (or that the record already had).</summary>
    private async Task<Dictionary<string, string>> CheckReferencesAsync(CompanyInput input, Company? existing, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        async Task Check(string field, int? value, int? current, ReferenceListKind kind)
        {
            if (value is { } v && v != current && !await db.ReferenceItems.AnyAsync(r => r.Id == v && r.Kind == kind && r.IsActive, ct))
            {
                errors[field] = l["Choose a value from the list."];
            }
        }
        await Check(nameof(CompanyInput.TypeId), input.TypeId, existing?.TypeId, ReferenceListKind.ClientType);
        await Check(nameof(CompanyInput.RegionId), input.RegionId, existing?.RegionId, ReferenceListKind.Region);
        await Check(nameof(CompanyInput.IndustryId), input.IndustryId, existing?.IndustryId, ReferenceListKind.Industry);
        await Check(nameof(CompanyInput.SourceId), input.SourceId, existing?.SourceId, ReferenceListKind.ClientSource);
        if (!string.IsNullOrEmpty(input.ResponsibleId) && input.ResponsibleId != existing?.ResponsibleId
            && !await db.Users.AnyAsync(u => u.Id == input.ResponsibleId && !u.IsDisabled, ct))
        {
            errors[nameof(CompanyInput.ResponsibleId)] = l["Choose a value from the list."];
        }
        return errors;
    }

    private static void Apply(CompanyInput input, Company company)
    {
        var clean = FormText.Clean;
        company.Name = input.Name!.Trim();
        company.LegalName = clean(input.LegalName);
        company.TypeId = input.TypeId;
        company.Inn = clean(input.Inn);
        company.Kpp = clean(input.Kpp);
        company.Ogrn = clean(input.Ogrn);
        company.LegalAddress = clean(input.LegalAddress);
        company.PostalAddress = clean(input.PostalAddress);
        company.City = clean(input.City);
        company.Phone = clean(input.Phone);
        company.Email = clean(input.Email);
        company.Website = clean(input.Website);
        company.RegionId = input.RegionId;
        company.IndustryId = input.IndustryId;
        company.SourceId = input.SourceId;
        company.Notes = clean(input.Notes);
    }
}

public sealed record CompanyDeleteViewModel(int Id, string Name, Guid Stamp, int Contacts, int BankAccounts, int Contracts, int Deals);
