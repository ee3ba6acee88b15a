using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using WebCrm.Domain.Security;

namespace WebCrm.Web.Features.Reports.Export;

/// <summary>Reports as PDF, XLSX and CSV (Reports.Export).</summary>
[Authorize(Policy = Permissions.Reports.Export)]
public sealed class ExportController(ReportExport export) : CrmController
{
    private static string Name(string ext) => $"report-{DateTime.UtcNow:yyyyMMdd-HHmm}.{ext}";

    [HttpGet("reports/export/{format}")]
    public async Task<IActionResult> Report(string format, [FromQuery] ReportQuery query, [FromServices] IValidator<ReportQuery> validator, CancellationToken ct)
    {
        if (!ModelState.IsValid || !(await validator.ValidateAsync(query, ct)).IsValid || format is not ("pdf" or "xlsx" or "csv"))
        {
            return BadRequest();
        }
        var document = await export.ReportAsync(query.ToDefinition(), User, ct);
        return format switch
        {
            "pdf" => File(export.Pdf(document), "application/pdf", Name("pdf")),
            "xlsx" => File(ReportExport.Xlsx(document), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Name("xlsx")),
            _ => new CsvResult(Name("csv"), document.Header, ReportExport.CsvRows(document)),
        };
    }
}
