using System.Linq.Expressions;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Security;

namespace WebCrm.Domain.Reports;

/// <summary>What a report counts.</summary>
public enum Measure
{
    /// <summary>Amount of the product lines of won deals, by close date (money).</summary>
    Sales = 1,
    /// <summary>Units of the product lines of won deals, by close date.</summary>
    QuantitySold = 2,
    /// <summary>Deals won, by close date.</summary>
    DealsWon = 3,
    /// <summary>Deals lost, by close date.</summary>
    DealsLost = 4,
    /// <summary>Deals opened, by start date.</summary>
    DealsOpened = 5,
    /// <summary>Payments received, by payment date (money).</summary>
    Payments = 6,
    /// <summary>The receivable (the debt rule) at the end of the period or of each interval (money).</summary>
    Receivable = 7,
    /// <summary>Sales ÷ won deals with sales (money).</summary>
    AverageDeal = 8,
    /// <summary>Won ÷ (won + lost) of the deals closed in the period, percent.</summary>
    WinRate = 9,
}

/// <summary>What a report is split by (rows, columns).</summary>
public enum Dimension
{
    None = 0,
    /// <summary>The deal's responsible manager.</summary>
    Salesperson = 1,
    /// <summary>A responsible manager of one of the deal's stages (a deal counts under each of them).</summary>
    StageResponsible = 2,
    Product = 3,
    ProductGroup = 4,
    Region = 5,
    City = 6,
    Client = 7,
    ClientType = 8,
    Industry = 9,
    /// <summary>Why the deal started ("how did you hear about us?").</summary>
    Source = 10,
    CurrentStage = 11,
    LossReason = 12,
    LossStage = 13,
    Status = 14,
}

/// <summary>Money in the base or the second currency.</summary>
public enum ReportCurrency
{
    Base = 0,
    Second = 1,
}

public enum ChartKind
{
    Table = 0,
    Bar = 1,
    Pie = 2,
    Line = 3,
    StackedBar = 4,
}

/// <summary>A restriction on one dimension's values: in the list, or not in it.</summary>
public sealed record DimensionRestriction(Dimension Dimension, bool Exclude, IReadOnlyList<string> Values);

/// <summary>How a company custom field is compared (which ones a field type offers: <see cref="ReportRules.Conditions"/>).</summary>
public enum FieldCondition
{
    Equals = 0,
    /// <summary>Not equal to the value; a company without a value counts as not equal.</summary>
    NotEquals = 1,
    /// <summary>Equal to one of the values (texts and list choices).</summary>
    OneOf = 2,
    /// <summary>The text contains the value (case-insensitive).</summary>
    Contains = 3,
    Empty = 4,
    NotEmpty = 5,
    /// <summary>From <see cref="CustomFieldRestriction.Value"/> to <see cref="CustomFieldRestriction.To"/>, both included; either end may be open (numbers and dates).</summary>
    Between = 6,
}

/// <summary>
/// A restriction on a company custom field: a condition and its value (text as entered; numbers and dates compared as
/// such), the upper end of a range, or the values of "one of". A report saved before conditions existed reads as "equals".
/// </summary>
public sealed record CustomFieldRestriction(int FieldId, string Value, FieldCondition Condition = FieldCondition.Equals, string? To = null,
    IReadOnlyList<string>? Values = null);

/// <summary>Everything a report is built from: saved as JSON in a <see cref="SavedReport"/> and read back from the query string.</summary>
public sealed record ReportDefinition
{
    public Measure Measure { get; init; } = Measure.Sales;
    public Dimension Rows { get; init; } = Dimension.Salesperson;
    public Dimension Columns { get; init; } = Dimension.None;
    public PeriodStep Step { get; init; } = PeriodStep.None;
    public DateSpan Period { get; init; }
    /// <summary>A quick pick re-evaluated on every run (a saved "this month" stays this month); null for fixed dates.</summary>
    public QuickPeriod? Quick { get; init; }
    public ReportCurrency Currency { get; init; } = ReportCurrency.Base;
    public ChartKind Chart { get; init; } = ChartKind.Table;
    public IReadOnlyList<DealStatus> Statuses { get; init; } = [];
    public IReadOnlyList<DimensionRestriction> Restrictions { get; init; } = [];
    public IReadOnlyList<CustomFieldRestriction> CustomFields { get; init; } = [];
}

/// <summary>Which measures and dimensions go together, and what a measure's values are.</summary>
public static class ReportRules
{
    public const int MaxRestrictionValues = 200;

