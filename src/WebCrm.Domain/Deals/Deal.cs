using System.Globalization;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Common;
using WebCrm.Domain.Reference;

namespace WebCrm.Domain.Deals;

/// <summary>A product or service of the catalogue that deal lines are picked from.</summary>
public class Product : Entity, ISearchable
{
    public string Name { get; set; } = "";
    public string? Code { get; set; }
    public int? GroupId { get; set; }
    public ReferenceItem? Group { get; set; }
    public int? UnitId { get; set; }
    public ReferenceItem? Unit { get; set; }
    public decimal Price { get; set; }
    public int CurrencyId { get; set; }
    public Currency? Currency { get; set; }
    public bool IsService { get; set; }
    public bool IsActive { get; set; } = true;
    public string SearchText { get; set; } = "";

    public void RefreshSearchText() => SearchText = Common.SearchText.Of(Name, Code);
}

public enum DealStatus
{
    Open = 0,
    Won = 1,
    Lost = 2,
}

/// <summary>A sales process with one client ("работа"): stages, lines, payments, accounting documents and debt.</summary>
public class Deal : Entity, ISearchable
{
    public int CompanyId { get; set; }
    public Company? Company { get; set; }
    /// <summary>
    /// A stored copy of the responsible of the deal's company, written by the data layer in the same save as every change
    /// that moves it (a deal added or moved to another company, a company given another responsible): the deal list reads
    /// "the deals of his companies" down an index in start-date order (<see cref="DealVisibility.ApplyForStartPage"/>)
    /// instead of testing every deal against the set of his companies. The rule itself reads the company.
    /// </summary>
    [Derived]
    public string? CompanyResponsibleId { get; set; }
    public int? ContactPersonId { get; set; }
    public ContactPerson? ContactPerson { get; set; }
    public string Title { get; set; } = "";
    /// <summary>Why the work started ("how did you hear about us?"), from the client-source list.</summary>
    public int? SourceId { get; set; }
    public ReferenceItem? Source { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    /// <summary>User id of the responsible manager.</summary>
    public string ResponsibleId { get; set; } = "";
    public int CurrencyId { get; set; }
    public Currency? Currency { get; set; }
    public DealStatus Status { get; set; }
    public DateOnly? CloseDate { get; set; }
    public int? LossReasonId { get; set; }
    public ReferenceItem? LossReason { get; set; }
    /// <summary>The stage (of the deal-stage list) at which a lost deal was lost.</summary>
    public int? LostAtStageId { get; set; }
    public ReferenceItem? LostAtStage { get; set; }
    public string? Notes { get; set; }
    public string SearchText { get; set; } = "";

    /// <summary>Stored totals, kept by <see cref="Recalculate"/> so lists filter, sort and sum in the database.</summary>
    public decimal LinesTotal { get; set; }
    public decimal PaidTotal { get; set; }
    /// <summary>What counts as shipped (see <see cref="DealMath.Totals"/>).</summary>
    public decimal ShippedTotal { get; set; }
    /// <summary>The receivable: shipped − paid, never below zero.</summary>
    public decimal Debt { get; set; }
    /// <summary>Paid beyond shipped, never below zero.</summary>
    public decimal Advance { get; set; }
    /// <summary>The first stage in the deal's order (<see cref="DealStagePlan.Ordered"/>) that is not completed; null when all are done or there are none.</summary>
    public int? CurrentStageId { get; set; }

    public List<DealStage> Stages { get; set; } = [];
    public List<DealLine> Lines { get; set; } = [];
    public List<Payment> Payments { get; set; } = [];
    public List<AccountingDocument> Documents { get; set; } = [];
    /// <summary>The spans in which the deal owes (<see cref="DealMath.DebtHistory"/>), kept by <see cref="Recalculate"/>.</summary>
    public List<DealDebtPeriod> DebtPeriods { get; set; } = [];

    public void RefreshSearchText() => SearchText = Common.SearchText.Of(Title);

    public bool IsClosed => Status != DealStatus.Open;

    /// <summary>
    /// Refreshes the stored totals, the debt history (<see cref="DebtPeriods"/>) and current stage from the loaded lines,
    /// payments, documents and stages; called after every change of them (and of the status, dates or currency) so the
    /// stored values always equal <see cref="Totals"/> and <see cref="DealMath.DebtHistory"/>. An existing deal's
    /// <see cref="DebtPeriods"/> must be loaded first: they are updated in place, removed or added.
    /// </summary>
    /// <param name="countsAsShipment">Whether the accounting-document type (a reference value id) counts as a shipment.</param>
    public void Recalculate(int minorUnits, Func<int, int> stageOrder, Func<int, bool> countsAsShipment)
    {
        var totals = Totals(minorUnits, countsAsShipment);
        LinesTotal = totals.LinesTotal;
        PaidTotal = totals.Paid;
        ShippedTotal = totals.Shipped;
        Debt = totals.Debt;
        Advance = totals.Advance;
        RefreshDebtPeriods(minorUnits, countsAsShipment);
        CurrentStageId = DealStagePlan.Ordered(this, stageOrder).Where(s => s.CompletedOn is null)
            .Select(s => (int?)s.StageId).FirstOrDefault();
        foreach (var stage in Stages)
        {
            stage.EnteredOn = EnteredOn(stage);
            stage.DealStartDate = StartDate;
            stage.Reached = Reached(stage);
            stage.DealCurrencyId = CurrencyId;
            stage.DealLinesTotal = LinesTotal;
        }
    }

    /// <summary>
    /// Whether the deal has reached one of its stages in the funnel's sense: the stage is completed, is the current
    /// stage (<see cref="CurrentStageId"/>, set first by <see cref="Recalculate"/>) or the stage the deal was lost at.
    /// </summary>
    public bool Reached(DealStage stage) => stage.CompletedOn is not null || stage.StageId == CurrentStageId || stage.StageId == LostAtStageId;

    /// <summary>What the receivable rule reads on any day, from the loaded lines, payments and documents.</summary>
    public DebtFacts DebtFacts(int minorUnits, Func<int, bool> countsAsShipment) =>
        new(Status, StartDate, CloseDate, Lines.Select(l => l.Amount).ToList(), Payments.Select(p => new DatedAmount(p.Date, p.AmountInDealCurrency)).ToList(),
            Documents.Select(d => new DatedDocument(d.Date, new ShipmentDocument(d.Amount, countsAsShipment(d.TypeId)))).ToList(), minorUnits);

    private void RefreshDebtPeriods(int minorUnits, Func<int, bool> countsAsShipment)
    {
        var spans = DealMath.DebtHistory(DebtFacts(minorUnits, countsAsShipment)).ToDictionary(s => s.From);
        DebtPeriods.RemoveAll(p => !spans.ContainsKey(p.From));
        foreach (var period in DebtPeriods)
        {
            (period.Until, period.Debt) = (spans[period.From].Until, spans[period.From].Debt);
            spans.Remove(period.From);
        }
        DebtPeriods.AddRange(spans.Values.Select(s => new DealDebtPeriod { DealId = Id, Deal = this, From = s.From, Until = s.Until, Debt = s.Debt }));
    }

    /// <summary>
    /// When the deal entered a completed stage: the latest completion of its stages before this one's completion
    /// (an earlier date; a stage completed the same day does not count), else the deal's start. Null while the stage
    /// is not completed. The funnel's days in a stage run from this date to the completion.
    /// </summary>
    public DateOnly? EnteredOn(DealStage stage) => stage.CompletedOn is { } done
        ? Stages.Select(o => o.CompletedOn).Where(c => c < done).Max() ?? StartDate
        : null;

    /// <summary>The deal's money by the receivable rule, from the loaded lines, payments and documents.</summary>
    public DealTotals Totals(int minorUnits, Func<int, bool> countsAsShipment) =>
        DealMath.Totals(Status, Lines.Select(l => l.Amount), Payments.Select(p => p.AmountInDealCurrency),
            Documents.Select(d => new ShipmentDocument(d.Amount, countsAsShipment(d.TypeId))), minorUnits);
}

/// <summary>One stage of one deal: a value of the deal-stage list the deal's manager chose, in the deal's own order.</summary>
public class DealStage : Entity, IHasHistoryRoot, INamedOnRemoval
{
    string INamedOnRemoval.RemovalField => nameof(StageId);
    string? INamedOnRemoval.RemovalValue => StageId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public int DealId { get; set; }
    public Deal? Deal { get; set; }
    public int StageId { get; set; }
    public ReferenceItem? Stage { get; set; }
    /// <summary>
    /// The stage's place in its deal (1, 2, …). 0 on every stage of a deal laid out before deals had their own order:
    /// those follow the stage list's order (<see cref="DealStagePlan.Ordered"/>).
    /// </summary>
    public int Position { get; set; }
    public string? ResponsibleId { get; set; }
    public DateOnly? PlannedStart { get; set; }
    public DateOnly? PlannedEnd { get; set; }
    public DateOnly? CompletedOn { get; set; }
    /// <summary>
    /// Stored by <see cref="Deal.Recalculate"/> (<see cref="Deal.EnteredOn"/>): for a completed stage, the date the deal
    /// entered it; null for one not completed. Kept so the funnel averages days in a stage without looking up each
    /// stage's predecessor.
    /// </summary>
    [Derived]
    public DateOnly? EnteredOn { get; set; }
    /// <summary>
    /// A stored copy of the deal's start date (<see cref="Deal.Recalculate"/>): the funnel, over the deals started in
    /// a period, reads only that period's stage rows down an index instead of every deal's.
    /// </summary>
    [Derived]
    public DateOnly DealStartDate { get; set; }
    /// <summary>
    /// Stored by <see cref="Deal.Recalculate"/> (<see cref="Deal.Reached"/>), with copies of the deal's currency and
    /// lines total: the funnel counts and sums the period's reached stage rows from one partial index, without the deals.
    /// </summary>
    [Derived]
    public bool Reached { get; set; }
    [Derived]
    public int DealCurrencyId { get; set; }
    [Derived]
    public decimal DealLinesTotal { get; set; }
    public string? Note { get; set; }

