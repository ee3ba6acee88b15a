using System.Globalization;
using System.Linq.Expressions;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Common;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.Web.Features.Clients.Filtering;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;


namespace WebCrm.Web.Features.Clients;

/// <summary>
/// The parts of a company edited inside its card: contact persons, bank accounts, groups and contracts.
/// Every change checks here that the user may update the company and that the part belongs to it.
/// </summary>
public sealed class CompanyPartsService(
    CrmDbContext db,
    ReferenceLookup lookup,
    IAuthorizationService authorization,
    IStringLocalizer<SharedResource> l,
    IConfiguration configuration)
{
    private static string Lang => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    public long MaxFileBytes => configuration.GetValue("Contracts:MaxFileBytes", ContractFiles.DefaultMaxBytes);

    /// <summary>NotFound when the user cannot see the company (its existence is not revealed), Forbidden when he can see but not do.</summary>
    private async Task<(Outcome, Company?)> CompanyAsync(int companyId, ClaimsPrincipal principal, OperationAuthorizationRequirement operation, CancellationToken ct)
    {
        var company = await db.Companies.AsNoTracking().FirstOrDefaultAsync(c => c.Id == companyId, ct);
        if (company is null || !(await authorization.AuthorizeAsync(principal, company, Operations.Read)).Succeeded)
        {
            return (Outcome.NotFound, null);
        }
        if (operation != Operations.Read && !(await authorization.AuthorizeAsync(principal, company, operation)).Succeeded)
        {
            return (Outcome.Forbidden, null);
        }
        return (Outcome.Ok, company);
    }

    /// <summary>Runs the saves in one transaction; false when a row had moved on since the user loaded it.</summary>
    private async Task<bool> SaveAsync(Func<Task> work, CancellationToken ct)
    {
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await work();
            await tx.CommitAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>Removes one part of the company, if the stamp the user loaded is still current.</summary>
    private async Task<Outcome> RemoveAsync<T>(int companyId, Expression<Func<T, bool>> match, Guid stamp, ClaimsPrincipal principal,
        Func<T, Task>? alsoRemove, CancellationToken ct) where T : Entity
    {
        var (outcome, _) = await CompanyAsync(companyId, principal, Operations.Update, ct);
        if (outcome != Outcome.Ok)
        {
            return outcome;
        }
        var part = await db.Set<T>().FirstOrDefaultAsync(match, ct);
        if (part is null)
        {
            return Outcome.NotFound;
        }
        db.Entry(part).Property(p => p.ConcurrencyStamp).OriginalValue = stamp;
        db.Set<T>().Remove(part);
        if (alsoRemove is not null)
        {
            await alsoRemove(part);
        }
        return await SaveAsync(() => db.SaveChangesAsync(ct), ct) ? Outcome.Ok : Outcome.Conflict;
    }

    private async Task<List<Option>> ReferenceOptionsAsync(ReferenceListKind kind, int? current, CancellationToken ct) =>
        (await lookup.OptionsAsync(kind, current, ct)).AsOptions();

    /// <summary>A posted reference id must name an active value of the list, or the value the record already has.</summary>
    private async Task CheckReferenceAsync(Dictionary<string, string> errors, string field, int? value, int? current, ReferenceListKind kind, CancellationToken ct)
    {
        if (value is { } v && v != current && !await db.ReferenceItems.AnyAsync(r => r.Id == v && r.Kind == kind && r.IsActive, ct))
        {
            errors[field] = l["Choose a value from the list."];
        }
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string? Label(IReadOnlyList<Option> options, int? id)
    {
        var value = id?.ToString(CultureInfo.InvariantCulture);
        return value is null ? null : options.FirstOrDefault(o => o.Value == value)?.Label ?? value;
    }

    private static List<ConflictField> Differences(IEnumerable<(string Label, string? Theirs, string? Yours)> fields) =>
        fields.Where(f => (Clean(f.Theirs) ?? "") != (Clean(f.Yours) ?? ""))
            .Select(f => new ConflictField(f.Label, f.Theirs, f.Yours)).ToList();

    // ---- contact persons ----

    private Task<List<CustomFieldDefinition>> ContactDefinitionsAsync(CancellationToken ct) =>
        db.CustomFieldDefinitions.AsNoTracking().Where(d => d.Target == CustomFieldTarget.ContactPerson && d.IsActive)
            .OrderBy(d => d.SortOrder).ThenBy(d => d.Id).ToListAsync(ct);

    private Task<List<CustomFieldValue>> ContactValuesAsync(int contactId, bool tracked, CancellationToken ct)
    {
        var values = db.CustomFieldValues.Where(v => v.Target == CustomFieldTarget.ContactPerson && v.EntityId == contactId);
        return (tracked ? values : values.AsNoTracking()).ToListAsync(ct);
    }

    private static ContactInput ToInput(ContactPerson p, IReadOnlyList<CustomFieldValue> values) => new()
    {
        FullName = p.FullName, PositionId = p.PositionId, Phone = p.Phone, MobilePhone = p.MobilePhone, Email = p.Email,
        Birthday = p.Birthday?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Notes = p.Notes,
        ConcurrencyStamp = p.ConcurrencyStamp, Custom = values.ToDictionary(v => v.DefinitionId, CustomFieldValues.ToText),
    };

    /// <summary>The add/edit form: <paramref name="posted"/> redisplays what the user sent, <paramref name="theirs"/> what another user saved meanwhile.</summary>
    public async Task<(Outcome, ContactFormViewModel?)> ContactFormAsync(int companyId, int? id, ContactInput? posted, ContactInput? theirs,
        ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, company) = await CompanyAsync(companyId, principal, Operations.Update, ct);
        if (outcome != Outcome.Ok)
        {
            return (outcome, null);
        }
        var input = posted ?? new ContactInput();
        int? currentPosition = null;
        if (id is { } contactId)
        {
            var contact = await db.ContactPersons.AsNoTracking().FirstOrDefaultAsync(p => p.Id == contactId && p.CompanyId == companyId, ct);
            if (contact is null)
            {
                return (Outcome.NotFound, null);
            }
            currentPosition = contact.PositionId;
            input = posted ?? ToInput(contact, await ContactValuesAsync(contactId, false, ct));
        }
        var positions = await ReferenceOptionsAsync(ReferenceListKind.ContactPosition, currentPosition ?? theirs?.PositionId, ct);
        var definitions = await ContactDefinitionsAsync(ct);
        var conflict = theirs is null ? [] : Differences(new (string, string?, string?)[]
        {
            (l["Full name"], theirs.FullName, input.FullName),
            (l["Position"], Label(positions, theirs.PositionId), Label(positions, input.PositionId)),
            (l["Phone"], theirs.Phone, input.Phone),
            (l["Mobile phone"], theirs.MobilePhone, input.MobilePhone),
            (l["Email"], theirs.Email, input.Email),
            (l["Birthday"], theirs.Birthday, input.Birthday),
            (l["Notes"], theirs.Notes, input.Notes),
        }.Concat(definitions.Select(d => (d.Name(Lang), theirs.Custom.GetValueOrDefault(d.Id), input.Custom.GetValueOrDefault(d.Id)))));
        return (Outcome.Ok, new ContactFormViewModel
        {
            CompanyId = companyId,
            CompanyName = company!.Name,
            Id = id,
            Input = input,
            Positions = positions,
            CustomFields = definitions.Select(d => new CustomFieldEditor(d, d.Name(Lang), input.Custom.GetValueOrDefault(d.Id))).ToList(),
            Conflict = conflict,
        });
    }

    public async Task<PartResult<ContactInput>> SaveContactAsync(int companyId, int? id, ContactInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, _) = await CompanyAsync(companyId, principal, Operations.Update, ct);
        if (outcome != Outcome.Ok)
        {
            return new(outcome);
        }
        ContactPerson? contact = null;
        if (id is { } contactId)
        {
            contact = await db.ContactPersons.FirstOrDefaultAsync(p => p.Id == contactId && p.CompanyId == companyId, ct);
            if (contact is null)
            {
                return new(Outcome.NotFound);
            }
        }
        var errors = new Dictionary<string, string>();
        await CheckReferenceAsync(errors, nameof(ContactInput.PositionId), input.PositionId, contact?.PositionId, ReferenceListKind.ContactPosition, ct);
        var custom = CustomFieldValues.Parse(await ContactDefinitionsAsync(ct), input.Custom, errors, l);
        if (errors.Count > 0)
        {
            return new(Outcome.Invalid, Errors: errors);
        }
        var existing = contact is null ? [] : await ContactValuesAsync(contact.Id, true, ct);
        if (contact is null)
        {
            contact = new ContactPerson { CompanyId = companyId };
            db.ContactPersons.Add(contact);
        }
        else
        {
            // The stamp the user loaded decides: if the row has moved on since, the UPDATE matches nothing.
            db.Entry(contact).Property(p => p.ConcurrencyStamp).OriginalValue = input.ConcurrencyStamp;
        }
        contact.FullName = input.FullName!.Trim();
        contact.PositionId = input.PositionId;
        contact.Phone = Clean(input.Phone);
        contact.MobilePhone = Clean(input.MobilePhone);
        contact.Email = Clean(input.Email);
        contact.Birthday = PartRules.Date(input.Birthday);
        contact.Notes = Clean(input.Notes);
        var saved = await SaveAsync(async () =>
        {
            await db.SaveChangesAsync(ct);
            CustomFieldValues.Save(db, CustomFieldTarget.ContactPerson, contact.Id, custom, existing);
            await db.SaveChangesAsync(ct);
        }, ct);
        if (saved)
        {
            return new(Outcome.Ok, contact.Id);
        }
        var current = await db.ContactPersons.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && p.CompanyId == companyId, ct);
        return current is null
            ? new(Outcome.NotFound)
            : new(Outcome.Conflict, id, Theirs: ToInput(current, await ContactValuesAsync(current.Id, false, ct)));
    }

    public Task<Outcome> DeleteContactAsync(int companyId, int id, Guid stamp, ClaimsPrincipal principal, CancellationToken ct) =>
        RemoveAsync<ContactPerson>(companyId, p => p.Id == id && p.CompanyId == companyId, stamp, principal,
            async p => db.CustomFieldValues.RemoveRange(await ContactValuesAsync(p.Id, true, ct)), ct);

    // ---- bank accounts ----

    private static BankAccountInput ToInput(BankAccount b) => new()
    {
        BankName = b.BankName, Bik = b.Bik, CorrespondentAccount = b.CorrespondentAccount, AccountNumber = b.AccountNumber,
        ConcurrencyStamp = b.ConcurrencyStamp,
    };

    public async Task<(Outcome, BankAccountFormViewModel?)> BankAccountFormAsync(int companyId, int? id, BankAccountInput? posted,
        BankAccountInput? theirs, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, company) = await CompanyAsync(companyId, principal, Operations.Update, ct);
        if (outcome != Outcome.Ok)
        {
            return (outcome, null);
        }
        var input = posted ?? new BankAccountInput();
        if (id is { } accountId)
        {
            var account = await db.BankAccounts.AsNoTracking().FirstOrDefaultAsync(b => b.Id == accountId && b.CompanyId == companyId, ct);
            if (account is null)
            {
                return (Outcome.NotFound, null);
            }
            input = posted ?? ToInput(account);
        }
        var conflict = theirs is null ? [] : Differences(
        [
            (l["Bank"], theirs.BankName, input.BankName),
            (l["BIK"], theirs.Bik, input.Bik),
            (l["Correspondent account"], theirs.CorrespondentAccount, input.CorrespondentAccount),
            (l["Account number"], theirs.AccountNumber, input.AccountNumber),
        ]);
        return (Outcome.Ok, new BankAccountFormViewModel { CompanyId = companyId, CompanyName = company!.Name, Id = id, Input = input, Conflict = conflict });
    }

    public async Task<PartResult<BankAccountInput>> SaveBankAccountAsync(int companyId, int? id, BankAccountInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, _) = await CompanyAsync(companyId, principal, Operations.Update, ct);
        if (outcome != Outcome.Ok)
        {
            return new(outcome);
        }
        BankAccount? account;
        if (id is { } accountId)
        {
            account = await db.BankAccounts.FirstOrDefaultAsync(b => b.Id == accountId && b.CompanyId == companyId, ct);
            if (account is null)
            {
                return new(Outcome.NotFound);
            }
            db.Entry(account).Property(b => b.ConcurrencyStamp).OriginalValue = input.ConcurrencyStamp;
        }
        else
        {
            account = new BankAccount { CompanyId = companyId };
            db.BankAccounts.Add(account);
        }
        account.BankName = input.BankName!.Trim();
        account.Bik = BankAccountInput.Digits(input.Bik)!;
        account.CorrespondentAccount = BankAccountInput.Digits(input.CorrespondentAccount);
        account.AccountNumber = BankAccountInput.Digits(input.AccountNumber)!;
        if (await SaveAsync(() => db.SaveChangesAsync(ct), ct))
        {
            return new(Outcome.Ok, account.Id);
        }
        var current = await db.BankAccounts.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id && b.CompanyId == companyId, ct);
        return current is null ? new(Outcome.NotFound) : new(Outcome.Conflict, id, Theirs: ToInput(current));
    }

    public Task<Outcome> DeleteBankAccountAsync(int companyId, int id, Guid stamp, ClaimsPrincipal principal, CancellationToken ct) =>
        RemoveAsync<BankAccount>(companyId, b => b.Id == id && b.CompanyId == companyId, stamp, principal, null, ct);

    // ---- groups ----

    /// <summary>
    /// Makes the company's membership in the groups the user sees (shared ones and his own personal ones) match the
    /// ticked list. Personal groups need only the right to read the company; shared ones need the right to update it.
    /// A group the user cannot see is refused as not found and nothing changes.
    /// </summary>
    public async Task<Outcome> SetGroupsAsync(int companyId, GroupMembershipInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, company) = await CompanyAsync(companyId, principal, Operations.Read, ct);
        if (outcome != Outcome.Ok)
        {
            return outcome;
        }
        var user = UserAccess.From(principal);
        var canUpdate = (await authorization.AuthorizeAsync(principal, company!, Operations.Update)).Succeeded;
        var visible = await db.CompanyGroups.AsNoTracking().Where(g => g.OwnerId == null || g.OwnerId == user.UserId)
            .Select(g => new { g.Id, Shared = g.OwnerId == null }).ToListAsync(ct);
        var wanted = input.GroupIds.Distinct().ToList();
        if (wanted.Any(id => visible.All(g => g.Id != id)))
        {
            return Outcome.NotFound;
        }
        var editable = visible.Where(g => !g.Shared || canUpdate).Select(g => g.Id).ToList();
        if (wanted.Any(id => !editable.Contains(id)))
        {
            return Outcome.Forbidden;
        }
        var members = await db.CompanyGroupMembers.Where(m => m.CompanyId == companyId && editable.Contains(m.GroupId)).ToListAsync(ct);
        db.CompanyGroupMembers.RemoveRange(members.Where(m => !wanted.Contains(m.GroupId)));
        db.CompanyGroupMembers.AddRange(wanted.Where(id => members.All(m => m.GroupId != id))
            .Select(id => new CompanyGroupMember { GroupId = id, CompanyId = companyId }));
        try
        {
            await db.SaveChangesAsync(ct);
            return Outcome.Ok;
        }
        catch (DbUpdateException)
        {
            // Someone changed the same memberships at the same moment (or removed a group).
            db.ChangeTracker.Clear();
            return Outcome.Conflict;
        }
    }

    public async Task<(Outcome, GroupFormViewModel?)> GroupFormAsync(int companyId, GroupInput? posted, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, company) = await CompanyAsync(companyId, principal, Operations.Read, ct);
        if (outcome != Outcome.Ok)
        {
            return (outcome, null);
        }
        return (Outcome.Ok, new GroupFormViewModel
        {
            CompanyId = companyId,
            CompanyName = company!.Name,
            Input = posted ?? new GroupInput(),
            CanCreateShared = await CanCreateSharedAsync(company, principal),
        });
    }

    private async Task<bool> CanCreateSharedAsync(Company company, ClaimsPrincipal principal) =>
        UserAccess.From(principal).Has(Permissions.Clients.Edit) && (await authorization.AuthorizeAsync(principal, company, Operations.Update)).Succeeded;

    /// <summary>Creates a shared group (needs the edit right) or a personal one of the user, with the company in it.</summary>
    public async Task<PartResult<GroupInput>> CreateGroupAsync(int companyId, GroupInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, company) = await CompanyAsync(companyId, principal, Operations.Read, ct);
        if (outcome != Outcome.Ok)
        {
            return new(outcome);
        }
        if (input.Shared && !await CanCreateSharedAsync(company!, principal))
        {
            return new(Outcome.Forbidden);
        }
        var owner = input.Shared ? null : UserAccess.From(principal).UserId;
        var name = input.Name!.Trim();
        if (await db.CompanyGroups.AnyAsync(g => g.OwnerId == owner && g.Name == name, ct))
        {
            return new(Outcome.Invalid, Errors: new Dictionary<string, string> { [nameof(GroupInput.Name)] = l["A group with this name already exists."] });
        }
        var group = new CompanyGroup { Name = name, OwnerId = owner };
        db.CompanyGroups.Add(group);
        db.CompanyGroupMembers.Add(new CompanyGroupMember { Group = group, CompanyId = companyId });
        await db.SaveChangesAsync(ct);
        return new(Outcome.Ok, group.Id);
    }

    // ---- contracts ----

    private static ContractInput ToInput(Contract k) => new()
    {
        Number = k.Number, Date = k.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Subject = k.Subject,
        Amount = k.Amount?.ToString("0.####", CultureInfo.InvariantCulture), CurrencyId = k.CurrencyId,
        ValidFrom = k.ValidFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ValidUntil = k.ValidUntil?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StatusId = k.StatusId,
        ConcurrencyStamp = k.ConcurrencyStamp,
    };

    public async Task<(Outcome, ContractFormViewModel?)> ContractFormAsync(int companyId, int? id, ContractInput? posted, ContractInput? theirs,
        ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, company) = await CompanyAsync(companyId, principal, Operations.Update, ct);
        if (outcome != Outcome.Ok)
        {
            return (outcome, null);
        }
        var input = posted ?? new ContractInput { Date = DateTime.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        Contract? contract = null;
        if (id is { } contractId)
        {
            contract = await db.Contracts.AsNoTracking().FirstOrDefaultAsync(k => k.Id == contractId && k.CompanyId == companyId, ct);
            if (contract is null)
            {
                return (Outcome.NotFound, null);
            }
            input = posted ?? ToInput(contract);
        }
        var currentCurrency = contract?.CurrencyId ?? theirs?.CurrencyId;
        var currencies = (await lookup.CurrenciesAsync(currentCurrency, ct)).AsCodeOptions();
        var statuses = await ReferenceOptionsAsync(ReferenceListKind.ContractStatus, contract?.StatusId ?? theirs?.StatusId, ct);
        var conflict = theirs is null ? [] : Differences(
        [
            (l["Number"], theirs.Number, input.Number),
            (l["Date"], theirs.Date, input.Date),
            (l["Subject"], theirs.Subject, input.Subject),
            (l["Amount"], theirs.Amount, input.Amount),
            (l["Currency"], Label(currencies, theirs.CurrencyId), Label(currencies, input.CurrencyId)),
            (l["Valid from"], theirs.ValidFrom, input.ValidFrom),
            (l["Valid until"], theirs.ValidUntil, input.ValidUntil),
            (l["Status"], Label(statuses, theirs.StatusId), Label(statuses, input.StatusId)),
        ]);
        return (Outcome.Ok, new ContractFormViewModel
        {
            CompanyId = companyId,
            CompanyName = company!.Name,
            Id = id,
            Input = input,
            Currencies = currencies,
            Statuses = statuses,
            CurrentFileName = contract?.FileName,
            CurrentFileSize = contract?.FileSize,
            MaxFileBytes = MaxFileBytes,
            Conflict = conflict,
        });
    }

    /// <summary>Reads and checks an uploaded file; null (with an error under "File") when it may not be attached.</summary>
    private async Task<(string Name, string Type, byte[] Content)?> ReadFileAsync(Microsoft.AspNetCore.Http.IFormFile file, Dictionary<string, string> errors, CancellationToken ct)
    {
        const string key = nameof(ContractInput.File);
        if (file.Length == 0)
        {
            errors[key] = l["The file is empty."];
            return null;
        }
        if (file.Length > MaxFileBytes)
        {
            errors[key] = l["The file is too large: at most {0} MB.", Math.Round(MaxFileBytes / (1024m * 1024m), 1)];
            return null;
        }
        using var buffer = new MemoryStream((int)file.Length);
        await using (var stream = file.OpenReadStream())
        {
            await stream.CopyToAsync(buffer, ct);
        }
        var content = buffer.ToArray();
        var name = ContractFiles.SafeName(file.FileName);
        switch (ContractFiles.Inspect(name, file.ContentType, content, out var type))
        {
            case ContractFiles.Check.Ok:
                return (name, type, content);
            case ContractFiles.Check.TypeNotAllowed:
                errors[key] = l["Only PDF, Word (DOC, DOCX), Excel (XLS, XLSX), ODT, PNG, JPEG and TXT files can be attached."];
                return null;
            default:
                errors[key] = l["The file's content does not match its type."];
                return null;
        }
    }

    public async Task<PartResult<ContractInput>> SaveContractAsync(int companyId, int? id, ContractInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, _) = await CompanyAsync(companyId, principal, Operations.Update, ct);
        if (outcome != Outcome.Ok)
        {
            return new(outcome);
        }
        Contract? contract = null;
        if (id is { } contractId)
        {
            contract = await db.Contracts.FirstOrDefaultAsync(k => k.Id == contractId && k.CompanyId == companyId, ct);
            if (contract is null)
            {
                return new(Outcome.NotFound);
            }
        }
        var errors = new Dictionary<string, string>();
        await CheckReferenceAsync(errors, nameof(ContractInput.StatusId), input.StatusId, contract?.StatusId, ReferenceListKind.ContractStatus, ct);
        Currency? currency = null;
        var currentCurrency = contract?.CurrencyId;
        if (input.CurrencyId is { } currencyId)
        {
            currency = await db.Currencies.AsNoTracking().FirstOrDefaultAsync(c => c.Id == currencyId && (c.IsActive || c.Id == currentCurrency), ct);
            if (currency is null)
            {
                errors[nameof(ContractInput.CurrencyId)] = l["Choose a value from the list."];
            }
        }
        var file = input.File is { } posted ? await ReadFileAsync(posted, errors, ct) : null;
        if (errors.Count > 0)
        {
            return new(Outcome.Invalid, Errors: errors);
        }
        decimal? amount = Numbers.TryParseDecimal(input.Amount, out var a)
            ? Math.Round(a, currency?.MinorUnits ?? 2, MidpointRounding.AwayFromZero)
            : null;
        var adding = contract is null;
        if (contract is null)
        {
            contract = new Contract { CompanyId = companyId };
            db.Contracts.Add(contract);
        }
        else
        {
            db.Entry(contract).Property(k => k.ConcurrencyStamp).OriginalValue = input.ConcurrencyStamp;
        }
        contract.Number = input.Number!.Trim();
        contract.Date = PartRules.Date(input.Date)!.Value;
        contract.Subject = Clean(input.Subject);
        contract.Amount = amount;
        contract.CurrencyId = amount is null ? null : input.CurrencyId;
        contract.ValidFrom = PartRules.Date(input.ValidFrom);
        contract.ValidUntil = PartRules.Date(input.ValidUntil);
        contract.StatusId = input.StatusId;
        var dropFile = !adding && (file is not null || input.RemoveFile);
        if (file is { } f)
        {
            (contract.FileName, contract.FileContentType, contract.FileSize) = (f.Name, f.Type, f.Content.LongLength);
        }
        else if (input.RemoveFile)
        {
            (contract.FileName, contract.FileContentType, contract.FileSize) = (null, null, null);
        }
        var saved = await SaveAsync(async () =>
        {
            await db.SaveChangesAsync(ct);
            if (dropFile)
            {
                await db.ContractFiles.Where(x => x.ContractId == contract.Id).ExecuteDeleteAsync(ct);
            }
            if (file is { } body)
            {
                db.ContractFiles.Add(new ContractFile { ContractId = contract.Id, Content = body.Content });
                await db.SaveChangesAsync(ct);
            }
        }, ct);
        if (saved)
        {
            return new(Outcome.Ok, contract.Id);
        }
        var current = await db.Contracts.AsNoTracking().FirstOrDefaultAsync(k => k.Id == id && k.CompanyId == companyId, ct);
        return current is null ? new(Outcome.NotFound) : new(Outcome.Conflict, id, Theirs: ToInput(current));
    }

    public Task<Outcome> DeleteContractAsync(int companyId, int id, Guid stamp, ClaimsPrincipal principal, CancellationToken ct) =>
        RemoveAsync<Contract>(companyId, k => k.Id == id && k.CompanyId == companyId, stamp, principal, null, ct);

    /// <summary>The attached file, for users who can read the company only.</summary>
    public async Task<ContractFileDownload?> FileAsync(int companyId, int id, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, _) = await CompanyAsync(companyId, principal, Operations.Read, ct);
        if (outcome != Outcome.Ok)
        {
            return null;
        }
        var meta = await db.Contracts.AsNoTracking().Where(k => k.Id == id && k.CompanyId == companyId && k.FileName != null)
            .Select(k => new { k.FileName, k.FileContentType }).FirstOrDefaultAsync(ct);
        if (meta is null)
        {
            return null;
        }
        var content = await db.ContractFiles.AsNoTracking().Where(f => f.ContractId == id).Select(f => f.Content).FirstOrDefaultAsync(ct);
        return content is null ? null : new ContractFileDownload(meta.FileName!, meta.FileContentType ?? "application/octet-stream", content);
    }
}
