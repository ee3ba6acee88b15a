using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Security;
using WebCrm.Web.Features.Deals;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Clients;

/// <summary>The company card: main data, contact persons, bank details, groups, contracts, custom fields, deals and history.</summary>
public sealed class CompanyCard(CrmDbContext db, CompanyAccess access, CompanyDealsService deals, IStringLocalizer<SharedResource> l)
{
    public async Task<Result<CompanyCardViewModel>> CardAsync(int id, ClaimsPrincipal principal, CancellationToken ct)
    {
        var loaded = await access.LoadAsync(id, principal, Operations.Read, ct);
        if (loaded.Value is not { } company)
        {
            return Result<CompanyCardViewModel>.From(loaded);
        }
        var user = UserAccess.From(principal);
        var card = await MainAsync(company, principal, ct);
        var ru = FormText.Language == "ru";
        card.Contacts = await db.ContactPersons.AsNoTracking().Where(p => p.CompanyId == id).OrderBy(p => p.FullName)
            .Select(p => new ContactRow(p.Id, p.FullName, p.Position == null ? null : ru ? p.Position.NameRu : p.Position.NameEn,
                p.Phone, p.MobilePhone, p.Email, p.Birthday, p.Notes)).ToListAsync(ct);
        card.ContactCustomFields = await ContactCustomFieldsAsync(card.Contacts.Select(p => p.Id).ToList(), ct);
        card.BankAccounts = await db.BankAccounts.AsNoTracking().Where(b => b.CompanyId == id).OrderBy(b => b.Id)
            .Select(b => new BankAccountRow(b.Id, b.BankName, b.Bik, b.CorrespondentAccount, b.AccountNumber)).ToListAsync(ct);
        card.Groups = await CompanyGroupVisibility.Instance.Apply(db.CompanyGroups.AsNoTracking(), user)
            .OrderBy(g => g.OwnerId != null).ThenBy(g => g.Name)
            .Select(g => new GroupRow(g.Id, g.Name, g.OwnerId == null, db.CompanyGroupMembers.Any(m => m.GroupId == g.Id && m.CompanyId == id)))
            .ToListAsync(ct);
        card.Contracts = await db.Contracts.AsNoTracking().Where(k => k.CompanyId == id).OrderByDescending(k => k.Date)
            .Select(k => new ContractRow(k.Id, k.Number, k.Date, k.Subject, k.Amount, k.Currency == null ? null : k.Currency.Code,
                k.ValidFrom, k.ValidUntil, k.Status == null ? null : ru ? k.Status.NameRu : k.Status.NameEn, k.FileName, k.FileSize))
            .ToListAsync(ct);
        var values = await db.CustomFieldValues.AsNoTracking()
            .Where(v => v.Target == CustomFieldTarget.Company && v.EntityId == id).ToListAsync(ct);
        card.CustomFields = (await CustomFieldValues.DefinitionsAsync(db, CustomFieldTarget.Company, ct))
            .Select(d => new CustomFieldDisplay(d.Name(FormText.Language), CustomFieldValues.Display(d, values.FirstOrDefault(v => v.DefinitionId == d.Id), l)))
            .ToList();
        card.Deals = await deals.SectionAsync(id, user, ct);
        card.History = await Shared.ChangeHistory.ForAsync(db, nameof(Company), id, ct);
        return card;
    }

    /// <summary>The company's own fields with reference values and users by name, and what the user may do with it.</summary>
    private async Task<CompanyCardViewModel> MainAsync(Company company, ClaimsPrincipal principal, CancellationToken ct)
    {
        var ru = FormText.Language == "ru";
        var names = await db.Users.AsNoTracking()
            .Where(u => u.Id == company.ResponsibleId || u.Id == company.CreatedById || u.Id == company.UpdatedById)
            .Select(u => new { u.Id, u.DisplayName })
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var refIds = new[] { company.TypeId, company.RegionId, company.IndustryId, company.SourceId }.Where(i => i != null).Select(i => i!.Value).ToList();
        var refs = await db.ReferenceItems.AsNoTracking().Where(r => refIds.Contains(r.Id))
            .Select(r => new { r.Id, Name = ru ? r.NameRu : r.NameEn })
            .ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        string? Ref(int? refId) => refId is { } k && refs.TryGetValue(k, out var n) ? n : null;
        string? Name(string? userId) => userId is not null && names.TryGetValue(userId, out var n) ? n : null;
        return new CompanyCardViewModel
        {
            Id = company.Id,
            Name = company.Name,
            LegalName = company.LegalName,
            Type = Ref(company.TypeId),
            Inn = company.Inn,
            Kpp = company.Kpp,
            Ogrn = company.Ogrn,
            LegalAddress = company.LegalAddress,
            PostalAddress = company.PostalAddress,
            City = company.City,
            Phone = company.Phone,
            Email = company.Email,
            Website = company.Website,
            Region = Ref(company.RegionId),
            Industry = Ref(company.IndustryId),
            Source = Ref(company.SourceId),
            ResponsibleName = Name(company.ResponsibleId),
            Notes = company.Notes,
            CreatedAtUtc = company.CreatedAtUtc,
            CreatedBy = Name(company.CreatedById),
            UpdatedAtUtc = company.UpdatedAtUtc,
            UpdatedBy = Name(company.UpdatedById),
            CanEdit = await access.AllowsAsync(principal, company, Operations.Update),
            CanDelete = await access.AllowsAsync(principal, company, Operations.Delete),
        };
    }

    /// <summary>Each contact person's filled custom fields, by contact id.</summary>
    private async Task<Dictionary<int, IReadOnlyList<CustomFieldDisplay>>> ContactCustomFieldsAsync(List<int> contactIds, CancellationToken ct)
    {
        var definitions = await CustomFieldValues.DefinitionsAsync(db, CustomFieldTarget.ContactPerson, ct);
        var values = definitions.Count == 0 || contactIds.Count == 0 ? [] : await db.CustomFieldValues.AsNoTracking()
            .Where(v => v.Target == CustomFieldTarget.ContactPerson && contactIds.Contains(v.EntityId)).ToListAsync(ct);
        return contactIds.ToDictionary(cid => cid, cid => (IReadOnlyList<CustomFieldDisplay>)definitions
            .Select(d => new CustomFieldDisplay(d.Name(FormText.Language), CustomFieldValues.Display(d, values.FirstOrDefault(v => v.EntityId == cid && v.DefinitionId == d.Id), l)))
            .Where(f => f.Value is not null).ToList());
    }
}
