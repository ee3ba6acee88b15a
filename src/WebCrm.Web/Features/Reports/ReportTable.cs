using WebCrm.Domain.Reports;

namespace WebCrm.Web.Features.Reports;

/// <summary>The aggregates of one group of facts as the database returns them.</summary>
public sealed class ReportAggregate
{
    public int? I1 { get; set; }
    public string? S1 { get; set; }
    public int? I2 { get; set; }
    public string? S2 { get; set; }
    public int B { get; set; }
    public decimal? Sum { get; set; }
    public int Deals { get; set; }
    public int Won { get; set; }
}

/// <summary>A column of the table: an interval of the period or a value of the column dimension (Key null = "not set").</summary>
public sealed record ReportColumn(string? Key, int? Interval, string Label, DateOnly? From = null, DateOnly? To = null);

public sealed record ReportRowData(string? Key, string Label, IReadOnlyList<decimal?> Cells, decimal? Total);

/// <summary>A built report: what it shows, in which unit, with row, column and grand totals.</summary>
public sealed class ReportTable
{
    public required ReportDefinition Definition { get; init; }
    public required DateSpan Period { get; init; }
    public required string Title { get; init; }
    public required string MeasureName { get; init; }
    public required string RowsName { get; init; }
    public string? ColumnsName { get; init; }
    /// <summary>₽, $, "units", "%" or empty for a count.</summary>
    public required string Unit { get; init; }
    public required int Decimals { get; init; }
    public required IReadOnlyList<ReportColumn> Columns { get; init; }
    public required IReadOnlyList<ReportRowData> Rows { get; init; }
    public required IReadOnlyList<decimal?> ColumnTotals { get; init; }
    public decimal? GrandTotal { get; init; }
    /// <summary>The currency name of money measures (from the currency list).</summary>
    public string? CurrencyName { get; init; }
    /// <summary>Whether the columns are intervals of the period (dynamics) rather than a second dimension.</summary>
    public bool IsDynamics => Definition.Step != PeriodStep.None;
    /// <summary>Whether the table has a column dimension or dynamics (otherwise a single value column).</summary>
    public bool HasColumns => Columns.Count > 1 || IsDynamics || ReportRules.UsesColumns(Definition);
}

/// <summary>One deal behind a cell, with its share of the cell's value.</summary>
public sealed record DrillRow(int DealId, string Title, string CompanyName, string? ResponsibleName, Domain.Deals.DealStatus Status, decimal? Value);

public sealed class DrillViewModel
{
    public required ReportTable Report { get; init; }
    public required string RowLabel { get; init; }
    public string? ColumnLabel { get; init; }
    public required IReadOnlyList<DrillRow> Deals { get; init; }
    public required decimal? Total { get; init; }
    public required int DealCount { get; init; }
    public bool Capped { get; init; }
    public required string BackUrl { get; init; }
}
