using WebCrm.Domain.Deals;
using WebCrm.Web.Features.Clients;

namespace WebCrm.Web.Features.Deals;

/// <summary>The deal list's query string: the quick search, the company it is opened for, the builder's conditions, sort and page.</summary>
public sealed class DealListQuery : IFilterQuery, Shared.IPagedQuery
{
    public const int PageSize = 50;
    /// <summary>The list counts matching deals up to this number and then says "more than".</summary>
    public const int CountCap = 1000;

    public string? Q { get; set; }
    public int? CompanyId { get; set; }
    // The former fixed filters, as old addresses carry them: read as they came and turned into builder conditions
    // (DealListLegacyFilters), so an unreadable value is reported next to its condition.
    public string? ResponsibleId { get; set; }
    public string? Status { get; set; }
    public string? StageId { get; set; }
    public string? SourceId { get; set; }
    public string? StartFrom { get; set; }
    public string? StartTo { get; set; }
    public string? EndFrom { get; set; }
    public string? EndTo { get; set; }
    public string? AmountFrom { get; set; }
    public string? AmountTo { get; set; }
    public bool HasDebt { get; set; }
    public bool Overdue { get; set; }
    /// <summary>The condition builder (custom fields and more, in AND/OR groups): c[i].f/o/v/g, g[k], j.</summary>
    public List<FilterConditionInput> C { get; set; } = [];
    public List<string?> G { get; set; } = [];
    public string? J { get; set; }
    public string? Fb { get; set; }
    public string? Sort { get; set; }
    public bool Desc { get; set; }
    public int Page { get; set; } = 1;
    /// <summary>Rows per page: one of <see cref="Shared.PageSizes.Offered"/>, else the default.</summary>
    public int? Size { get; set; }
    public int Take => Shared.PageSizes.Of(Size);
}

public sealed record DealRow(int Id, string Title, int CompanyId, string CompanyName, string? ResponsibleName, DealStatus Status,
    string? CurrentStage, DateOnly StartDate, DateOnly? EndDate, decimal LinesTotal, decimal PaidTotal, decimal ShippedTotal, decimal Debt,
    decimal Advance, string CurrencyCode, bool Overdue);

public sealed class DealListViewModel
{
    public required DealListQuery Query { get; init; }
    public required IReadOnlyList<DealRow> Rows { get; init; }
    public required int Total { get; init; }
    /// <summary>More deals match than <see cref="DealListQuery.CountCap"/>; <see cref="Total"/> is the cap.</summary>
    public bool TotalIsCapped { get; init; }
    public string? CompanyName { get; init; }
    public required FilterBuilderModel Filter { get; init; }
    public bool CanCreate { get; init; }
    public bool CanExport { get; init; }

    /// <summary>Known pages, plus the next one while a capped list still fills its pages.</summary>
    public int Pages
    {
        get
        {
            var counted = Math.Max(1, (Total + Query.Take - 1) / Query.Take);
            return TotalIsCapped
                ? Math.Max(counted, Query.Page + (Rows.Count == Query.Take ? 1 : 0))
                : counted;
        }
    }
}

