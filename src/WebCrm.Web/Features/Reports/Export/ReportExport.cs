using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;
using WebCrm.Domain.Reports;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Reports.Export;

/// <summary>A report as a document with its parameters (period, filters, currency, who and when), and as XLSX or CSV.</summary>
public sealed class ReportExport(ReportBuilder builder, ReportLabels labels, IReportPdf pdf, TimeProvider clock,
    IStringLocalizer<SharedResource> l)
{
    private string PageFormat => l["page {0} of {1}"];

    private async Task<string> StampAsync(ClaimsPrincipal user) =>
        l["Built by {0} on {1}", await labels.UserNameAsync(user), clock.GetLocalNow().ToString("g", CultureInfo.CurrentCulture)];

    public async Task<ReportDocument> ReportAsync(ReportDefinition r, ClaimsPrincipal principal, CancellationToken ct)
    {
        var table = await builder.BuildAsync(r, principal, ct);
        var parameters = await labels.ParametersAsync(r, table, ct);
        parameters.Add(await StampAsync(principal));
        return ReportDocuments.From(table, parameters, PageFormat, l["Total"]);
    }

    public byte[] Pdf(ReportDocument document) => pdf.Render(document);

    /// <summary>The table as an XLSX sheet: the title row, the header, the rows with numbers as numbers, the totals.</summary>
    public static byte[] Xlsx(ReportDocument d)
    {
        var columns = Enumerable.Range(0, d.Header.Count).Select(i => "C" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        Dictionary<string, object?> Line(IEnumerable<object?> values)
        {
            var list = values.ToList();
            return columns.Select((c, i) => (c, i < list.Count ? list[i] : null)).ToDictionary(x => x.c, x => x.Item2);
        }
        var sheet = new List<Dictionary<string, object?>> { Line([d.Title]) };
        sheet.AddRange(d.Parameters.Select(p => Line([p])));
        sheet.Add(Line(d.Header));
        sheet.AddRange(d.Rows.Select(r => Line(r.Select(c => c.Number is { } n ? n : (object)c.Text))));
        if (d.Totals is { } totals)
        {
            sheet.Add(Line(totals.Select(c => c.Number is { } n ? n : (object)c.Text)));
        }
        using var stream = new MemoryStream();
        stream.SaveAs(sheet, printHeader: false, sheetName: "Report");
        return stream.ToArray();
    }

    /// <summary>The table's rows as CSV (CsvResult adds the BOM and neutralises formulas): numbers in the user's culture.</summary>
    public static async IAsyncEnumerable<IReadOnlyList<string?>> CsvRows(ReportDocument d)
    {
        foreach (var row in d.Totals is null ? d.Rows : d.Rows.Append(d.Totals))
        {
            yield return row.Select(c => c.Number is { } n ? WebCrm.Web.Infrastructure.Web.CsvText.Number(n) : c.Text).ToList();
        }
        await Task.CompletedTask;
    }
}
