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
    /// <summary>How many products the plain (no-JavaScript) product choice of the line form lists.</summary>
    public const int ProductChoices = 50;

    /// <param name="productQuery">What the line form's "Find" box (without JavaScript) asked for among the products.</param>
    /// <param name="productId">A product chosen in a form shown again (after an error), offered whatever the query.</param>
    public async Task<Result<DealCardViewModel>> CardAsync(int id, ClaimsPrincipal principal, CancellationToken ct,
        string? productQuery = null, int? productId = null)
    {
        var (outcome, deal) = await store.LoadAsync(id, principal, Operations.Read, tracked: false, withMoney: false, ct);
        if (outcome != Outcome.Ok)
        {
            return new(outcome);
        }
        var d = deal!;
        var ru = FormText.IsRussian;
        var today = Numbers.Today(clock);
        // The currency, users' names and reference values from the reference cache: no round trip.
        var data = await lookup.DataAsync();
        var currency = data.Currencies.FirstOrDefault(c => c.Id == d.CurrencyId)
            ?? await db.Currencies.AsNoTracking().SingleAsync(c => c.Id == d.CurrencyId, ct);
        var names = data.UsersById.ToDictionary(u => u.Key, u => u.Value.DisplayName);
        string? Name(string? userId) => data.UserName(userId);
        var refs = data.ItemsById;
        string? Ref(int? refId) => data.ItemName(refId, ru);

        // The deal's owners edit it (DealEditRights); only they get the product choice, which rides with the other parts.
        var canEdit = store.May(d, principal, DealChange.Reopen);
        var products = canEdit && d.Status == DealStatus.Open ? new ProductPick(productQuery, productId) : null;
        var parts = await Parts(d, products).ToListAsync(ct);
        var lines = parts.Where(p => p.Part == LinePart).OrderBy(p => p.Id)
            .Select(p => new LineRow((int)p.Id, p.T1!, p.B1 == true, p.N1!.Value, p.T2, p.N2!.Value, p.N3!.Value, p.N4!.Value, (int)p.L1!.Value)).ToList();
        var payments = parts.Where(p => p.Part == PaymentPart).OrderBy(p => p.D1).ThenBy(p => p.Id)
            .Select(p => new PaymentRow((int)p.Id, p.D1!.Value, p.N1!.Value, p.T1!, p.N2!.Value, p.T2, p.T3, p.N3, p.D2)).ToList();
        var documents = parts.Where(p => p.Part == DocumentPart).OrderBy(p => p.D1).ThenBy(p => p.Id)
            .Select(p => new DocumentRow((int)p.Id, p.T1!, p.T2!, p.D1!.Value, p.N1!.Value, p.T3, p.B1 == true)).ToList();
        var values = parts.Where(p => p.Part == ValuePart).Select(p => new CustomFieldValue
        {
            Id = p.Id, DefinitionId = (int)p.L1!.Value, Target = CustomFieldTarget.Deal, EntityId = id,
            TextValue = p.T1, NumberValue = p.N1, DateValue = p.D1, BoolValue = p.B1,
        }).ToList();
        var card = new DealCardViewModel
        {
            Id = d.Id,
            Title = d.Title,
            CompanyId = d.CompanyId,
            CompanyName = d.Company!.Name,
            ContactPerson = parts.FirstOrDefault(p => p.Part == ContactPart)?.T1,
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
            // A stage responsible only plans his own stages.
            CanEdit = canEdit,
            CanPlanStages = store.May(d, principal, DealChange.StagePlan, store.OwnStage(d, principal)),
            CanDelete = store.May(d, principal, DealChange.Delete),
            CanMoveOn = store.May(d, principal, DealChange.StagePlan, store.CurrentStage(d)),
        };
        card.Documents = documents;
        // The stages tab edits in place what the stage page does: the structure is the owners', each stage's plan its
        // owners' or its responsible's, its people the owners' with Reassign (DealEditRights; none on a closed deal).
        card.CanChangeStages = store.May(d, principal, DealChange.StageStructure, store.CurrentStage(d));
        card.StagePlanEditable = d.Stages.Where(s => store.May(d, principal, DealChange.StagePlan, s)).Select(s => s.Id).ToHashSet();
        card.StageResponsibleEditable = d.Stages.Where(s => store.May(d, principal, DealChange.StageResponsible, s)).Select(s => s.Id).ToHashSet();
        card.AddableStages = !card.CanChangeStages ? [] : refs.Values
            .Where(r => r.Kind == ReferenceListKind.DealStage && r.IsActive && d.Stages.All(s => s.StageId != r.Id))
            .OrderBy(r => r.SortOrder).ThenBy(r => r.Id).Select(r => new Option(r.Id.ToString(CultureInfo.InvariantCulture), ru ? r.NameRu : r.NameEn)).ToList();
        card.ProductQuery = productQuery;
        card.ProductOptions = parts.Where(p => p.Part == ProductPart).GroupBy(p => p.Id).Select(g => g.First())
            .OrderBy(p => p.T1, StringComparer.CurrentCulture).ThenBy(p => p.Id)
            .Select(p => new ProductChoice((int)p.Id, p.T1!, p.N1!.Value, p.T2!)).ToList();
        // The history names the deal's own parts from what the card already holds.
        var known = new Dictionary<Type, IReadOnlyDictionary<string, string>>
        {
            [typeof(Deal)] = Shared.ChangeHistory.Named([d], x => x.Id, x => x.Title),
            [typeof(Company)] = Shared.ChangeHistory.Named([d.Company!], x => x.Id, x => x.Name),
            [typeof(DealStage)] = Shared.ChangeHistory.Named(d.Stages, x => x.Id, x => Ref(x.StageId) ?? ""),
            [typeof(DealLine)] = Shared.ChangeHistory.Named(lines, x => x.Id, x => x.Product),
            [typeof(AccountingDocument)] = Shared.ChangeHistory.Named(documents, x => x.Id, x => x.Number),
        };
        if (d.ContactPersonId is { } contactId && card.ContactPerson is { } contactName)
        {
            known[typeof(ContactPerson)] = new Dictionary<string, string> { [contactId.ToString(CultureInfo.InvariantCulture)] = contactName };
        }
        // Amounts in the history are in the deal's currency, but a payment's own amount is in the payment's currency
        // (the one it had at each change: the history walks back over the payment's logged currency changes),
        var paymentCurrency = payments.ToDictionary(p => p.Id.ToString(CultureInfo.InvariantCulture), p => p.Currency);
        // and the deal's own amounts are in the deal's currency at the time of each change.
        card.History = await Shared.ChangeHistory.FromPartsAsync(db, parts.Where(p => p.Part == HistoryPart), data, known, ct,
            new Shared.OwnCurrency(nameof(Deal), currency.Code),
            e => e.EntityType == nameof(Payment) ? paymentCurrency.GetValueOrDefault(e.EntityId) : null);
        card.Currencies = await lookup.CurrenciesAsync(ct: ct);
        card.DocumentTypes = await lookup.OptionsAsync(ReferenceListKind.AccountingDocumentType, ct: ct);
        card.LossReasons = await lookup.OptionsAsync(ReferenceListKind.LossReason, ct: ct);
        card.NewPayment.CurrencyId = d.CurrencyId;
        card.NewPayment.Date = Numbers.Today(clock);
        card.NewDocument.Date = Numbers.Today(clock);
        card.Close.CloseDate = Numbers.Today(clock);
        card.Close.LostAtStageId = d.CurrentStageId;
        card.CustomFields = CustomFieldValues.Displays(await lookup.DefinitionsAsync(CustomFieldTarget.Deal), values, l);
        return new(Outcome.Ok, card);
    }

    /// <summary>The card with one product line open for editing in its row (an open deal its user may edit).</summary>
    public async Task<Result<DealCardViewModel>> LineEditorAsync(int id, int lineId, ClaimsPrincipal principal, CancellationToken ct)
    {
        var shown = await CardAsync(id, principal, ct);
        if (!shown.Ok)
        {
            return shown;
        }
        var c = shown.Value!;
        if (c.Lines.FirstOrDefault(x => x.Id == lineId) is not { } line)
        {
            return new(Outcome.NotFound);
        }
        if (!c.CanEdit || c.Status != DealStatus.Open)
        {
            return new(Outcome.Forbidden);
        }
        c.EditLineId = lineId;
        c.EditLine = ToInput(line, c.Stamp);
        return shown;
    }

    /// <summary>
    /// The card with one stage open for editing in its row: a stage of this deal (else 404) whose plan or responsible
    /// the user may change (else 403; so never on a closed deal). <paramref name="posted"/>: what a refused save sent.
    /// </summary>
    public async Task<Result<DealCardViewModel>> StageEditorAsync(int id, int dealStageId, StageEditInput? posted, ClaimsPrincipal principal, CancellationToken ct)
    {
        var shown = await CardAsync(id, principal, ct);
        if (!shown.Ok)
        {
            return shown;
        }
        var c = shown.Value!;
        if (c.Stages.FirstOrDefault(x => x.Id == dealStageId) is not { } stage)
        {
            return new(Outcome.NotFound);
        }
        if (!c.StagePlanEditable.Contains(dealStageId) && !c.StageResponsibleEditable.Contains(dealStageId))
        {
            return new(Outcome.Forbidden);
        }
        c.EditStageId = dealStageId;
        c.EditStage = posted ?? new StageEditInput
        {
            Id = stage.Id, ResponsibleId = stage.ResponsibleId, PlannedStart = stage.PlannedStart, PlannedEnd = stage.PlannedEnd,
            CompletedOn = stage.CompletedOn, Note = stage.Note, ConcurrencyStamp = c.Stamp,
        };
        c.StageUsers = (await lookup.UsersAsync(stage.ResponsibleId, ct)).AsOptions();
        return shown;
    }

    /// <summary>What the in-place form of a product line starts with: the line as stored, numbers in the user's culture.</summary>
    public static LineInput ToInput(LineRow line, Guid stamp) => new()
    {
        ProductId = line.ProductId, Quantity = line.Quantity.ToString("0.####", CultureInfo.CurrentCulture),
        UnitPrice = line.UnitPrice.ToString("0.####", CultureInfo.CurrentCulture), DiscountPercent = line.DiscountPercent.ToString("0.##", CultureInfo.CurrentCulture),
        ConcurrencyStamp = stamp,
    };

    private const int LinePart = 1, PaymentPart = 2, DocumentPart = 3, ValuePart = 4, ContactPart = 5, HistoryPart = 6, ProductPart = 7;

    /// <summary>What the line form's product choice asks for: the "Find" text and a product already chosen.</summary>
    private sealed record ProductPick(string? Query, int? Chosen);

    /// <summary>
    /// Lines, payments (with the rate used), documents, custom values, the contact person's name, the history and, for
    /// a user who may add lines, the product choice of the line form, in one command.
    /// </summary>
    private IQueryable<PartRow> Parts(Deal deal, ProductPick? pick)
    {
        var ru = FormText.IsRussian;
        var id = deal.Id;
        var dealCurrency = deal.CurrencyId;
        var contactId = deal.ContactPersonId ?? 0;
        var lines = db.DealLines.AsNoTracking().Where(x => x.DealId == id).Select(x => new PartRow
        {
            Part = LinePart, Id = x.Id, T1 = x.Product!.Name, T2 = x.Unit == null ? null : ru ? x.Unit.NameRu : x.Unit.NameEn, T3 = null, T4 = null,
            T5 = null, T6 = null, T7 = null, D1 = PartRow.NoDate, D2 = PartRow.NoDate, D3 = PartRow.NoDate, At = PartRow.NoTime,
            N1 = x.Quantity, N2 = x.UnitPrice, N3 = x.DiscountPercent, N4 = x.Amount, L1 = x.ProductId, B1 = x.Product.IsService, B2 = false,
        });
        var payments = db.Payments.AsNoTracking().Where(x => x.DealId == id).Select(x => new PartRow
        {
            Part = PaymentPart, Id = x.Id, T1 = x.Currency!.Code, T2 = x.DocumentNumber, T3 = x.Note, T4 = null, T5 = null, T6 = null, T7 = null,
            D1 = x.Date, D2 = x.RateDate, D3 = PartRow.NoDate, At = PartRow.NoTime,
            N1 = x.Amount, N2 = x.AmountInDealCurrency, N3 = x.CurrencyId == dealCurrency ? null : x.Rate, N4 = 0m, L1 = 0L, B1 = false, B2 = false,
        });
        var documents = db.AccountingDocuments.AsNoTracking().Where(x => x.DealId == id).Select(x => new PartRow
        {
            Part = DocumentPart, Id = x.Id, T1 = ru ? x.Type!.NameRu : x.Type!.NameEn, T2 = x.Number, T3 = x.Note, T4 = null, T5 = null, T6 = null, T7 = null,
            D1 = x.Date, D2 = PartRow.NoDate, D3 = PartRow.NoDate, At = PartRow.NoTime, N1 = x.Amount, N2 = 0m, N3 = 0m, N4 = 0m, L1 = 0L, B1 = x.Type!.CountsAsShipment, B2 = false,
        });
        var values = db.CustomFieldValues.AsNoTracking().Where(v => v.Target == CustomFieldTarget.Deal && v.EntityId == id).Select(v => new PartRow
        {
            Part = ValuePart, Id = v.Id, T1 = v.TextValue, T2 = null, T3 = null, T4 = null, T5 = null, T6 = null, T7 = null,
            D1 = v.DateValue, D2 = PartRow.NoDate, D3 = PartRow.NoDate, At = PartRow.NoTime, N1 = v.NumberValue, N2 = 0m, N3 = 0m, N4 = 0m, L1 = v.DefinitionId, B1 = v.BoolValue, B2 = false,
        });
        var contact = db.ContactPersons.AsNoTracking().Where(p => p.Id == contactId).Select(p => new PartRow
        {
            Part = ContactPart, Id = p.Id, T1 = p.FullName, T2 = null, T3 = null, T4 = null, T5 = null, T6 = null, T7 = null,
            D1 = PartRow.NoDate, D2 = PartRow.NoDate, D3 = PartRow.NoDate, At = PartRow.NoTime, N1 = 0m, N2 = 0m, N3 = 0m, N4 = 0m, L1 = 0L, B1 = false, B2 = false,
        });
        var all = lines.Concat(payments).Concat(documents).Concat(values).Concat(contact)
            .Concat(Shared.ChangeHistory.Parts(db, nameof(Deal), id, HistoryPart));
        if (pick is null)
        {
            return all;
        }
        var offered = db.Products.AsNoTracking().Where(p => p.IsActive);
        if (!string.IsNullOrWhiteSpace(pick.Query))
        {
            var term = Domain.Common.SearchText.Normalize(pick.Query);
            offered = offered.Where(p => p.SearchText.Contains(term));
        }
        var chosen = pick.Chosen ?? 0;
        return all.Concat(ProductRows(offered.OrderBy(p => p.Name).ThenBy(p => p.Id).Take(ProductChoices)))
            .Concat(ProductRows(db.Products.AsNoTracking().Where(p => p.Id == chosen && p.IsActive)));
    }

    private static IQueryable<PartRow> ProductRows(IQueryable<Product> products) => products.Select(p => new PartRow
    {
        Part = ProductPart, Id = p.Id, T1 = p.Name, T2 = p.Currency!.Code, T3 = null, T4 = null, T5 = null, T6 = null, T7 = null,
        D1 = PartRow.NoDate, D2 = PartRow.NoDate, D3 = PartRow.NoDate, At = PartRow.NoTime, N1 = p.Price, N2 = 0m, N3 = 0m, N4 = 0m, L1 = 0L, B1 = false, B2 = false,
    });

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