/// <summary>The main data of a deal as the edit form posts it.</summary>
public sealed class DealInput
{
    public int? CompanyId { get; set; }
    public int? ContactPersonId { get; set; }
    public string? Title { get; set; }
    public int? SourceId { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public string? ResponsibleId { get; set; }
    public int? CurrencyId { get; set; }
    public string? Notes { get; set; }
    public Guid ConcurrencyStamp { get; set; }
    /// <summary>Custom field values keyed by definition id, as text from the form.</summary>
    public Dictionary<int, string?> Custom { get; set; } = [];
    /// <summary>New deal only: the form offered the stage choice (<see cref="StageIds"/>); without it the default set is laid out.</summary>
    public bool StagesOffered { get; set; }
    /// <summary>New deal only: the stage-list values the manager kept, in list order.</summary>
    public List<int>? StageIds { get; set; }
}

/// <summary>A stage offered on the new-deal form: checked when it is in the default set (or was chosen before an error).</summary>
public sealed record StageChoice(int Id, string Name, bool Chosen);

public sealed class DealFormViewModel
{
    public int? Id { get; init; }
    public required DealInput Input { get; init; }
    public string? CompanyName { get; init; }
    /// <summary>The company choice without JavaScript: the visible companies matching <see cref="CompanyQuery"/> (the first ones
    /// by name), always with the deal's own; tom-select searches the same visible companies remotely.</summary>
    public IReadOnlyList<Option> CompanyOptions { get; init; } = [];
    public string? CompanyQuery { get; init; }
    public required IReadOnlyList<Option> Contacts { get; init; }
    public required IReadOnlyList<LookupOption> Sources { get; init; }
    public required IReadOnlyList<CurrencyOption> Currencies { get; init; }
    public required IReadOnlyList<Option> Users { get; init; }
    public bool CanReassign { get; init; }
    public IReadOnlyList<ConflictField> Conflict { get; init; } = [];
    public IReadOnlyList<CustomFieldEditor> CustomFields { get; init; } = [];
    /// <summary>New deal only: the stages to choose from, the default set checked.</summary>
    public IReadOnlyList<StageChoice> StageChoices { get; init; } = [];
}

public class StageInput
{
    public int Id { get; set; }
    public string? ResponsibleId { get; set; }
    public DateOnly? PlannedStart { get; set; }
    public DateOnly? PlannedEnd { get; set; }
    public DateOnly? CompletedOn { get; set; }
    public string? Note { get; set; }
}

/// <summary>One stage edited in place on the deal card (its row becomes a small form), under the deal's stamp.</summary>
public sealed class StageEditInput : StageInput
{
    public Guid ConcurrencyStamp { get; set; }
}

public sealed class StagesInput
{
    public List<StageInput> Stages { get; set; } = [];
    public Guid ConcurrencyStamp { get; set; }
}

public sealed class LineInput
{
    public int? ProductId { get; set; }
    public string? Quantity { get; set; }
    public string? UnitPrice { get; set; }
    public string? DiscountPercent { get; set; }
    public Guid ConcurrencyStamp { get; set; }
}

public sealed class PaymentInput
{
    public DateOnly? Date { get; set; }
    public string? Amount { get; set; }
    public int? CurrencyId { get; set; }
    public string? DocumentNumber { get; set; }
    public string? Note { get; set; }
    /// <summary>The user confirms a payment on a closed (won or lost) deal; required there, checked by the server.</summary>
    public bool ConfirmClosed { get; set; }
    public Guid ConcurrencyStamp { get; set; }
}

public sealed class DocumentInput
{
    public int? TypeId { get; set; }
    public string? Number { get; set; }
    public DateOnly? Date { get; set; }
    public string? Amount { get; set; }
    public string? Note { get; set; }
    public Guid ConcurrencyStamp { get; set; }
}

public sealed class CloseInput
{
    /// <summary>"won" or "lost".</summary>
    public string? Outcome { get; set; }
    public DateOnly? CloseDate { get; set; }
    public int? LossReasonId { get; set; }
    public int? LostAtStageId { get; set; }
    public Guid ConcurrencyStamp { get; set; }
}

public sealed record StageRow(int Id, int StageId, string Name, string? ResponsibleId, string? ResponsibleName, DateOnly? PlannedStart,
    DateOnly? PlannedEnd, DateOnly? CompletedOn, string? Note, bool IsCurrent, bool IsOverdue);

public sealed record LineRow(int Id, string Product, bool IsService, decimal Quantity, string? Unit, decimal UnitPrice, decimal DiscountPercent, decimal Amount,
    int ProductId = 0);

/// <param name="Rate">Deal-currency units per payment-currency unit used at entry; null in the deal's own currency or for payments entered before rates were kept.</param>
/// <param name="RateDate">The date of that rate.</param>
public sealed record PaymentRow(int Id, DateOnly Date, decimal Amount, string Currency, decimal AmountInDealCurrency, string? DocumentNumber, string? Note,
    decimal? Rate, DateOnly? RateDate);

public sealed record DocumentRow(int Id, string Type, string Number, DateOnly Date, decimal Amount, string? Note, bool CountsAsShipment);

public sealed class DealCardViewModel
{
    public IReadOnlyList<CustomFieldDisplay> CustomFields { get; set; } = [];
    public required int Id { get; init; }
    public required string Title { get; init; }
    public required int CompanyId { get; init; }
    public required string CompanyName { get; init; }
    public string? ContactPerson { get; init; }
    public string? Source { get; init; }
    public DateOnly StartDate { get; init; }
    public DateOnly? EndDate { get; init; }
    public string? ResponsibleName { get; init; }
    public required string CurrencyCode { get; init; }
    public int MinorUnits { get; init; }
    public DealStatus Status { get; init; }
    public DateOnly? CloseDate { get; init; }
    public string? LossReason { get; init; }
    public string? LostAtStage { get; init; }
    public string? Notes { get; init; }
    public Guid Stamp { get; init; }
    public DealTotals Totals { get; init; } = DealTotals.Zero;
    public DateTime CreatedAtUtc { get; init; }
    public string? CreatedBy { get; init; }
    public DateTime UpdatedAtUtc { get; init; }
    public string? UpdatedBy { get; init; }
    public IReadOnlyList<StageRow> Stages { get; set; } = [];
    public IReadOnlyList<LineRow> Lines { get; set; } = [];
    public IReadOnlyList<PaymentRow> Payments { get; set; } = [];
    public IReadOnlyList<DocumentRow> Documents { get; set; } = [];
    public IReadOnlyList<HistoryRow> History { get; set; } = [];
    public IReadOnlyList<CurrencyOption> Currencies { get; set; } = [];
    public IReadOnlyList<LookupOption> DocumentTypes { get; set; } = [];
    public IReadOnlyList<LookupOption> LossReasons { get; set; } = [];
    public bool CanEdit { get; set; }
    /// <summary>The stages form: owners plan every stage, a stage responsible his own (DealEditRights).</summary>
    public bool CanPlanStages { get; set; }
    /// <summary>"Next stage": owners, and the current stage's own responsible.</summary>
    public bool CanMoveOn { get; set; }
    public bool CanDelete { get; set; }
    public LineInput NewLine { get; set; } = new();
    /// <summary>
    /// The product choice of the new-line form without JavaScript: active products matching <see cref="ProductQuery"/>
    /// (the first ones by name), plus the product already chosen; tom-select turns the same select into a remote search.
    /// </summary>
    public IReadOnlyList<ProductChoice> ProductOptions { get; set; } = [];
    public string? ProductQuery { get; set; }
    /// <summary>The product line being edited in place (its row shows a form), and what the form holds.</summary>
    public int? EditLineId { get; set; }
    public LineInput EditLine { get; set; } = new();
    /// <summary>Adding, removing and reordering stages on the card: the deal's owners, on an open deal (DealEditRights).</summary>
    public bool CanChangeStages { get; set; }
    /// <summary>Stages whose dates, completion and note the user may change on the card (an owner: all; a stage responsible: his own).</summary>
    public IReadOnlySet<int> StagePlanEditable { get; set; } = new HashSet<int>();
    /// <summary>Stages whose responsible the user may change (an owner with Deals.Reassign).</summary>
    public IReadOnlySet<int> StageResponsibleEditable { get; set; } = new HashSet<int>();
    /// <summary>Active stage-list values the deal does not have yet: what the card's "add a stage" offers.</summary>
    public IReadOnlyList<Option> AddableStages { get; set; } = [];
    /// <summary>The stage being edited in place (its row shows a form), what the form holds, and the people it offers.</summary>
    public int? EditStageId { get; set; }
    public StageEditInput EditStage { get; set; } = new();
    public IReadOnlyList<Option> StageUsers { get; set; } = [];
    public PaymentInput NewPayment { get; set; } = new();
    public DocumentInput NewDocument { get; set; } = new();
    public CloseInput Close { get; set; } = new();