    /// <summary>Not completed and past its planned end.</summary>
    public bool IsOverdue(DateOnly today) => CompletedOn is null && PlannedEnd is { } end && end < today;

    public (string Type, string Id) HistoryRoot => (nameof(Deal), DealId.ToString(CultureInfo.InvariantCulture));
}

public class DealLine : Entity, IHasHistoryRoot, INamedOnRemoval
{
    string INamedOnRemoval.RemovalField => nameof(ProductId);
    string? INamedOnRemoval.RemovalValue => ProductId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public int DealId { get; set; }
    public Deal? Deal { get; set; }
    public int ProductId { get; set; }
    public Product? Product { get; set; }
    public decimal Quantity { get; set; }
    public int? UnitId { get; set; }
    public ReferenceItem? Unit { get; set; }
    /// <summary>In the deal's currency.</summary>
    public decimal UnitPrice { get; set; }
    public decimal DiscountPercent { get; set; }
    /// <summary>Quantity × price − discount, rounded to the deal currency's minor unit (<see cref="DealMath.LineAmount"/>).</summary>
    public decimal Amount { get; set; }

    public (string Type, string Id) HistoryRoot => (nameof(Deal), DealId.ToString(CultureInfo.InvariantCulture));
}

public class Payment : Entity, IHasHistoryRoot
{
    public int DealId { get; set; }
    public Deal? Deal { get; set; }
    public DateOnly Date { get; set; }
    public decimal Amount { get; set; }
    public int CurrencyId { get; set; }
    public Currency? Currency { get; set; }
    public string? DocumentNumber { get; set; }
    public string? Note { get; set; }
    /// <summary>The amount converted to the deal's currency at the rates of the payment date, rounded to its minor unit.</summary>
    public decimal AmountInDealCurrency { get; set; }
    /// <summary>The rate the payment was converted at: deal-currency units per payment-currency unit (1 in the same currency).</summary>
    public decimal? Rate { get; set; }
    /// <summary>The date of the exchange rate used (the latest on or before the payment date); null when none was needed.</summary>
    public DateOnly? RateDate { get; set; }
    /// <summary>
    /// A stored copy of the region of the deal's company, a key reports group payments by: written with every save that
    /// adds a payment, moves the deal to another company or changes that company's region (<c>PaymentReportKeys</c> in
    /// the data layer), so a report of payments by region reads the payments alone.
    /// </summary>
    [Derived]
    public int? CompanyRegionId { get; set; }
    /// <summary>A stored copy of the deal's responsible (salesperson), kept like <see cref="CompanyRegionId"/>.</summary>
    [Derived]
    public string? DealResponsibleId { get; set; }

    public (string Type, string Id) HistoryRoot => (nameof(Deal), DealId.ToString(CultureInfo.InvariantCulture));
}

/// <summary>An accounting (1C) document of the sale, entered by hand.</summary>
public class AccountingDocument : Entity, IHasHistoryRoot
{
    public int DealId { get; set; }
    public Deal? Deal { get; set; }
    public int TypeId { get; set; }
    public ReferenceItem? Type { get; set; }
    public string Number { get; set; } = "";
    public DateOnly Date { get; set; }
    public decimal Amount { get; set; }
    public string? Note { get; set; }

    public (string Type, string Id) HistoryRoot => (nameof(Deal), DealId.ToString(CultureInfo.InvariantCulture));
}

/// <summary>How many units of the base currency one unit of <see cref="Currency"/> cost on <see cref="Date"/>.</summary>
public class ExchangeRate : Entity
{
    public int CurrencyId { get; set; }
    public Currency? Currency { get; set; }
    public DateOnly Date { get; set; }
    public decimal Rate { get; set; }
}