    /// <summary>The conditions that make sense for a custom field's type.</summary>
    public static IReadOnlyList<FieldCondition> Conditions(Clients.CustomFieldType type) => type switch
    {
        Clients.CustomFieldType.Text => [FieldCondition.Equals, FieldCondition.NotEquals, FieldCondition.OneOf, FieldCondition.Contains, FieldCondition.Empty, FieldCondition.NotEmpty],
        Clients.CustomFieldType.List => [FieldCondition.Equals, FieldCondition.NotEquals, FieldCondition.OneOf, FieldCondition.Empty, FieldCondition.NotEmpty],
        Clients.CustomFieldType.Number or Clients.CustomFieldType.Date =>
            [FieldCondition.Equals, FieldCondition.NotEquals, FieldCondition.Between, FieldCondition.Empty, FieldCondition.NotEmpty],
        _ => [FieldCondition.Equals, FieldCondition.NotEquals, FieldCondition.Empty, FieldCondition.NotEmpty],
    };

    /// <summary>Whether a condition compares against a value (empty / not empty do not).</summary>
    public static bool NeedsValue(FieldCondition c) => c is not (FieldCondition.Empty or FieldCondition.NotEmpty);

    public static bool IsMoney(Measure m) => m is Measure.Sales or Measure.Payments or Measure.Receivable or Measure.AverageDeal;

    /// <summary>Measures whose value needs the number of distinct deals (and won deals) behind a cell, not only the sum.</summary>
    public static bool CountsDeals(Measure m) => m is Measure.DealsWon or Measure.DealsLost or Measure.DealsOpened or Measure.AverageDeal or Measure.WinRate;

    /// <summary>Measures over product lines (a product dimension splits them by line).</summary>
    public static bool IsLineMeasure(Measure m) => m is Measure.Sales or Measure.QuantitySold or Measure.AverageDeal;

    public static bool IsProductDimension(Dimension d) => d is Dimension.Product or Dimension.ProductGroup;

    /// <summary>
    /// Whether a measure can be split by a dimension: products split the measures of deals (lines, and the deals that
    /// contain them) but not payments or the receivable, which belong to the deal as a whole.
    /// </summary>
    public static bool Applies(Measure m, Dimension d) =>
        !(IsProductDimension(d) && m is Measure.Payments or Measure.Receivable);

    /// <summary>Period dynamics (columns by interval) take the place of the column dimension.</summary>
    public static bool UsesColumns(ReportDefinition r) => r.Step == PeriodStep.None && r.Columns != Dimension.None;

    /// <summary>
    /// The value of a cell from its aggregates: the sum of the facts (money converted, units, or won flags), the number
    /// of distinct deals, and of distinct won deals among them.
    /// </summary>
    public static decimal? Value(Measure m, decimal sum, int deals, int won) => m switch
    {
        Measure.DealsWon or Measure.DealsLost or Measure.DealsOpened => deals,
        Measure.AverageDeal => deals == 0 ? null : sum / deals,
        Measure.WinRate => deals == 0 ? null : 100m * won / deals,
        _ => sum,
    };
}

/// <summary>A report definition kept under a name: personal (its owner only) or shared with everyone who sees reports.</summary>
public class SavedReport : Common.Entity
{
    public string Name { get; set; } = "";
    /// <summary>The user who saved it; null for the reports the program seeds (shared, changed by nobody).</summary>
    public string? OwnerId { get; set; }
    public bool IsShared { get; set; }
    /// <summary>Stable code of a seeded report; null for users' own.</summary>
    public string? Code { get; set; }
    /// <summary>The <see cref="ReportDefinition"/> as JSON.</summary>
    public string Definition { get; set; } = "";
}

/// <summary>
/// Saved reports: everyone who sees reports sees his own and the shared ones; only the owner changes or deletes a
/// report; a seeded report (no owner) is changed by nobody, and anyone may copy it.
/// </summary>
public sealed class SavedReportVisibility : VisibilityRule<SavedReport>
{
    public static readonly SavedReportVisibility Instance = new();

    public override OwnershipPermissions Permissions { get; } = new(
        ViewOwn: Security.Permissions.Reports.View, ViewAll: OwnershipPermissions.Nobody, Edit: null, Delete: null,
        Reassign: OwnershipPermissions.Nobody, EditOthers: OwnershipPermissions.Nobody);

    protected override Expression<Func<SavedReport, string, bool>> IsOwnedBy => (report, userId) => report.OwnerId == userId;

    protected override Expression<Func<SavedReport, bool>> IsShared => report => report.IsShared;
}