    public string Money(decimal amount) => amount.ToString("N" + MinorUnits, System.Globalization.CultureInfo.CurrentCulture);
}

public sealed class StagesFormViewModel
{
    public required int Id { get; init; }
    public required string Title { get; init; }
    public required StagesInput Input { get; init; }
    public required IReadOnlyList<StageRow> Stages { get; init; }
    public required IReadOnlyList<Option> Users { get; init; }
    /// <summary>Active stage-list values the deal does not have yet: what "add a stage" offers.</summary>
    public IReadOnlyList<Option> Addable { get; init; } = [];
    /// <summary>An open deal: its stage list can change.</summary>
    public bool IsOpen { get; init; }
    /// <summary>Adding, removing and reordering stages: the deal's owners (DealEditRights).</summary>
    public bool CanChangeStructure { get; init; }
    /// <summary>"Next stage": owners and the current stage's responsible.</summary>
    public bool CanMoveOn { get; init; }
    /// <summary>Stages whose dates, completion and note the user may change (an owner: all; a stage responsible: his own).</summary>
    public IReadOnlySet<int> PlanEditable { get; init; } = new HashSet<int>();
    /// <summary>Stages whose responsible the user may change (an owner with Deals.Reassign).</summary>
    public IReadOnlySet<int> ResponsibleEditable { get; init; } = new HashSet<int>();
}

public sealed record DealDeleteViewModel(int Id, string Title, Guid Stamp);

/// <summary>A product offered by the line form's plain select: its name, and its catalogue price to show and prefill.</summary>
public sealed record ProductChoice(int Id, string Name, decimal Price, string Currency);

public sealed record PickerItem(int Id, string Name, string? Detail, decimal? Price = null, string? Currency = null);
