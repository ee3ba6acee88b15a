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
/// <remarks>
/// Three round trips: the company with its contact persons (decided by <see cref="CompanyAccess"/>), every small part
/// in one command (<see cref="PartRow"/>: bank details, contracts, custom values of the company and of its contact
/// persons, groups, history and the count of products bought), and the deals section
/// (<see cref="CompanyDealsService.SectionAsync"/>); names of users, reference values and custom-field definitions
/// come from the reference cache. The sections of other modules (history and plans, materials sent) and the products
/// bought are in the page only when their tab is open (one command more), else loaded with htmx when first shown.
/// </remarks>
public sealed class CompanyCard(CrmDbContext db, CompanyAccess access, CompanyDealsService deals, ReferenceLookup lookup, IStringLocalizer<SharedResource> l)
{
    private const int BankPart = 1, ContractPart = 2, ValuePart = 3, GroupPart = 4, HistoryPart = 5, ContactValuePart = 6, ProductCountPart = 7;

    /// <summary>The tab whose content the card reads itself rather than leaving it to htmx.</summary>
    public const string ProductsTab = "products";

    /// <param name="tab">The open tab (<c>?tab=</c>): the products bought are read only when it is <see cref="ProductsTab"/>.</param>
    public async Task<Result<CompanyCardViewModel>> CardAsync(int id, ClaimsPrincipal principal, CancellationToken ct, string? tab = null)
    {
        var loaded = await access.LoadAsync(id, principal, Operations.Read, ct,
            include: q => q.Include(c => c.Contacts.OrderBy(p => p.FullName).ThenBy(p => p.Id)), splitQuery: false);
        if (loaded.Value is not { } company)
        {
            return Result<CompanyCardViewModel>.From(loaded);
        }
        var user = UserAccess.From(principal);
        var card = await MainAsync(company, principal, ct);
        var contactFields = await lookup.DefinitionsAsync(CustomFieldTarget.ContactPerson);
        // Every part is the company's by its id: the same plan whatever the company.
        var parts = await Parts(id, user, contactFields.Count > 0).WithGenericPlan().ToListAsync(ct);
        await ContactsAsync(card, company, contactFields, parts.Where(p => p.Part == ContactValuePart));
        card.ProductCount = parts.FirstOrDefault(p => p.Part == ProductCountPart)?.L1 is { } products ? (int)products : null;
        card.BankAccounts = parts.Where(p => p.Part == BankPart).OrderBy(p => p.Id)
            .Select(p => new BankAccountRow((int)p.Id, p.T1!, p.T2!, p.T3, p.T4!)).ToList();
        card.Contracts = parts.Where(p => p.Part == ContractPart).OrderByDescending(p => p.D1).ThenBy(p => p.Id)
            .Select(p => new ContractRow((int)p.Id, p.T1!, p.D1!.Value, p.T2, p.N1, p.T3, p.D2, p.D3, p.T4, p.T5, p.L1)).ToList();
        card.Groups = parts.Where(p => p.Part == GroupPart).OrderBy(p => p.B1 != true).ThenBy(p => p.T1, StringComparer.CurrentCulture)
            .Select(p => new GroupRow((int)p.Id, p.T1!, p.B1 == true, p.B2 == true)).ToList();
        var values = parts.Where(p => p.Part == ValuePart).Select(p => new CustomFieldValue
        {
            Id = p.Id, DefinitionId = (int)p.L1!.Value, Target = CustomFieldTarget.Company, EntityId = id,
            TextValue = p.T1, NumberValue = p.N1, DateValue = p.D1, BoolValue = p.B1,
        }).ToList();
        card.CustomFields = (await lookup.DefinitionsAsync(CustomFieldTarget.Company))
            .Select(d => new CustomFieldDisplay(d.Name(FormText.Language), CustomFieldValues.Display(d, values.FirstOrDefault(v => v.DefinitionId == d.Id), l)))
            .ToList();
        // The history names the card's own parts from what the card already holds.
        var known = new Dictionary<Type, IReadOnlyDictionary<string, string>>
        {
            [typeof(Company)] = Shared.ChangeHistory.Named([company], c => c.Id, c => c.Name),
            [typeof(ContactPerson)] = Shared.ChangeHistory.Named(card.Contacts, c => c.Id, c => c.FullName),
            [typeof(Contract)] = Shared.ChangeHistory.Named(card.Contracts, c => c.Id, c => c.Number),
        };
        // A contract's amount is in the contract's currency at the time of each change: the present one here, and the
        // history walks back over the contract's logged currency changes (a deleted contract's amounts read in the
        // currency its last logged change set, else stay plain numbers).
        var contractCurrency = card.Contracts.Where(c => c.Currency is not null).ToDictionary(c => c.Id.ToString(CultureInfo.InvariantCulture), c => c.Currency!);
        card.History = await Shared.ChangeHistory.FromPartsAsync(db, parts.Where(p => p.Part == HistoryPart), await lookup.DataAsync(), known, ct,
            currencyOf: e => e.EntityType == nameof(Contract) ? contractCurrency.GetValueOrDefault(e.EntityId) : null);
        card.Deals = await deals.SectionAsync(id, user, ct, withProducts: tab == ProductsTab);
        return card;
    }

