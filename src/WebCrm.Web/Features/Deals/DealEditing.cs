using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.Web.Features.Clients;
using WebCrm.Web.Features.Shared.Money;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Deals;

/// <summary>A deal's main data: the new and edit forms, create (stages laid out), update with conflict detection, delete.</summary>
public sealed class DealEditing(
    CrmDbContext db,
    DealStore store,
    DealAccess access,
    CompanyAccess companies,
    ReferenceLookup lookup,
    TimeProvider clock,
    MoneyService money,
    IStringLocalizer<SharedResource> l)
{
    public async Task<Result<DealFormViewModel>> NewFormAsync(int? companyId, ClaimsPrincipal principal, CancellationToken ct, string? companyQuery = null)
    {
        var user = UserAccess.From(principal);
        if (!user.Has(Permissions.Deals.Create))
        {
            return new(Outcome.Forbidden);
        }
        var baseId = await money.BaseCurrencyIdAsync(ct);
        var input = new DealInput { ResponsibleId = user.UserId, CompanyId = companyId, StartDate = Numbers.Today(clock), CurrencyId = baseId };
        return new(Outcome.Ok, await FormAsync(null, input, user, [], ct, companyQuery));
    }

    public async Task<Result<DealFormViewModel>> EditFormAsync(int id, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, deal) = await store.LoadAsync(id, principal, Operations.Update, tracked: false, withMoney: false, ct);
        if (outcome != Outcome.Ok)
        {
            return new(outcome);
        }
        if (store.Refusal(deal!, principal, DealChange.Details) is { Outcome: Outcome.Forbidden })
        {
            return new(Outcome.Forbidden);
        }
        var input = ToInput(deal!);
        input.Custom = (await CustomFieldValues.ValuesAsync(db, CustomFieldTarget.Deal, id, tracked: false, ct))
            .ToDictionary(v => v.DefinitionId, CustomFieldValues.ToText);
        return new(Outcome.Ok, await FormAsync(id, input, UserAccess.From(principal), [], ct));
    }

    public async Task<DealFormViewModel> FormAsync(int? id, DealInput input, UserAccess user, IReadOnlyList<ConflictField> conflict, CancellationToken ct,
        string? companyQuery = null)
    {
        var companyName = input.CompanyId is { } cid
            ? await companies.NameAsync(cid, user, ct)
            : null;
        var choices = await companies.Search(companyQuery, user).OrderBy(c => c.Name).ThenBy(c => c.Id).Take(CompanyChoices)
            .Select(c => new { c.Id, c.Name, c.City }).ToListAsync(ct);
        var companyOptions = choices.Select(c => new Option(c.Id.ToString(CultureInfo.InvariantCulture), c.City is null ? c.Name : $"{c.Name} ({c.City})")).ToList();
        if (companyName is not null && choices.All(c => c.Id != input.CompanyId))
        {
            companyOptions.Insert(0, new Option(input.CompanyId!.Value.ToString(CultureInfo.InvariantCulture), companyName));
        }
        return new DealFormViewModel
        {
            Id = id,
            Input = input,
            CompanyName = companyName,
            CompanyOptions = companyOptions,
            CompanyQuery = companyQuery,
            Contacts = companyName is null ? [] : await db.ContactPersons.AsNoTracking().Where(p => p.CompanyId == input.CompanyId)
                .OrderBy(p => p.FullName).Select(p => new Option(p.Id.ToString(CultureInfo.InvariantCulture), p.FullName)).ToListAsync(ct),
            Sources = await lookup.OptionsAsync(ReferenceListKind.ClientSource, input.SourceId, ct),
            Currencies = await lookup.CurrenciesAsync(input.CurrencyId, ct),
            Users = (await lookup.UsersAsync(input.ResponsibleId, ct)).AsOptions(),
            CanReassign = user.Has(Permissions.Deals.Reassign),
            Conflict = conflict,
            CustomFields = CustomFieldValues.Editors(await CustomFieldValues.DefinitionsAsync(db, CustomFieldTarget.Deal, ct), input.Custom),
            StageChoices = id is null ? await StageChoicesAsync(input, ct) : [],
        };
    }

    /// <summary>How many companies the plain (no-JavaScript) company choice lists.</summary>
    public const int CompanyChoices = 50;

    private async Task<IReadOnlyList<StageChoice>> StageChoicesAsync(DealInput input, CancellationToken ct)
    {
        var ru = FormText.IsRussian;
        var defaults = input.StagesOffered ? (input.StageIds ?? []) : await DealStagePlanning.DefaultSetAsync(db, ct);
        return await db.ReferenceItems.AsNoTracking().Where(r => r.Kind == ReferenceListKind.DealStage && r.IsActive)
            .OrderBy(r => r.SortOrder).ThenBy(r => r.Id)
            .Select(r => new StageChoice(r.Id, ru ? r.NameRu : r.NameEn, defaults.Contains(r.Id))).ToListAsync(ct);
    }

    public async Task<Result> CreateAsync(DealInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = UserAccess.From(principal);
        if (!user.Has(Permissions.Deals.Create))
        {
            return new Result(Outcome.Forbidden);
        }
        input.ResponsibleId = access.ResponsibleOnCreate(user, input.ResponsibleId);
        var errors = await CheckMainAsync(input, null, user, ct);
        var custom = CustomFieldValues.Parse(await CustomFieldValues.DefinitionsAsync(db, CustomFieldTarget.Deal, ct), input.Custom, errors, l);
        var stages = await NewDealStagesAsync(input, errors, ct);
        if (errors.Count > 0)
        {
            return new Result(Outcome.Invalid, Errors: errors);
        }
        var deal = new Deal { ResponsibleId = input.ResponsibleId };
        Apply(input, deal);
        // The stages the manager kept on the form (the administrator's default set when the form offered none),
        // in the stage list's order; each starts with the deal's manager.
        DealStagePlan.LayOut(deal, stages, deal.ResponsibleId);
        // What the stage rows store for the funnel (the deal's start date, reached or not) is set here like on every change.
        await store.RecalculateAsync(deal, ct);
        db.Deals.Add(deal);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        CustomFieldValues.Save(db, CustomFieldTarget.Deal, deal.Id, custom, []);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Result(Outcome.Ok, deal.Id);
    }

    public async Task<Result> UpdateAsync(int id, DealInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, deal) = await store.LoadAsync(id, principal, Operations.Update, tracked: true, withMoney: true, ct);
        if (outcome != Outcome.Ok)
        {
            return new Result(outcome);
        }
        var reassigning = !string.IsNullOrEmpty(input.ResponsibleId) && input.ResponsibleId != deal!.ResponsibleId;
        // Moving the deal to another company or giving it another manager changes who sees it: both need Reassign.
        // (A company the user cannot see is a validation error first, like on a new deal.)
        var refusal = store.Refusal(deal!, principal, DealChange.Details)
            ?? (reassigning ? store.Refusal(deal!, principal, DealChange.Responsible) : null);
        if (refusal is not null)
        {
            return refusal;
        }
        var errors = await CheckMainAsync(input, deal, UserAccess.From(principal), ct);
        if (deal!.CurrencyId != input.CurrencyId && (deal.Lines.Count > 0 || deal.Payments.Count > 0 || deal.Documents.Count > 0))
        {
            errors[nameof(DealInput.CurrencyId)] = l["The currency cannot change once the deal has lines or payments."];
        }
        var custom = CustomFieldValues.Parse(await CustomFieldValues.DefinitionsAsync(db, CustomFieldTarget.Deal, ct), input.Custom, errors, l);
        if (errors.Count > 0)
        {
            return new Result(Outcome.Invalid, Errors: errors);
        }
        if (input.CompanyId != deal.CompanyId && store.Refusal(deal, principal, DealChange.Company) is { } moving)
        {
            return moving;
        }
        var before = ToInput(deal);
        db.Entry(deal).Property(d => d.ConcurrencyStamp).OriginalValue = input.ConcurrencyStamp;
        Apply(input, deal);
        if (reassigning)
        {
            deal.ResponsibleId = input.ResponsibleId!;
        }
        // The debt history starts at the start date.
        await store.RecalculateAsync(deal, ct);
        CustomFieldValues.Save(db, CustomFieldTarget.Deal, id, custom, await CustomFieldValues.ValuesAsync(db, CustomFieldTarget.Deal, id, tracked: true, ct));
        try
        {
            await db.SaveChangesAsync(ct);
            return new Result(Outcome.Ok, id);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await db.Deals.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
            return current is null
                ? new Result(Outcome.NotFound)
                : new Result(Outcome.Conflict, id, Conflict: Differences(ToInput(current), input), CurrentStamp: current.ConcurrencyStamp);
        }
    }

    /// <summary>The stages chosen on the form (each an active stage-list value), in list order; the default set when none were offered.</summary>
    private async Task<List<int>> NewDealStagesAsync(DealInput input, Dictionary<string, string> errors, CancellationToken ct)
    {
        if (!input.StagesOffered)
        {
            return await DealStagePlanning.DefaultSetAsync(db, ct);
        }
        var chosen = (input.StageIds ?? []).Distinct().ToList();
        var known = await db.ReferenceItems.AsNoTracking().Where(r => r.Kind == ReferenceListKind.DealStage && r.IsActive && chosen.Contains(r.Id))
            .OrderBy(r => r.SortOrder).ThenBy(r => r.Id).Select(r => r.Id).ToListAsync(ct);
        if (known.Count != chosen.Count)
        {
            errors[nameof(DealInput.StageIds)] = l["Choose a value from the list."];
        }
        return known;
    }

    /// <summary>The company must be one the user can see (a forged id is refused), the contact must be of that company, references must exist.</summary>
    private async Task<Dictionary<string, string>> CheckMainAsync(DealInput input, Deal? existing, UserAccess user, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        if (input.CompanyId != existing?.CompanyId
            && (input.CompanyId is not { } companyId || !await companies.IsVisibleAsync(companyId, user, ct)))
        {
            errors[nameof(DealInput.CompanyId)] = l["Choose the company."];
        }
        if (input.ContactPersonId is { } cp && !await db.ContactPersons.AnyAsync(p => p.Id == cp && p.CompanyId == input.CompanyId, ct))
        {
            errors[nameof(DealInput.ContactPersonId)] = l["Choose a value from the list."];
        }
        if (input.SourceId is { } s && s != existing?.SourceId
            && !await db.ReferenceItems.AnyAsync(r => r.Id == s && r.Kind == ReferenceListKind.ClientSource && r.IsActive, ct))
        {
            errors[nameof(DealInput.SourceId)] = l["Choose a value from the list."];
        }
        if (input.CurrencyId != existing?.CurrencyId && !await db.Currencies.AnyAsync(c => c.Id == input.CurrencyId && c.IsActive, ct))
        {
            errors[nameof(DealInput.CurrencyId)] = l["Choose a value from the list."];
        }
        if (!string.IsNullOrEmpty(input.ResponsibleId) && input.ResponsibleId != existing?.ResponsibleId
            && !await db.Users.AnyAsync(u => u.Id == input.ResponsibleId && !u.IsDisabled, ct))
        {
            errors[nameof(DealInput.ResponsibleId)] = l["Choose a value from the list."];
        }
        return errors;
    }


    private static void Apply(DealInput input, Deal deal)
    {
        deal.CompanyId = input.CompanyId!.Value;
        deal.ContactPersonId = input.ContactPersonId;
        deal.Title = input.Title!.Trim();
        deal.SourceId = input.SourceId;
        deal.StartDate = input.StartDate!.Value;
        deal.EndDate = input.EndDate;
        deal.CurrencyId = input.CurrencyId!.Value;
        deal.Notes = FormText.Clean(input.Notes);
    }

    private static DealInput ToInput(Deal d) => new()
    {
        CompanyId = d.CompanyId, ContactPersonId = d.ContactPersonId, Title = d.Title, SourceId = d.SourceId, StartDate = d.StartDate,
        EndDate = d.EndDate, ResponsibleId = d.ResponsibleId, CurrencyId = d.CurrencyId, Notes = d.Notes, ConcurrencyStamp = d.ConcurrencyStamp,
    };

    private List<ConflictField> Differences(DealInput theirs, DealInput yours)
    {
        var list = new List<ConflictField>();
        void Compare(string label, string? a, string? b)
        {
            if ((FormText.Clean(a) ?? "") != (FormText.Clean(b) ?? ""))
            {
                list.Add(new ConflictField(label, a, b));
            }
        }
        static string? S<T>(T? v) where T : struct => v is IFormattable f ? f.ToString(null, CultureInfo.CurrentCulture) : null;
        Compare(l["Title"], theirs.Title, yours.Title);
        Compare(l["Company"], S(theirs.CompanyId), S(yours.CompanyId));
        Compare(l["Contact person"], S(theirs.ContactPersonId), S(yours.ContactPersonId));
        Compare(l["Source"], S(theirs.SourceId), S(yours.SourceId));
        Compare(l["Start date"], S(theirs.StartDate), S(yours.StartDate));
        Compare(l["End date"], S(theirs.EndDate), S(yours.EndDate));
        Compare(l["Currency"], S(theirs.CurrencyId), S(yours.CurrencyId));
        Compare(l["Notes"], theirs.Notes, yours.Notes);
        return list;
    }

    public async Task<Result<DealDeleteViewModel>> DeleteInfoAsync(int id, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, deal) = await store.LoadAsync(id, principal, Operations.Delete, tracked: false, withMoney: false, ct);
        if (outcome == Outcome.Ok && store.Refusal(deal!, principal, DealChange.Delete) is { } refused)
        {
            return Result<DealDeleteViewModel>.From(refused);
        }
        return outcome == Outcome.Ok ? new DealDeleteViewModel(id, deal!.Title, deal.ConcurrencyStamp) : new Result<DealDeleteViewModel>(outcome);
    }

    public async Task<Result> DeleteAsync(int id, Guid stamp, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, deal) = await store.LoadAsync(id, principal, Operations.Delete, tracked: true, withMoney: true, ct);
        if (outcome != Outcome.Ok)
        {
            return new Result(outcome);
        }
        if (store.Refusal(deal!, principal, DealChange.Delete) is { } refused)
        {
            return refused;
        }
        db.Entry(deal!).Property(d => d.ConcurrencyStamp).OriginalValue = stamp;
        db.Deals.Remove(deal!);
        db.CustomFieldValues.RemoveRange(await CustomFieldValues.ValuesAsync(db, CustomFieldTarget.Deal, id, tracked: true, ct));
        try
        {
            await db.SaveChangesAsync(ct);
            return Result.Success(id);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Result(Outcome.Conflict, id);
        }
    }
}
