using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
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

/// <summary>The Deals module: list, card and every change of a deal.</summary>
public sealed class DealsService(
    CrmDbContext db,
    IAuthorizationService authorization,
    ReferenceLookup lookup,
    TimeProvider clock,
    MoneyService money,
    IStringLocalizer<SharedResource> l)
{
    private static bool Ru => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ru";

    private DateOnly Today => Numbers.Today(clock);

    /// <summary>The deals this user may see: the one visibility rule the list, the company card and reports start from.</summary>
    /// <remarks>
    /// Shaped as key sets (see <see cref="DealVisibility.ApplyBySets"/>) so a page walks the sort index and stops after
    /// one page; the count stops at <see cref="DealListQuery.CountCap"/> for the same reason (scripts/benchmark.sh).
    /// </remarks>
    public IQueryable<Deal> Visible(UserAccess user) =>
        DealVisibility.Instance.ApplyBySets(db.Deals.AsNoTracking(), db.DealStages.AsNoTracking(), db.Companies.AsNoTracking(), user);

    // ---- list ----

    public async Task<DealListViewModel> ListAsync(DealListQuery query, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = UserAccess.From(principal);
        var deals = Filtered(Visible(user), query);
        // An exact count of tens of thousands of visible deals costs more than the page itself and tells the user
        // nothing a "more than 1,000" would not; beyond the cap the pager offers the next page while pages are full.
        var counted = await deals.Take(DealListQuery.CountCap + 1).CountAsync(ct);
        var capped = counted > DealListQuery.CountCap;
        var total = Math.Min(counted, DealListQuery.CountCap);
        query.Page = capped
            ? Math.Max(1, query.Page)
            : Math.Clamp(query.Page, 1, Math.Max(1, (total + DealListQuery.PageSize - 1) / DealListQuery.PageSize));
        var rows = await Project(Sorted(deals, query).Skip((query.Page - 1) * DealListQuery.PageSize).Take(DealListQuery.PageSize))
            .ToListAsync(ct);
        return new DealListViewModel
        {
            Query = query,
            Rows = rows,
            Total = total,
            TotalIsCapped = capped,
            Users = await UsersAsync(null, ct),
            Stages = await lookup.OptionsAsync(ReferenceListKind.DealStage, ct: ct),
            Sources = await lookup.OptionsAsync(ReferenceListKind.ClientSource, ct: ct),
            CompanyName = query.CompanyId is { } cid
                ? await CompanyVisibility.Instance.Apply(db.Companies.AsNoTracking(), user).Where(c => c.Id == cid).Select(c => c.Name).FirstOrDefaultAsync(ct)
                : null,
            CanCreate = user.Has(Permissions.Deals.Create),
            CanExport = user.Has(Permissions.Deals.Export),
        };
    }

    /// <summary>Rows for the CSV export: the same visibility, filters and sort as the list, without paging.</summary>
    public IAsyncEnumerable<DealRow> ExportRows(DealListQuery query, ClaimsPrincipal principal) =>
        Project(Sorted(Filtered(Visible(UserAccess.From(principal)), query), query)).AsAsyncEnumerable();

    private IQueryable<DealRow> Project(IQueryable<Deal> deals)
    {
        var today = Today;
        var ru = Ru;
        return deals.Select(d => new DealRow(d.Id, d.Title, d.CompanyId, d.Company!.Name,
            db.Users.Where(u => u.Id == d.ResponsibleId).Select(u => u.DisplayName).FirstOrDefault(), d.Status,
            db.ReferenceItems.Where(r => r.Id == d.CurrentStageId).Select(r => ru ? r.NameRu : r.NameEn).FirstOrDefault(),
            d.StartDate, d.EndDate, d.LinesTotal, d.PaidTotal, d.ShippedTotal, d.Debt, d.Advance, d.Currency!.Code,
            d.Status == DealStatus.Open && d.Stages.Any(s => s.CompletedOn == null && s.PlannedEnd < today)));
    }

    private IQueryable<Deal> Filtered(IQueryable<Deal> deals, DealListQuery q)
    {
        if (!string.IsNullOrWhiteSpace(q.Q))
        {
            var term = Domain.Common.SearchText.Normalize(q.Q);
            deals = deals.Where(d => d.SearchText.Contains(term) || d.Company!.SearchText.Contains(term));
        }
        if (q.CompanyId is { } companyId)
        {
            deals = deals.Where(d => d.CompanyId == companyId);
        }
        if (!string.IsNullOrEmpty(q.ResponsibleId))
        {
            deals = deals.Where(d => d.ResponsibleId == q.ResponsibleId);
        }
        if (q.Status is { } status)
        {
            deals = deals.Where(d => d.Status == status);
        }
        if (q.StageId is { } stageId)
        {
            deals = deals.Where(d => d.CurrentStageId == stageId);
        }
        if (q.SourceId is { } sourceId)
        {
            deals = deals.Where(d => d.SourceId == sourceId);
        }
        if (q.StartFrom is { } sf) { deals = deals.Where(d => d.StartDate >= sf); }
        if (q.StartTo is { } st) { deals = deals.Where(d => d.StartDate <= st); }
        if (q.EndFrom is { } ef) { deals = deals.Where(d => d.EndDate >= ef); }
        if (q.EndTo is { } et) { deals = deals.Where(d => d.EndDate <= et); }
        if (q.AmountFrom is { } af) { deals = deals.Where(d => d.LinesTotal >= af); }
        if (q.AmountTo is { } at) { deals = deals.Where(d => d.LinesTotal <= at); }
        if (q.HasDebt)
        {
            deals = deals.Where(d => d.Debt > 0);
        }
        if (q.Overdue)
        {
            var today = Today;
            deals = deals.Where(d => d.Status == DealStatus.Open && d.Stages.Any(s => s.CompletedOn == null && s.PlannedEnd < today));
        }
        return deals;
    }

    private static readonly Dictionary<string, Func<IQueryable<Deal>, bool, IOrderedQueryable<Deal>>> Sorts = new()
    {
        ["title"] = (q, d) => d ? q.OrderByDescending(x => x.Title) : q.OrderBy(x => x.Title),
        ["company"] = (q, d) => d ? q.OrderByDescending(x => x.Company!.Name) : q.OrderBy(x => x.Company!.Name),
        ["start"] = (q, d) => d ? q.OrderByDescending(x => x.StartDate) : q.OrderBy(x => x.StartDate),
        ["end"] = (q, d) => d ? q.OrderByDescending(x => x.EndDate) : q.OrderBy(x => x.EndDate),
        ["status"] = (q, d) => d ? q.OrderByDescending(x => x.Status) : q.OrderBy(x => x.Status),
        ["amount"] = (q, d) => d ? q.OrderByDescending(x => x.LinesTotal) : q.OrderBy(x => x.LinesTotal),
        ["paid"] = (q, d) => d ? q.OrderByDescending(x => x.PaidTotal) : q.OrderBy(x => x.PaidTotal),
        ["debt"] = (q, d) => d ? q.OrderByDescending(x => x.Debt) : q.OrderBy(x => x.Debt),
        ["advance"] = (q, d) => d ? q.OrderByDescending(x => x.Advance) : q.OrderBy(x => x.Advance),
    };


    private static IQueryable<Deal> Sorted(IQueryable<Deal> deals, DealListQuery query)
    {
        if (query.Sort is null || !Sorts.TryGetValue(query.Sort, out var sort))
        {
            query.Sort = "start";
            query.Desc = query.Sort == "start" && query.Desc;
            sort = Sorts["start"];
        }
        return sort(deals, query.Desc).ThenBy(d => d.Id);
    }

    private async Task<IReadOnlyList<Option>> UsersAsync(string? include, CancellationToken ct) =>
        (await lookup.UsersAsync(include, ct)).AsOptions();

    // ---- pickers ----

    public async Task<IReadOnlyList<PickerItem>> CompaniesAsync(string? q, ClaimsPrincipal principal, CancellationToken ct)
    {
        var companies = CompanyVisibility.Instance.Apply(db.Companies.AsNoTracking(), UserAccess.From(principal));
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = Domain.Common.SearchText.Normalize(q);
            companies = companies.Where(c => c.SearchText.Contains(term));
        }
        return await companies.OrderBy(c => c.Name).ThenBy(c => c.Id).Take(20).Select(c => new PickerItem(c.Id, c.Name, c.City)).ToListAsync(ct);
    }

    // ---- card ----

    /// <summary>Loads a deal with what the visibility rule and the totals need, and checks the operation on it.</summary>
    private async Task<(Outcome, Deal?)> LoadAsync(int id, ClaimsPrincipal principal, OperationAuthorizationRequirement operation,
        bool tracked, bool withMoney, CancellationToken ct)
    {
        IQueryable<Deal> query = db.Deals.Include(d => d.Company).Include(d => d.Stages);
        if (withMoney)
        {
            query = query.Include(d => d.Lines).Include(d => d.Payments).Include(d => d.Documents);
        }
        if (!tracked)
        {
            query = query.AsNoTracking();
        }
        var deal = await query.AsSplitQuery().FirstOrDefaultAsync(d => d.Id == id, ct);
        if (deal is null || !(await authorization.AuthorizeAsync(principal, deal, Operations.Read)).Succeeded)
        {
            return (Outcome.NotFound, null);
        }
        if (operation != Operations.Read && !(await authorization.AuthorizeAsync(principal, deal, operation)).Succeeded)
        {
            return (Outcome.Forbidden, null);
        }
        return (Outcome.Ok, deal);
    }

    public async Task<(Outcome, DealCardViewModel?)> CardAsync(int id, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, deal) = await LoadAsync(id, principal, Operations.Read, tracked: false, withMoney: false, ct);
        if (outcome != Outcome.Ok)
        {
            return (outcome, null);
        }
        var d = deal!;
        var ru = Ru;
        var today = Today;
        var currency = await db.Currencies.AsNoTracking().SingleAsync(c => c.Id == d.CurrencyId, ct);
        var userIds = d.Stages.Select(s => s.ResponsibleId).Append(d.ResponsibleId).Append(d.CreatedById).Append(d.UpdatedById)
            .Where(u => u != null).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        string? Name(string? userId) => userId is not null && names.TryGetValue(userId, out var n) ? n : null;
        var refIds = new[] { d.SourceId, d.LossReasonId, d.LostAtStageId }.Concat(d.Stages.Select(s => (int?)s.StageId))
            .Where(i => i != null).Select(i => i!.Value).Distinct().ToList();
        var refs = await db.ReferenceItems.AsNoTracking().Where(r => refIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        string? Ref(int? refId) => refId is { } k && refs.TryGetValue(k, out var r) ? r.Name(ru ? "ru" : "en") : null;

        var lines = await db.DealLines.AsNoTracking().Where(x => x.DealId == id).OrderBy(x => x.Id)
            .Select(x => new LineRow(x.Id, x.Product!.Name, x.Product.IsService, x.Quantity,
                x.Unit == null ? null : ru ? x.Unit.NameRu : x.Unit.NameEn, x.UnitPrice, x.DiscountPercent, x.Amount)).ToListAsync(ct);
        var payments = await db.Payments.AsNoTracking().Where(x => x.DealId == id).OrderBy(x => x.Date).ThenBy(x => x.Id)
            .Select(x => new PaymentRow(x.Id, x.Date, x.Amount, x.Currency!.Code, x.AmountInDealCurrency, x.DocumentNumber, x.Note,
                x.CurrencyId == d.CurrencyId ? null : x.Rate, x.RateDate)).ToListAsync(ct);
        var documents = await db.AccountingDocuments.AsNoTracking().Where(x => x.DealId == id).OrderBy(x => x.Date).ThenBy(x => x.Id)
            .Select(x => new DocumentRow(x.Id, ru ? x.Type!.NameRu : x.Type!.NameEn, x.Number, x.Date, x.Amount, x.Note, x.Type!.CountsAsShipment))
            .ToListAsync(ct);
        var card = new DealCardViewModel
        {
            Id = d.Id,
            Title = d.Title,
            CompanyId = d.CompanyId,
            CompanyName = d.Company!.Name,
            ContactPerson = d.ContactPersonId is { } cp
                ? await db.ContactPersons.AsNoTracking().Where(p => p.Id == cp).Select(p => p.FullName).FirstOrDefaultAsync(ct)
                : null,
            Source = Ref(d.SourceId),
            StartDate = d.StartDate,
            EndDate = d.EndDate,
            ResponsibleName = Name(d.ResponsibleId),
            CurrencyCode = currency.Code,
            MinorUnits = currency.MinorUnits,
            Status = d.Status,
            CloseDate = d.CloseDate,
            LossReason = Ref(d.LossReasonId),
            LostAtStage = Ref(d.LostAtStageId),
            Notes = d.Notes,
            Stamp = d.ConcurrencyStamp,
            // The card's figures come from the one domain rule; the stored totals the list uses are written from it.
            Totals = DealMath.Totals(d.Status, lines.Select(x => x.Amount), payments.Select(x => x.AmountInDealCurrency),
                documents.Select(x => new ShipmentDocument(x.Amount, x.CountsAsShipment)), currency.MinorUnits),
            CreatedAtUtc = d.CreatedAtUtc,
            CreatedBy = Name(d.CreatedById),
            UpdatedAtUtc = d.UpdatedAtUtc,
            UpdatedBy = Name(d.UpdatedById),
            Lines = lines,
            Payments = payments,
            Stages = StageRows(d, refs, names, today),
            CanEdit = (await authorization.AuthorizeAsync(principal, d, Operations.Update)).Succeeded,
            CanDelete = (await authorization.AuthorizeAsync(principal, d, Operations.Delete)).Succeeded,
        };
        card.Documents = documents;
        card.History = await Shared.ChangeHistory.ForAsync(db, nameof(Deal), id, ct);
        card.Currencies = await lookup.CurrenciesAsync(ct: ct);
        card.DocumentTypes = await lookup.OptionsAsync(ReferenceListKind.AccountingDocumentType, ct: ct);
        card.LossReasons = await lookup.OptionsAsync(ReferenceListKind.LossReason, ct: ct);
        card.NewPayment.CurrencyId = d.CurrencyId;
        card.NewPayment.Date = Today;
        card.NewDocument.Date = Today;
        card.Close.CloseDate = Today;
        card.Close.LostAtStageId = d.CurrentStageId;
        card.CustomFields = CustomFieldValues.Displays(await CustomFieldValues.DefinitionsAsync(db, CustomFieldTarget.Deal, ct),
            await CustomFieldValues.ValuesAsync(db, CustomFieldTarget.Deal, id, tracked: false, ct), l);
        return (Outcome.Ok, card);
    }

    private static List<StageRow> StageRows(Deal d, IReadOnlyDictionary<int, ReferenceItem> refs, IReadOnlyDictionary<string, string> names, DateOnly today)
    {
        var ru = Ru;
        return d.Stages
            .OrderBy(s => refs.TryGetValue(s.StageId, out var r) ? r.SortOrder : int.MaxValue).ThenBy(s => s.Id)
            .Select(s => new StageRow(s.Id, s.StageId, refs.TryGetValue(s.StageId, out var r) ? r.Name(ru ? "ru" : "en") : "",
                s.ResponsibleId, s.ResponsibleId is not null && names.TryGetValue(s.ResponsibleId, out var n) ? n : null,
                s.PlannedStart, s.PlannedEnd, s.CompletedOn, s.Note,
                d.Status == DealStatus.Open && s.StageId == d.CurrentStageId, d.Status == DealStatus.Open && s.IsOverdue(today)))
            .ToList();
    }

    // ---- main data ----

    public async Task<(Outcome, DealFormViewModel?)> NewFormAsync(int? companyId, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = UserAccess.From(principal);
        if (!user.Has(Permissions.Deals.Create))
        {
            return (Outcome.Forbidden, null);
        }
        var baseId = await money.BaseCurrencyIdAsync(ct);
        var input = new DealInput { ResponsibleId = user.UserId, CompanyId = companyId, StartDate = Today, CurrencyId = baseId };
        return (Outcome.Ok, await FormAsync(null, input, user, [], ct));
    }

    public async Task<(Outcome, DealFormViewModel?)> EditFormAsync(int id, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, deal) = await LoadAsync(id, principal, Operations.Update, tracked: false, withMoney: false, ct);
        if (outcome != Outcome.Ok)
        {
            return (outcome, null);
        }
        var input = ToInput(deal!);
        input.Custom = (await CustomFieldValues.ValuesAsync(db, CustomFieldTarget.Deal, id, tracked: false, ct))
            .ToDictionary(v => v.DefinitionId, CustomFieldValues.ToText);
        return (Outcome.Ok, await FormAsync(id, input, UserAccess.From(principal), [], ct));
    }

    public async Task<DealFormViewModel> FormAsync(int? id, DealInput input, UserAccess user, IReadOnlyList<ConflictField> conflict, CancellationToken ct)
    {
        var companyName = input.CompanyId is { } cid
            ? await CompanyVisibility.Instance.Apply(db.Companies.AsNoTracking(), user).Where(c => c.Id == cid).Select(c => c.Name).FirstOrDefaultAsync(ct)
            : null;
        return new DealFormViewModel
        {
            Id = id,
            Input = input,
            CompanyName = companyName,
            Contacts = companyName is null ? [] : await db.ContactPersons.AsNoTracking().Where(p => p.CompanyId == input.CompanyId)
                .OrderBy(p => p.FullName).Select(p => new Option(p.Id.ToString(CultureInfo.InvariantCulture), p.FullName)).ToListAsync(ct),
            Sources = await lookup.OptionsAsync(ReferenceListKind.ClientSource, input.SourceId, ct),
            Currencies = await lookup.CurrenciesAsync(input.CurrencyId, ct),
            Users = await UsersAsync(input.ResponsibleId, ct),
            CanReassign = user.Has(Permissions.Deals.Reassign),
            Conflict = conflict,
            CustomFields = CustomFieldValues.Editors(await CustomFieldValues.DefinitionsAsync(db, CustomFieldTarget.Deal, ct), input.Custom),
        };
    }

    public async Task<Result> CreateAsync(DealInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = UserAccess.From(principal);
        if (!user.Has(Permissions.Deals.Create))
        {
            return new Result(Outcome.Forbidden);
        }
        if (string.IsNullOrEmpty(input.ResponsibleId) || !user.Has(Permissions.Deals.Reassign))
        {
            input.ResponsibleId = user.UserId;
        }
        var errors = await CheckMainAsync(input, null, user, ct);
        var custom = CustomFieldValues.Parse(await CustomFieldValues.DefinitionsAsync(db, CustomFieldTarget.Deal, ct), input.Custom, errors, l);
        if (errors.Count > 0)
        {
            return new Result(Outcome.Invalid, Errors: errors);
        }
        var deal = new Deal { ResponsibleId = input.ResponsibleId };
        Apply(input, deal);
        // The stages are laid out from the ordered stage list; each starts with the deal's manager.
        var stages = await db.ReferenceItems.AsNoTracking().Where(r => r.Kind == ReferenceListKind.DealStage && r.IsActive)
            .OrderBy(r => r.SortOrder).ThenBy(r => r.Id).Select(r => r.Id).ToListAsync(ct);
        deal.Stages = stages.Select(s => new DealStage { StageId = s, ResponsibleId = deal.ResponsibleId }).ToList();
        deal.CurrentStageId = stages.Count > 0 ? stages[0] : null;
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
        var (outcome, deal) = await LoadAsync(id, principal, Operations.Update, tracked: true, withMoney: true, ct);
        if (outcome != Outcome.Ok)
        {
            return new Result(outcome);
        }
        var reassigning = !string.IsNullOrEmpty(input.ResponsibleId) && input.ResponsibleId != deal!.ResponsibleId;
        if (reassigning && !(await authorization.AuthorizeAsync(principal, deal!, Operations.Reassign)).Succeeded)
        {
            return new Result(Outcome.Forbidden);
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
        var before = ToInput(deal);
        db.Entry(deal).Property(d => d.ConcurrencyStamp).OriginalValue = input.ConcurrencyStamp;
        Apply(input, deal);
        if (reassigning)
        {
            deal.ResponsibleId = input.ResponsibleId!;
        }
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

    /// <summary>The company must be one the user can see (a forged id is refused), the contact must be of that company, references must exist.</summary>
    private async Task<Dictionary<string, string>> CheckMainAsync(DealInput input, Deal? existing, UserAccess user, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        if (input.CompanyId != existing?.CompanyId
            && !await CompanyVisibility.Instance.Apply(db.Companies.AsNoTracking(), user).AnyAsync(c => c.Id == input.CompanyId, ct))
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

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static void Apply(DealInput input, Deal deal)
    {
        deal.CompanyId = input.CompanyId!.Value;
        deal.ContactPersonId = input.ContactPersonId;
        deal.Title = input.Title!.Trim();
        deal.SourceId = input.SourceId;
        deal.StartDate = input.StartDate!.Value;
        deal.EndDate = input.EndDate;
        deal.CurrencyId = input.CurrencyId!.Value;
        deal.Notes = Clean(input.Notes);
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
            if ((Clean(a) ?? "") != (Clean(b) ?? ""))
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

    // ---- stages, lines, payments, documents, closing: each a change of the deal under its stamp ----

    public async Task<(Outcome, StagesFormViewModel?)> StagesFormAsync(int id, StagesInput? posted, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, deal) = await LoadAsync(id, principal, Operations.Update, tracked: false, withMoney: false, ct);
        if (outcome != Outcome.Ok)
        {
            return (outcome, null);
        }
        var d = deal!;
        var refs = await db.ReferenceItems.AsNoTracking().Where(r => r.Kind == ReferenceListKind.DealStage).ToDictionaryAsync(r => r.Id, ct);
        var names = new Dictionary<string, string>();
        var rows = StageRows(d, refs, names, Today);
        var input = posted ?? new StagesInput
        {
            ConcurrencyStamp = d.ConcurrencyStamp,
            Stages = rows.Select(r => new StageInput { Id = r.Id, ResponsibleId = r.ResponsibleId, PlannedStart = r.PlannedStart,
                PlannedEnd = r.PlannedEnd, CompletedOn = r.CompletedOn, Note = r.Note }).ToList(),
        };
        return (Outcome.Ok, new StagesFormViewModel { Id = id, Title = d.Title, Input = input, Stages = rows, Users = await UsersAsync(null, ct) });
    }

    public async Task<Result> SaveStagesAsync(int id, StagesInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, deal) = await LoadAsync(id, principal, Operations.Update, tracked: true, withMoney: true, ct);
        if (outcome != Outcome.Ok)
        {
            return new Result(outcome);
        }
        var d = deal!;
        var errors = new Dictionary<string, string>();
        if (DealRules.CanChangeStages(d) != DealRuleError.None)
        {
            errors[""] = l["A closed deal cannot be changed; reopen it first."];
        }
        var users = input.Stages.Select(s => s.ResponsibleId).Where(u => !string.IsNullOrEmpty(u)).Distinct().ToList();
        var known = await db.Users.Where(u => users.Contains(u.Id)).Select(u => u.Id).ToListAsync(ct);
        for (var i = 0; i < input.Stages.Count; i++)
        {
            var posted = input.Stages[i];
            var stage = d.Stages.FirstOrDefault(s => s.Id == posted.Id);
            if (stage is null)
            {
                return new Result(Outcome.NotFound);
            }
            if (!string.IsNullOrEmpty(posted.ResponsibleId) && !known.Contains(posted.ResponsibleId))
            {
                errors[$"Stages[{i}].ResponsibleId"] = l["Choose a value from the list."];
            }
        }
        if (errors.Count > 0)
        {
            return new Result(Outcome.Invalid, Errors: errors);
        }
        foreach (var posted in input.Stages)
        {
            var stage = d.Stages.First(s => s.Id == posted.Id);
            stage.ResponsibleId = Clean(posted.ResponsibleId);
            stage.PlannedStart = posted.PlannedStart;
            stage.PlannedEnd = posted.PlannedEnd;
            stage.CompletedOn = posted.CompletedOn;
            stage.Note = Clean(posted.Note);
        }
        return await SaveDealAsync(d, input.ConcurrencyStamp, ct);
    }

    public async Task<Result> AddLineAsync(int id, LineInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, deal) = await LoadAsync(id, principal, Operations.Update, tracked: true, withMoney: true, ct);
        if (outcome != Outcome.Ok)
        {
            return new Result(outcome);
        }
        var d = deal!;
        if (DealRules.CanChangeLines(d) != DealRuleError.None)
        {
            return Invalid("Line.ProductId", l["A closed deal cannot be changed; reopen it first."]);
        }
        var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == input.ProductId && p.IsActive, ct);
        if (product is null)
        {
            return Invalid("Line.ProductId", l["Choose a product."]);
        }
        var minor = await MinorUnitsAsync(d.CurrencyId, ct);
        var quantity = Numbers.Parse(input.Quantity)!.Value;
        var price = Numbers.Parse(input.UnitPrice)!.Value;
        var discount = Numbers.Parse(input.DiscountPercent) ?? 0m;
        d.Lines.Add(new DealLine
        {
            DealId = d.Id, ProductId = product.Id, UnitId = product.UnitId, Quantity = quantity, UnitPrice = price, DiscountPercent = discount,
            Amount = DealMath.LineAmount(quantity, price, discount, minor),
        });
        return await SaveDealAsync(d, input.ConcurrencyStamp, ct);
    }

    public async Task<Result> DeleteLineAsync(int id, int lineId, Guid stamp, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, deal) = await LoadAsync(id, principal, Operations.Update, tracked: true, withMoney: true, ct);
        if (outcome != Outcome.Ok)
        {
            return new Result(outcome);
        }
        var line = deal!.Lines.FirstOrDefault(x => x.Id == lineId);
        if (line is null)
        {
            return new Result(Outcome.NotFound);
        }
        if (DealRules.CanChangeLines(deal) != DealRuleError.None)
        {
            return Invalid("", l["A closed deal cannot be changed; reopen it first."]);
        }
        deal.Lines.Remove(line);
        db.DealLines.Remove(line);
        return await SaveDealAsync(deal, stamp, ct);
    }

    public async Task<Result> AddPaymentAsync(int id, PaymentInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, deal) = await LoadAsync(id, principal, Operations.Update, tracked: true, withMoney: true, ct);
        if (outcome != Outcome.Ok)
        {
            return new Result(outcome);
        }
        var d = deal!;
        var currency = await db.Currencies.AsNoTracking().FirstOrDefaultAsync(c => c.Id == input.CurrencyId && c.IsActive, ct);
        if (currency is null)
        {
            return Invalid("Payment.CurrencyId", l["Choose a value from the list."]);
        }
        // Money may still arrive on a closed deal (a late payment of a won deal, a refund case of a lost one), but not by a slip.
        if (d.IsClosed && !input.ConfirmClosed)
        {
            return Invalid("Payment.ConfirmClosed", d.Status == DealStatus.Lost
                ? l["This deal is lost. Tick the box to confirm a payment on it."]
                : l["This deal is closed. Tick the box to confirm a payment on it."]);
        }
        var amount = DealMath.Round(Numbers.Parse(input.Amount)!.Value, currency.MinorUnits);
        var date = input.Date!.Value;
        var converted = await money.ConvertAsync(amount, currency.Id, d.CurrencyId, date, ct);
        if (converted is null)
        {
            return Invalid("Payment.CurrencyId", l["There is no exchange rate for this currency on or before {0:d}; add one first.", date.ToDateTime(TimeOnly.MinValue)]);
        }
        d.Payments.Add(new Payment
        {
            DealId = d.Id, Date = date, Amount = amount, CurrencyId = currency.Id,
            DocumentNumber = Clean(input.DocumentNumber), Note = Clean(input.Note), AmountInDealCurrency = converted.Amount,
            Rate = converted.Rate, RateDate = converted.RateDate,
        });
        return await SaveDealAsync(d, input.ConcurrencyStamp, ct);
    }

    public async Task<Result> DeletePaymentAsync(int id, int paymentId, Guid stamp, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, deal) = await LoadAsync(id, principal, Operations.Update, tracked: true, withMoney: true, ct);
        if (outcome != Outcome.Ok)
        {
            return new Result(outcome);
        }
        var payment = deal!.Payments.FirstOrDefault(x => x.Id == paymentId);
        if (payment is null)
        {
            return new Result(Outcome.NotFound);
        }
        deal.Payments.Remove(payment);
        db.Payments.Remove(payment);
        return await SaveDealAsync(deal, stamp, ct);
    }

    public async Task<Result> AddDocumentAsync(int id, DocumentInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, deal) = await LoadAsync(id, principal, Operations.Update, tracked: true, withMoney: true, ct);
        if (outcome != Outcome.Ok)
        {
            return new Result(outcome);
        }
        if (!await db.ReferenceItems.AnyAsync(r => r.Id == input.TypeId && r.Kind == ReferenceListKind.AccountingDocumentType && r.IsActive, ct))
        {
            return Invalid("Document.TypeId", l["Choose a value from the list."]);
        }
        var minor = await MinorUnitsAsync(deal!.CurrencyId, ct);
        deal.Documents.Add(new AccountingDocument
        {
            DealId = deal.Id, TypeId = input.TypeId!.Value, Number = input.Number!.Trim(), Date = input.Date!.Value,
            Amount = DealMath.Round(Numbers.Parse(input.Amount)!.Value, minor), Note = Clean(input.Note),
        });
        return await SaveDealAsync(deal, input.ConcurrencyStamp, ct);
    }

    public async Task<Result> DeleteDocumentAsync(int id, int documentId, Guid stamp, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, deal) = await LoadAsync(id, principal, Operations.Update, tracked: true, withMoney: true, ct);
        if (outcome != Outcome.Ok)
        {
            return new Result(outcome);
        }
        var document = deal!.Documents.FirstOrDefault(x => x.Id == documentId);
        if (document is null)
        {
            return new Result(Outcome.NotFound);
        }
        deal.Documents.Remove(document);
        db.AccountingDocuments.Remove(document);
        return await SaveDealAsync(deal, stamp, ct);
    }

    public async Task<Result> CloseAsync(int id, CloseInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, deal) = await LoadAsync(id, principal, Operations.Update, tracked: true, withMoney: true, ct);
        if (outcome != Outcome.Ok)
        {
            return new Result(outcome);
        }
        var d = deal!;
        if (input.Outcome == "lost")
        {
            if (!await db.ReferenceItems.AnyAsync(r => r.Id == input.LossReasonId && r.Kind == ReferenceListKind.LossReason && r.IsActive, ct))
            {
                return Invalid("Close.LossReasonId", l["A lost deal needs the loss reason."]);
            }
            if (!d.Stages.Any(s => s.StageId == input.LostAtStageId))
            {
                return Invalid("Close.LostAtStageId", l["A lost deal needs the stage at which it was lost."]);
            }
        }
        var error = input.Outcome == "lost"
            ? DealRules.MarkLost(d, input.CloseDate, input.LossReasonId, input.LostAtStageId, Today)
            : DealRules.MarkWon(d, input.CloseDate, Today);
        return error switch
        {
            DealRuleError.None => await SaveDealAsync(d, input.ConcurrencyStamp, ct),
            DealRuleError.CloseDateBeforeStart => Invalid("Close.CloseDate", l["The close date cannot be before the start date."]),
            DealRuleError.DealClosed => Invalid("", l["The deal is already closed."]),
            _ => Invalid("Close.CloseDate", l["Enter the close date."]),
        };
    }

    public async Task<Result> ReopenAsync(int id, Guid stamp, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, deal) = await LoadAsync(id, principal, Operations.Update, tracked: true, withMoney: true, ct);
        if (outcome != Outcome.Ok)
        {
            return new Result(outcome);
        }
        return DealRules.Reopen(deal!) == DealRuleError.None ? await SaveDealAsync(deal!, stamp, ct) : new Result(Outcome.Ok, id);
    }

    public async Task<(Outcome, DealDeleteViewModel?)> DeleteInfoAsync(int id, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, deal) = await LoadAsync(id, principal, Operations.Delete, tracked: false, withMoney: false, ct);
        return outcome == Outcome.Ok ? (outcome, new DealDeleteViewModel(id, deal!.Title, deal.ConcurrencyStamp)) : (outcome, null);
    }

    public async Task<Outcome> DeleteAsync(int id, Guid stamp, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, deal) = await LoadAsync(id, principal, Operations.Delete, tracked: true, withMoney: true, ct);
        if (outcome != Outcome.Ok)
        {
            return outcome;
        }
        db.Entry(deal!).Property(d => d.ConcurrencyStamp).OriginalValue = stamp;
        db.Deals.Remove(deal!);
        db.CustomFieldValues.RemoveRange(await CustomFieldValues.ValuesAsync(db, CustomFieldTarget.Deal, id, tracked: true, ct));
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

    private static Result Invalid(string key, string message) => new(Outcome.Invalid, Errors: new Dictionary<string, string> { [key] = message });

    /// <summary>
    /// Recomputes the stored totals (the receivable rule over lines, payments, documents and status) and the current
    /// stage, then saves under the stamp the user loaded. Every change of a deal's lines, payments, documents, stages
    /// or status ends here, with all of them loaded (<see cref="LoadAsync"/> withMoney).
    /// </summary>
    private async Task<Result> SaveDealAsync(Deal deal, Guid stamp, CancellationToken ct)
    {
        var minor = await MinorUnitsAsync(deal.CurrencyId, ct);
        var order = await db.ReferenceItems.AsNoTracking().Where(r => r.Kind == ReferenceListKind.DealStage)
            .ToDictionaryAsync(r => r.Id, r => r.SortOrder, ct);
        deal.Recalculate(minor, s => order.GetValueOrDefault(s, int.MaxValue), await money.ShipmentTypesAsync(ct));
        var entry = db.Entry(deal);
        entry.Property(d => d.ConcurrencyStamp).OriginalValue = stamp;
        // Every change of a deal's parts goes through the deal row, so two users adding lines at once are detected.
        entry.State = entry.State == EntityState.Unchanged ? EntityState.Modified : entry.State;
        try
        {
            await db.SaveChangesAsync(ct);
            return new Result(Outcome.Ok, deal.Id);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new Result(Outcome.Conflict, deal.Id);
        }
    }

    private Task<int> MinorUnitsAsync(int currencyId, CancellationToken ct) =>
        db.Currencies.AsNoTracking().Where(c => c.Id == currencyId).Select(c => c.MinorUnits).SingleAsync(ct);
}
