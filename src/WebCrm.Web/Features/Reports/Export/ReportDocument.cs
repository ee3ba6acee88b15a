using System.Globalization;

namespace WebCrm.Web.Features.Reports.Export;

/// <summary>
/// A table ready to print or export: title, parameters (period, filters, currency, who and when), header, rows,
/// the totals row, and the chart's labels and values. Reports and the funnel produce one; PDF, XLSX and CSV read it.
/// </summary>
[ModuleEntryPoint]
public sealed class ReportDocument
{
    public required string Title { get; init; }
    public required IReadOnlyList<string> Parameters { get; init; }
    public required IReadOnlyList<string> Header { get; init; }
    /// <summary>Each cell as text for PDF and CSV, and its number (null for text) for XLSX.</summary>
    public required IReadOnlyList<IReadOnlyList<ReportCell>> Rows { get; init; }
    public IReadOnlyList<ReportCell>? Totals { get; init; }
    public required IReadOnlyList<(string Label, decimal Value)> Chart { get; init; }
    /// <summary>"стр. {0} из {1}" / "page {0} of {1}" in the user's language.</summary>
    public required string PageFormat { get; init; }
}

[ModuleEntryPoint]
public sealed record ReportCell(string Text, decimal? Number = null);

/// <summary>Renders a report document as a PDF (PDFsharp behind this interface; QuestPDF is not obtainable here); the funnel prints through it too.</summary>
[ModuleEntryPoint]
public interface IReportPdf
{
    byte[] Render(ReportDocument document);
}

public static class ReportDocuments
{
    public static ReportDocument From(ReportTable t, IReadOnlyList<string> parameters, string pageFormat, string totalLabel)
    {
        string N(decimal? v) => v is null ? "—" : v.Value.ToString("N" + t.Decimals, CultureInfo.CurrentCulture);
        ReportCell C(decimal? v) => new(N(v), v);
        var header = new List<string> { t.RowsName };
        header.AddRange(t.Columns.Select(c => c.Label));
        if (t.HasColumns)
        {
            header.Add(totalLabel);
        }
        var rows = t.Rows.Select(r =>
        {
            var cells = new List<ReportCell> { new(r.Label) };
            cells.AddRange(r.Cells.Select(C));
            if (t.HasColumns)
            {
                cells.Add(C(r.Total));
            }
            return (IReadOnlyList<ReportCell>)cells;
        }).ToList();
        var totals = new List<ReportCell> { new(totalLabel) };
        totals.AddRange(t.ColumnTotals.Select(C));
        if (t.HasColumns)
        {
            totals.Add(C(t.GrandTotal));
        }
        return new ReportDocument
        {
            Title = t.Title,
            Parameters = parameters,
            Header = header,
            Rows = rows,
            Totals = totals,
            Chart = t.Rows.Select(r => (r.Label, (t.HasColumns ? r.Total : r.Cells[0]) ?? 0m)).ToList(),
            PageFormat = pageFormat,
        };
    }
}
