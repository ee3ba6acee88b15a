using System.Globalization;
using System.Linq.Expressions;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Common;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.Web.Features.Clients.Filtering;
using WebCrm.Web.Features.Deals;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;
using WebCrm.Web.Infrastructure.Web;

namespace WebCrm.Web.Features.Clients;

/// <summary>The Clients module: list, filter, export, card and editing of companies.</summary>
public sealed class ClientsService(
    CrmDbContext db,
    CompanyFilter filter,
    CompanyDealsService deals,
    ReferenceLookup lookup,
    IAuthorizationService authorization,
    IStringLocalizer<SharedResource> l)
{
    private static string Lang => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    /// <summary>The companies this user may see: the one visibility rule every list, search and export starts from.</summary>
    public IQueryable<Company> Visible(UserAccess user) => CompanyVisibility.Instance.Apply(db.Companies.AsNoTracking(), user);

    public async Task<CompanyListViewModel> ListAsync(CompanyListQuery query, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = UserAccess.From(principal);
        await ApplySavedFilterAsync(query, user, ct);
        var (companies, invalid) = await FilteredAsync(query, user);
        var total = await companies.CountAsync(ct);
        query.Page = Math.Clamp(query.Page, 1, Math.Max(1, (total + CompanyListQuery.PageSize - 1) / CompanyListQuery.PageSize));
        var rows = await Project(Sorted(companies, query, user), user)
            .Skip((query.Page - 1) * CompanyListQuery.PageSize).Take(CompanyListQuery.PageSize).ToListAsync(ct);
        return new CompanyListViewModel
        {
            Query = query,
            Rows = rows,
            Total = total,
            Fields = await filter.FieldsAsync(user),
            SavedFilters = await SavedFiltersAsync(user, ct),
            InvalidConditions = invalid,
            CanCreate = user.Has(Permissions.Clients.Create),
            CanExport = user.Has(Permissions.Clients.Export),
            ShowDebt = DealVisibility.Instance.SeesOwn(user),
        };
    }

    /// <summary>Rows for the CSV export: the same visibility, search, filter and sort as the list, without paging.</summary>
    public async Task<IAsyncEnumerable<CompanyRow>> ExportRowsAsync(CompanyListQuery query, ClaimsPrincipal principal)
    {
        var user = UserAccess.From(principal);
        await ApplySavedFilterAsync(query, user, default);
        var (companies, _) = await FilteredAsync(query, user);
        return Project(Sorted(companies, query, user), user).AsAsyncEnumerable();
    }

    private async Task<(IQueryable<Company>, IReadOnlyList<string>)> FilteredAsync(CompanyListQuery query, UserAccess user)
    {
        var companies = Visible(user);
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var term = Domain.Common.SearchText.Normalize(query.Q);
            // One set of ids from two index-served lookups (trigram indexes on PostgreSQL), rather than an OR with a
            // correlated EXISTS, which forces a scan of every visible company.
            var matching = db.Companies.Where(c => c.SearchText.Contains(term)).Select(c => c.Id)
                .Union(db.ContactPersons.Where(p => p.SearchText.Contains(term)).Select(p => p.CompanyId));
            companies = companies.Where(c => matching.Contains(c.Id));
        }
        return await filter.ApplyAsync(companies, query.C, user);
    }

    /// <summary>What a sort needs beyond the company row: the debt sum depends on the deals the user may see.</summary>
    private sealed record SortContext(Expression<Func<Company, decimal?>> Debt);

    private static readonly Dictionary<string, Func<IQueryable<Company>, bool, SortContext, IOrderedQueryable<Company>>> Sorts = new()
    {
        ["name"] = (q, d, _) => d ? q.OrderByDescending(c => c.Name) : q.OrderBy(c => c.Name),
        ["inn"] = (q, d, _) => d ? q.OrderByDescending(c => c.Inn) : q.OrderBy(c => c.Inn),
        ["city"] = (q, d, _) => d ? q.OrderByDescending(c => c.City) : q.OrderBy(c => c.City),
        ["phone"] = (q, d, _) => d ? q.OrderByDescending(c => c.Phone) : q.OrderBy(c => c.Phone),
        ["created"] = (q, d, _) => d ? q.OrderByDescending(c => c.CreatedAtUtc) : q.OrderBy(c => c.CreatedAtUtc),
        ["region"] = (q, d, _) => d ? q.OrderByDescending(c => c.Region!.SortOrder) : q.OrderBy(c => c.Region!.SortOrder),
        ["type"] = (q, d, _) => d ? q.OrderByDescending(c => c.Type!.SortOrder) : q.OrderBy(c => c.Type!.SortOrder),
        ["responsible"] = (q, d, _) => d ? q.OrderByDescending(c => c.ResponsibleId) : q.OrderBy(c => c.ResponsibleId),
        // Total debt in the base currency over the deals the user may see (CompanyDealsService.DebtInBase).
        ["debt"] = (q, d, x) => d ? q.OrderByDescending(x.Debt) : q.OrderBy(x.Debt),
    };


    /// <summary>Sort by an allow-listed column only, then by id so paging is stable.</summary>
    private IQueryable<Company> Sorted(IQueryable<Company> companies, CompanyListQuery query, UserAccess user)
    {
        if (query.Sort is null || !Sorts.TryGetValue(query.Sort, out var sort))
        {
            query.Sort = "name";
            sort = Sorts["name"];
        }
        return sort(companies, query.Desc, new SortContext(deals.DebtInBase(user))).ThenBy(c => c.Id);
    }

    private IQueryable<CompanyRow> Project(IQueryable<Company> companies, UserAccess user)
    {
        var ru = Lang == "ru";
        Expression<Func<Company, decimal?, CompanyRow>> shape = (c, debt) => new CompanyRow(c.Id, c.Name, c.Inn, c.City,
            c.Region == null ? null : ru ? c.Region.NameRu : c.Region.NameEn,
            c.Type == null ? null : ru ? c.Type.NameRu : c.Type.NameEn,
            db.Users.Where(u => u.Id == c.ResponsibleId).Select(u => u.DisplayName).FirstOrDefault(),
            c.Phone, c.CreatedAtUtc, debt);
        if (DealVisibility.Instance.SeesOwn(user))
        {
            return companies.Select(ExpressionRewriter.Bind(shape, deals.DebtInBase(user)));
        }
        return companies.Select(ExpressionRewriter.Bind(shape, c => null));
    }


    // ---- saved filters ----

    private sealed record SavedDefinition(string? Q, List<FilterConditionInput> C, string? Sort, bool Desc);

    private Task<List<SavedFilterOption>> SavedFiltersAsync(UserAccess user, CancellationToken ct) =>
        db.SavedFilters.AsNoTracking()
            .Where(f => f.Module == "Clients" && (f.OwnerId == user.UserId || f.IsShared))
            .OrderBy(f => f.Name)
            .Select(f => new SavedFilterOption(f.Id, f.Name, f.IsShared, f.OwnerId == user.UserId))
            .ToListAsync(ct);

    private async Task ApplySavedFilterAsync(CompanyListQuery query, UserAccess user, CancellationToken ct)
    {
        if (query.Saved is not { } id)
        {
            return;
        }
        // Another user's personal filter is simply not found.
        var json = await db.SavedFilters.AsNoTracking()
            .Where(f => f.Id == id && f.Module == "Clients" && (f.OwnerId == user.UserId || f.IsShared))
            .Select(f => f.Definition).FirstOrDefaultAsync(ct);
        if (json is null)
        {
            query.Saved = null;
            return;
        }
        var saved = JsonSerializer.Deserialize<SavedDefinition>(json)!;
        query.Q = saved.Q;
        query.C = saved.C;
        query.Sort = saved.Sort;
        query.Desc = saved.Desc;
    }

    public const int MaxSavedConditions = 50;
    public const int MaxSavedDefinitionLength = 20000;

    /// <summary>Saves the current search, filter and sort under a name; null when it is too large to keep.</summary>
    public async Task<int?> SaveFilterAsync(string name, bool shared, CompanyListQuery query, ClaimsPrincipal principal)
    {
        var user = UserAccess.From(principal);
        var conditions = query.C.Where(c => !string.IsNullOrEmpty(c.F)).ToList();
        var definition = JsonSerializer.Serialize(new SavedDefinition(query.Q, conditions, query.Sort, query.Desc));
        if (conditions.Count > MaxSavedConditions || definition.Length > MaxSavedDefinitionLength)
        {
            return null;
        }
        var saved = new SavedFilter { Module = "Clients", Name = name.Trim(), OwnerId = user.UserId, IsShared = shared, Definition = definition };
        db.SavedFilters.Add(saved);
        await db.SaveChangesAsync();
        return saved.Id;
    }

    public async Task<bool> DeleteFilterAsync(int id, ClaimsPrincipal principal)
    {
        var user = UserAccess.From(principal);
        var saved = await db.SavedFilters.FirstOrDefaultAsync(f => f.Id == id && f.OwnerId == user.UserId);
        if (saved is null)
        {
            return false;
        }
        db.SavedFilters.Remove(saved);
        await db.SaveChangesAsync();
        return true;
    }

    // ---- card ----

    public async Task<(Outcome, CompanyCardViewModel?)> CardAsync(int id, ClaimsPrincipal principal, CancellationToken ct)
    {
        var company = await db.Companies.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (company is null || !(await authorization.AuthorizeAsync(principal, company, Operations.Read)).Succeeded)
        {
            return (Outcome.NotFound, null);
        }
        var ru = Lang == "ru";
        var user = UserAccess.From(principal);
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

        var card = new CompanyCardViewModel
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
            CanEdit = (await authorization.AuthorizeAsync(principal, company, Operations.Update)).Succeeded,
            CanDelete = (await authorization.AuthorizeAsync(principal, company, Operations.Delete)).Succeeded,
        };
        card.Contacts = await db.ContactPersons.AsNoTracking().Where(p => p.CompanyId == id).OrderBy(p => p.FullName)
            .Select(p => new ContactRow(p.Id, p.FullName, p.Position == null ? null : ru ? p.Position.NameRu : p.Position.NameEn,
                p.Phone, p.MobilePhone, p.Email, p.Birthday, p.Notes)).ToListAsync(ct);
        var contactIds = card.Contacts.Select(p => p.Id).ToList();
        var contactDefinitions = await db.CustomFieldDefinitions.AsNoTracking()
            .Where(d => d.Target == CustomFieldTarget.ContactPerson && d.IsActive).OrderBy(d => d.SortOrder).ThenBy(d => d.Id).ToListAsync(ct);
        var contactValues = contactDefinitions.Count == 0 || contactIds.Count == 0 ? [] : await db.CustomFieldValues.AsNoTracking()
            .Where(v => v.Target == CustomFieldTarget.ContactPerson && contactIds.Contains(v.EntityId)).ToListAsync(ct);
        card.ContactCustomFields = contactIds.ToDictionary(cid => cid, cid => (IReadOnlyList<CustomFieldDisplay>)contactDefinitions
            .Select(d => new CustomFieldDisplay(d.Name(Lang), CustomFieldValues.Display(d, contactValues.FirstOrDefault(v => v.EntityId == cid && v.DefinitionId == d.Id), l)))
            .Where(f => f.Value is not null).ToList());
        card.BankAccounts = await db.BankAccounts.AsNoTracking().Where(b => b.CompanyId == id).OrderBy(b => b.Id)
            .Select(b => new BankAccountRow(b.Id, b.BankName, b.Bik, b.CorrespondentAccount, b.AccountNumber)).ToListAsync(ct);
        card.Groups = await db.CompanyGroups.AsNoTracking().Where(g => g.OwnerId == null || g.OwnerId == user.UserId)
            .OrderBy(g => g.OwnerId != null).ThenBy(g => g.Name)
            .Select(g => new GroupRow(g.Id, g.Name, g.OwnerId == null, db.CompanyGroupMembers.Any(m => m.GroupId == g.Id && m.CompanyId == id)))
            .ToListAsync(ct);
        card.Contracts = await db.Contracts.AsNoTracking().Where(k => k.CompanyId == id).OrderByDescending(k => k.Date)
            .Select(k => new ContractRow(k.Id, k.Number, k.Date, k.Subject, k.Amount, k.Currency == null ? null : k.Currency.Code,
                k.ValidFrom, k.ValidUntil, k.Status == null ? null : ru ? k.Status.NameRu : k.Status.NameEn, k.FileName, k.FileSize))
            .ToListAsync(ct);
        var values = await db.CustomFieldValues.AsNoTracking()
            .Where(v => v.Target == CustomFieldTarget.Company && v.EntityId == id).ToListAsync(ct);
        card.CustomFields = (await CustomDefinitionsAsync(ct))
            .Select(d => new CustomFieldDisplay(d.Name(Lang), CustomFieldValues.Display(d, values.FirstOrDefault(v => v.DefinitionId == d.Id), l)))
            .ToList();
        card.Deals = await deals.SectionAsync(id, user, ct);
        card.History = await Shared.ChangeHistory.ForAsync(db, nameof(Company), id, ct);
        return (Outcome.Ok, card);
    }

    // ---- editing ----

    private Task<List<CustomFieldDefinition>> CustomDefinitionsAsync(CancellationToken ct) =>
        CustomFieldValues.DefinitionsAsync(db, CustomFieldTarget.Company, ct);

    public async Task<(Outcome, CompanyFormViewModel?)> NewFormAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = UserAccess.From(principal);
        if (!user.Has(Permissions.Clients.Create))
        {
            return (Outcome.Forbidden, null);
        }
        var input = new CompanyInput { ResponsibleId = user.UserId };
        return (Outcome.Ok, await FormAsync(null, input, user, [], ct));
    }

    public async Task<(Outcome, CompanyFormViewModel?)> EditFormAsync(int id, ClaimsPrincipal principal, CancellationToken ct)
    {
        var company = await db.Companies.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        var outcome = await CheckAsync(company, principal, Operations.Update);
        if (outcome != Outcome.Ok)
        {
            return (outcome, null);
        }
        var values = await db.CustomFieldValues.AsNoTracking()
            .Where(v => v.Target == CustomFieldTarget.Company && v.EntityId == id).ToListAsync(ct);
        var input = ToInput(company!, values);
        return (Outcome.Ok, await FormAsync(id, input, UserAccess.From(principal), [], ct));
    }

    public async Task<CompanyFormViewModel> FormAsync(int? id, CompanyInput input, UserAccess user,
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
            CustomFields = definitions.Select(d => new CustomFieldEditor(d, d.Name(Lang), input.Custom.GetValueOrDefault(d.Id))).ToList(),
            CanReassign = user.Has(Permissions.Clients.Reassign),
            Conflict = conflict,
        };
    }

    public async Task<Result> CreateAsync(CompanyInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = UserAccess.From(principal);
        if (!user.Has(Permissions.Clients.Create))
        {
            return new Result(Outcome.Forbidden);
        }
        // Creating for someone else is a reassignment.
        if (string.IsNullOrEmpty(input.ResponsibleId) || !user.Has(Permissions.Clients.Reassign))
        {
            input.ResponsibleId = user.UserId;
        }
        var errors = await CheckReferencesAsync(input, null, ct);
        var definitions = await CustomDefinitionsAsync(ct);
        var custom = CustomFieldValues.Parse(definitions, input.Custom, errors, l);
        if (errors.Count > 0)
        {
            return new Result(Outcome.Invalid, Errors: errors);
        }
        var company = new Company();
        Apply(input, company);
        company.ResponsibleId = input.ResponsibleId;
        db.Companies.Add(company);
        await db.SaveChangesAsync(ct);
        CustomFieldValues.Save(db, CustomFieldTarget.Company, company.Id, custom, []);
        await db.SaveChangesAsync(ct);
        return new Result(Outcome.Ok, company.Id);
    }

    public async Task<Result> UpdateAsync(int id, CompanyInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        var company = await db.Companies.FirstOrDefaultAsync(c => c.Id == id, ct);
        var outcome = await CheckAsync(company, principal, Operations.Update);
        if (outcome != Outcome.Ok)
        {
            return new Result(outcome);
        }
        var reassigning = !string.IsNullOrEmpty(input.ResponsibleId) && input.ResponsibleId != company!.ResponsibleId;
        if (reassigning && !(await authorization.AuthorizeAsync(principal, company!, Operations.Reassign)).Succeeded)
        {
            return new Result(Outcome.Forbidden);
        }
        var errors = await CheckReferencesAsync(input, company, ct);
        var definitions = await CustomDefinitionsAsync(ct);
        var custom = CustomFieldValues.Parse(definitions, input.Custom, errors, l);
        if (errors.Count > 0)
        {
            return new Result(Outcome.Invalid, Errors: errors);
        }
        var existingValues = await db.CustomFieldValues.Where(v => v.Target == CustomFieldTarget.Company && v.EntityId == id).ToListAsync(ct);
        var before = ToInput(company!, existingValues);
        // The stamp the user loaded decides: if the row has moved on since, the UPDATE matches nothing.
        db.Entry(company!).Property(c => c.ConcurrencyStamp).OriginalValue = input.ConcurrencyStamp;
        Apply(input, company!);
        if (reassigning)
        {
            company!.ResponsibleId = input.ResponsibleId!;
        }
        CustomFieldValues.Save(db, CustomFieldTarget.Company, id, custom, existingValues);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new Result(Outcome.Ok, id);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await db.Companies.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
            if (current is null)
            {
                return new Result(Outcome.NotFound);
            }
            var currentValues = await db.CustomFieldValues.AsNoTracking().Where(v => v.Target == CustomFieldTarget.Company && v.EntityId == id).ToListAsync(ct);
            var theirs = ToInput(current, currentValues);
            var refIds = new[] { theirs.TypeId, theirs.RegionId, theirs.IndustryId, theirs.SourceId, input.TypeId, input.RegionId, input.IndustryId, input.SourceId }
                .Where(v => v != null).Select(v => v!.Value).Distinct().ToList();
            var ru = Lang == "ru";
            var refNames = await db.ReferenceItems.AsNoTracking().Where(r => refIds.Contains(r.Id))
                .ToDictionaryAsync(r => r.Id, r => ru ? r.NameRu : r.NameEn, ct);
            var userNames = await db.Users.AsNoTracking().Where(u => u.Id == theirs.ResponsibleId || u.Id == input.ResponsibleId)
                .ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
            return new Result(Outcome.Conflict, id, Conflict: Differences(theirs, input, definitions,
                    refId => refId is { } k && refNames.TryGetValue(k, out var n) ? n : null,
                    userId => userId is not null && userNames.TryGetValue(userId, out var n) ? n : null),
                CurrentStamp: current.ConcurrencyStamp);
        }
    }

    public async Task<(Outcome, CompanyDeleteViewModel?)> DeleteInfoAsync(int id, ClaimsPrincipal principal, CancellationToken ct)
    {
        var company = await db.Companies.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        var outcome = await CheckAsync(company, principal, Operations.Delete);
        if (outcome != Outcome.Ok)
        {
            return (outcome, null);
        }
        return (Outcome.Ok, new CompanyDeleteViewModel(id, company!.Name, company.ConcurrencyStamp,
            await db.ContactPersons.CountAsync(p => p.CompanyId == id, ct),
            await db.BankAccounts.CountAsync(b => b.CompanyId == id, ct),
            await db.Contracts.CountAsync(k => k.CompanyId == id, ct),
            await db.Deals.CountAsync(d => d.CompanyId == id, ct)));
    }

    public async Task<Outcome> DeleteAsync(int id, Guid stamp, ClaimsPrincipal principal, CancellationToken ct)
    {
        var company = await db.Companies.FirstOrDefaultAsync(c => c.Id == id, ct);
        var outcome = await CheckAsync(company, principal, Operations.Delete);
        if (outcome != Outcome.Ok)
        {
            return outcome;
        }
        // A company with deals is never deleted: its deals hold money, documents and the funnel's history. The count
        // covers every deal, including ones the user cannot see, so the refusal does not depend on who asks.
        if (await db.Deals.AnyAsync(d => d.CompanyId == id, ct))
        {
            return Outcome.Invalid;
        }
        db.Entry(company!).Property(c => c.ConcurrencyStamp).OriginalValue = stamp;
        db.Companies.Remove(company!);
        db.CustomFieldValues.RemoveRange(db.CustomFieldValues.Where(v => v.Target == CustomFieldTarget.Company && v.EntityId == id));
        // Contact persons go with the company (cascade); their custom values are not tied by a key, so go explicitly.
        db.CustomFieldValues.RemoveRange(db.CustomFieldValues.Where(v => v.Target == CustomFieldTarget.ContactPerson
            && db.ContactPersons.Any(p => p.CompanyId == id && p.Id == v.EntityId)));
        try
        {
            await db.SaveChangesAsync(ct);
            return Outcome.Ok;
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome.Conflict;
        }
    }

    /// <summary>NotFound when the user cannot see the company (its existence is not revealed), Forbidden when he can see but not do.</summary>
    private async Task<Outcome> CheckAsync(Company? company, ClaimsPrincipal principal, Microsoft.AspNetCore.Authorization.Infrastructure.OperationAuthorizationRequirement operation)
    {
        if (company is null || !(await authorization.AuthorizeAsync(principal, company, Operations.Read)).Succeeded)
        {
            return Outcome.NotFound;
        }
        return (await authorization.AuthorizeAsync(principal, company, operation)).Succeeded ? Outcome.Ok : Outcome.Forbidden;
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

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static void Apply(CompanyInput input, Company company)
    {
        company.Name = input.Name!.Trim();
        company.LegalName = Clean(input.LegalName);
        company.TypeId = input.TypeId;
        company.Inn = Clean(input.Inn);
        company.Kpp = Clean(input.Kpp);
        company.Ogrn = Clean(input.Ogrn);
        company.LegalAddress = Clean(input.LegalAddress);
        company.PostalAddress = Clean(input.PostalAddress);
        company.City = Clean(input.City);
        company.Phone = Clean(input.Phone);
        company.Email = Clean(input.Email);
        company.Website = Clean(input.Website);
        company.RegionId = input.RegionId;
        company.IndustryId = input.IndustryId;
        company.SourceId = input.SourceId;
        company.Notes = Clean(input.Notes);
    }

    private static CompanyInput ToInput(Company c, IReadOnlyList<CustomFieldValue> values) => new()
    {
        Name = c.Name, LegalName = c.LegalName, TypeId = c.TypeId, Inn = c.Inn, Kpp = c.Kpp, Ogrn = c.Ogrn,
        LegalAddress = c.LegalAddress, PostalAddress = c.PostalAddress, City = c.City, Phone = c.Phone, Email = c.Email,
        Website = c.Website, RegionId = c.RegionId, IndustryId = c.IndustryId, SourceId = c.SourceId,
        ResponsibleId = c.ResponsibleId, Notes = c.Notes, ConcurrencyStamp = c.ConcurrencyStamp,
        Custom = values.ToDictionary(v => v.DefinitionId, CustomFieldValues.ToText),
    };

    /// <summary>The fields where the saved row and the user's form differ, with reference values shown by name.</summary>
    private List<ConflictField> Differences(CompanyInput theirs, CompanyInput yours, IReadOnlyList<CustomFieldDefinition> definitions,
        Func<int?, string?> referenceName, Func<string?, string?> userName)
    {
        var list = new List<ConflictField>();
        void Compare(string label, string? a, string? b)
        {
            if ((Clean(a) ?? "") != (Clean(b) ?? ""))
            {
                list.Add(new ConflictField(label, a, b));
            }
        }
        string? Id(int? v) => referenceName(v);
        Compare(l["Company name"], theirs.Name, yours.Name);
        Compare(l["Legal name"], theirs.LegalName, yours.LegalName);
        Compare(l["Type"], Id(theirs.TypeId), Id(yours.TypeId));
        Compare(l["INN"], theirs.Inn, yours.Inn);
        Compare(l["KPP"], theirs.Kpp, yours.Kpp);
        Compare(l["OGRN"], theirs.Ogrn, yours.Ogrn);
        Compare(l["Legal address"], theirs.LegalAddress, yours.LegalAddress);
        Compare(l["Postal address"], theirs.PostalAddress, yours.PostalAddress);
        Compare(l["City"], theirs.City, yours.City);
        Compare(l["Phone"], theirs.Phone, yours.Phone);
        Compare(l["Email"], theirs.Email, yours.Email);
        Compare(l["Website"], theirs.Website, yours.Website);
        Compare(l["Region"], Id(theirs.RegionId), Id(yours.RegionId));
        Compare(l["Industry"], Id(theirs.IndustryId), Id(yours.IndustryId));
        Compare(l["Source"], Id(theirs.SourceId), Id(yours.SourceId));
        Compare(l["Responsible manager"], userName(theirs.ResponsibleId), userName(yours.ResponsibleId));
        Compare(l["Notes"], theirs.Notes, yours.Notes);
        foreach (var d in definitions)
        {
            Compare(d.Name(Lang), theirs.Custom.GetValueOrDefault(d.Id), yours.Custom.GetValueOrDefault(d.Id));
        }
        return list;
    }
}

public sealed record CompanyDeleteViewModel(int Id, string Name, Guid Stamp, int Contacts, int BankAccounts, int Contracts, int Deals);