    /// <summary>
    /// Bank accounts, contracts, custom values (the company's, and its contact persons' when such fields exist), the
    /// groups the user sees (with membership), the history and the products count, in one command.
    /// </summary>
    private IQueryable<PartRow> Parts(int id, UserAccess user, bool contactValues)
    {
        var ru = FormText.Language == "ru";
        var bank = db.BankAccounts.AsNoTracking().Where(b => b.CompanyId == id).Select(b => new PartRow
        {
            Part = BankPart, Id = b.Id, T1 = b.BankName, T2 = b.Bik, T3 = b.CorrespondentAccount, T4 = b.AccountNumber, T5 = null, T6 = null, T7 = null,
            D1 = PartRow.NoDate, D2 = PartRow.NoDate, D3 = PartRow.NoDate, At = PartRow.NoTime, N1 = 0m, N2 = 0m, N3 = 0m, N4 = 0m, L1 = 0L, B1 = false, B2 = false,
        });
        var contracts = db.Contracts.AsNoTracking().Where(k => k.CompanyId == id).Select(k => new PartRow
        {
            Part = ContractPart, Id = k.Id, T1 = k.Number, T2 = k.Subject, T3 = k.Currency == null ? null : k.Currency.Code,
            T4 = k.Status == null ? null : ru ? k.Status.NameRu : k.Status.NameEn, T5 = k.FileName, T6 = null, T7 = null,
            D1 = k.Date, D2 = k.ValidFrom, D3 = k.ValidUntil, At = PartRow.NoTime, N1 = k.Amount, N2 = 0m, N3 = 0m, N4 = 0m, L1 = k.FileSize, B1 = false, B2 = false,
        });
        var values = db.CustomFieldValues.AsNoTracking().Where(v => v.Target == CustomFieldTarget.Company && v.EntityId == id).Select(v => new PartRow
        {
            Part = ValuePart, Id = v.Id, T1 = v.TextValue, T2 = null, T3 = null, T4 = null, T5 = null, T6 = null, T7 = null,
            D1 = v.DateValue, D2 = PartRow.NoDate, D3 = PartRow.NoDate, At = PartRow.NoTime, N1 = v.NumberValue, N2 = 0m, N3 = 0m, N4 = 0m, L1 = v.DefinitionId, B1 = v.BoolValue, B2 = false,
        });
        var groups = CompanyGroupVisibility.Instance.Apply(db.CompanyGroups.AsNoTracking(), user).Select(g => new PartRow
        {
            Part = GroupPart, Id = g.Id, T1 = g.Name, T2 = null, T3 = null, T4 = null, T5 = null, T6 = null, T7 = null,
            D1 = PartRow.NoDate, D2 = PartRow.NoDate, D3 = PartRow.NoDate, At = PartRow.NoTime, N1 = 0m, N2 = 0m, N3 = 0m, N4 = 0m, L1 = 0L,
            B1 = g.OwnerId == null, B2 = db.CompanyGroupMembers.Any(m => m.GroupId == g.Id && m.CompanyId == id),
        });
        var parts = bank.Concat(contracts).Concat(values).Concat(groups).Concat(Shared.ChangeHistory.Parts(db, nameof(Company), id, HistoryPart))
            .Concat(deals.ProductCountPart(id, user, ProductCountPart));
        if (!contactValues)
        {
            return parts;
        }
        // Id carries the contact person's id (the value's own id is not shown).
        return parts.Concat(db.CustomFieldValues.AsNoTracking()
            .Where(v => v.Target == CustomFieldTarget.ContactPerson && db.ContactPersons.Any(p => p.Id == v.EntityId && p.CompanyId == id))
            .Select(v => new PartRow
            {
                Part = ContactValuePart, Id = v.EntityId, T1 = v.TextValue, T2 = null, T3 = null, T4 = null, T5 = null, T6 = null, T7 = null,
                D1 = v.DateValue, D2 = PartRow.NoDate, D3 = PartRow.NoDate, At = PartRow.NoTime, N1 = v.NumberValue, N2 = 0m, N3 = 0m, N4 = 0m,
                L1 = v.DefinitionId, B1 = v.BoolValue, B2 = false,
            }));
    }

    /// <summary>The contact persons (loaded with the company, by name) with their positions and filled custom fields.</summary>
    private async Task ContactsAsync(CompanyCardViewModel card, Company company, IReadOnlyList<CustomFieldDefinition> definitions, IEnumerable<PartRow> valueParts)
    {
        var ru = FormText.Language == "ru";
        var data = await lookup.DataAsync();
        var values = valueParts.Select(p => new CustomFieldValue
        {
            DefinitionId = (int)p.L1!.Value, Target = CustomFieldTarget.ContactPerson, EntityId = (int)p.Id,
            TextValue = p.T1, NumberValue = p.N1, DateValue = p.D1, BoolValue = p.B1,
        }).ToLookup(v => v.EntityId);
        card.Contacts = company.Contacts.Select(p => new ContactRow(p.Id, p.FullName, data.ItemName(p.PositionId, ru),
            p.Phone, p.MobilePhone, p.Email, p.Birthday, p.Notes)).ToList();
        card.ContactCustomFields = card.Contacts.ToDictionary(c => c.Id, c => (IReadOnlyList<CustomFieldDisplay>)definitions
            .Select(d => new CustomFieldDisplay(d.Name(FormText.Language), CustomFieldValues.Display(d, values[c.Id].FirstOrDefault(v => v.DefinitionId == d.Id), l)))
            .Where(f => f.Value is not null).ToList());
    }

    /// <summary>The company's own fields with reference values and users by name, and what the user may do with it.</summary>
    private async Task<CompanyCardViewModel> MainAsync(Company company, ClaimsPrincipal principal, CancellationToken ct)
    {
        var ru = FormText.Language == "ru";
        // Users' names and reference values from the reference cache: no round trip.
        var data = await lookup.DataAsync();
        string? Ref(int? refId) => data.ItemName(refId, ru);
        string? Name(string? userId) => data.UserName(userId);
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
}
