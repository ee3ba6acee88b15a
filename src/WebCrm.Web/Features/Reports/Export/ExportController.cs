using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Security;

namespace WebCrm.Web.Features.Reports.Export;

/// <summary>Reports as PDF, XLSX and CSV (Reports.Export).</summary>
[Authorize(Policy = Permissions.Reports.Export), ReportDeadline]
public sealed class ExportController(ReportExport export, WebCrm.Web.Infrastructure.Security.SecurityLog log) : CrmController
{
    private static string Name(string ext) => $"report-{DateTime.UtcNow:yyyyMMdd-HHmm}.{ext}";

    [HttpGet("reports/export/{format}"), RateLimitGroup(RateLimits.Export)]
    public async Task<IActionResult> Report(string format, [FromQuery] ReportQuery query, [FromServices] IValidator<ReportQuery> validator, CancellationToken ct)
    {
        if (!ModelState.IsValid || !(await validator.ValidateAsync(query, ct)).IsValid || format is not ("pdf" or "xlsx" or "csv"))
        {
            return BadRequest();
        }
        var document = await export.ReportAsync(query.ToDefinition(), User, ct);
        if (format != "csv")
        {
            await log.ExportedAsync("report-" + format, document.Rows.Count);
        }
        return format switch
        {
            "pdf" => File(export.Pdf(document), "application/pdf", Name("pdf")),
            "xlsx" => File(ReportExport.Xlsx(document), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Name("xlsx")),
            _ => new CsvResult(Name("csv"), document.Header, ReportExport.CsvRows(document), logAs: "report-csv"),
        };
    }
}
