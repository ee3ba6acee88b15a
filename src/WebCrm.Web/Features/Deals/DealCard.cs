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

/// <summary>The deal card: the deal, its stages, lines, payments (with the rate used), documents, money and history.</summary>
public sealed class DealCard(
    CrmDbContext db,
    DealStore store,
    ReferenceLookup lookup,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l)
{
    public async Task<Result<DealCardViewModel>> CardAsync(int id, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, deal) = await store.LoadAsync(id, principal, Operations.Read, tracked: false, withMoney: false, ct);
        if (outcome != Outcome.Ok)
        {
            return new(outcome);
        }
        var d = deal!;
        var ru = FormText.IsRussian;
        var today = Numbers.Today(clock);
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
            // The deal's owners edit it (DealEditRights); a stage responsible only plans his own stages.
            CanEdit = store.May(d, principal, DealChange.Reopen),
            CanPlanStages = store.May(d, principal, DealChange.StagePlan, store.OwnStage(d, principal)),
            CanDelete = store.May(d, principal, DealChange.Delete),
            CanMoveOn = store.May(d, principal, DealChange.StagePlan, store.CurrentStage(d)),
        };
        card.Documents = documents;
        card.History = await Shared.ChangeHistory.ForAsync(db, nameof(Deal), id, ct);
        card.Currencies = await lookup.CurrenciesAsync(ct: ct);
        card.DocumentTypes = await lookup.OptionsAsync(ReferenceListKind.AccountingDocumentType, ct: ct);
        card.LossReasons = await lookup.OptionsAsync(ReferenceListKind.LossReason, ct: ct);
        card.NewPayment.CurrencyId = d.CurrencyId;
        card.NewPayment.Date = Numbers.Today(clock);
        card.NewDocument.Date = Numbers.Today(clock);
        card.Close.CloseDate = Numbers.Today(clock);
        card.Close.LostAtStageId = d.CurrentStageId;
        card.CustomFields = CustomFieldValues.Displays(await CustomFieldValues.DefinitionsAsync(db, CustomFieldTarget.Deal, ct),
            await CustomFieldValues.ValuesAsync(db, CustomFieldTarget.Deal, id, tracked: false, ct), l);
        return new(Outcome.Ok, card);
    }

    internal static List<StageRow> StageRows(Deal d, IReadOnlyDictionary<int, ReferenceItem> refs, IReadOnlyDictionary<string, string> names, DateOnly today)
    {
        var ru = FormText.IsRussian;
        return DealStagePlan.Ordered(d, id => refs.TryGetValue(id, out var r) ? r.SortOrder : int.MaxValue)
            .Select(s => new StageRow(s.Id, s.StageId, refs.TryGetValue(s.StageId, out var r) ? r.Name(ru ? "ru" : "en") : "",
                s.ResponsibleId, s.ResponsibleId is not null && names.TryGetValue(s.ResponsibleId, out var n) ? n : null,
                s.PlannedStart, s.PlannedEnd, s.CompletedOn, s.Note,
                d.Status == DealStatus.Open && s.StageId == d.CurrentStageId, d.Status == DealStatus.Open && s.IsOverdue(today)))
            .ToList();
    }
}
