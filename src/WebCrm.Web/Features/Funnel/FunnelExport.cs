using System.Globalization;
using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Domain.Security;
using WebCrm.Web.Features.Reports;
using WebCrm.Web.Features.Reports.Export;
using WebCrm.Web.Features.Shared;
using WebCrm.Web.Infrastructure.Localization;
using WebCrm.Web.Infrastructure.Security;

namespace WebCrm.Web.Features.Funnel;

/// <summary>The funnel as a printable document, rendered by the Reports module's PDF renderer (an entry point).</summary>
public sealed class FunnelExport(FunnelReport funnel, IReportPdf pdf, ReferenceLookup lookup, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    private string PageFormat => l["page {0} of {1}"];

    /// <summary>Who built the document (the user's full name, as everywhere people are named) and when.</summary>
    private async Task<string> StampAsync(ClaimsPrincipal user) =>
        l["Built by {0} on {1}", (await lookup.DataAsync()).UserName(user.FindFirst(ClaimTypes.NameIdentifier)?.Value) is { Length: > 0 } name ? name : user.Identity?.Name ?? "",
            clock.GetLocalNow().ToString("g", CultureInfo.CurrentCulture)];

    public async Task<ReportDocument> FunnelAsync(FunnelQuery q, ClaimsPrincipal principal, CancellationToken ct)
    {
        var m = await funnel.BuildAsync(q, principal, ct);
        string P(decimal? v) => v is null ? "—" : v.Value.ToString("N1", CultureInfo.CurrentCulture) + " %";
        return new ReportDocument
        {
            Title = l["Funnel"],
            Parameters = [$"{l["Period"]}: {$"{m.Period.From:dd.MM.yyyy} – {m.Period.To:dd.MM.yyyy}"}", l["Deals started in the period: {0}; won: {1}.", m.Deals, m.Won], await StampAsync(principal)],
            Header = [l["Stage"], l["Deals reached"], $"{l["Amount"]} ({m.CurrencySymbol})", l["To the next stage"], l["From the first stage"], l["Lost here"], l["Average days in stage"]],
            Rows = m.Stages.Select(s => (IReadOnlyList<ReportCell>)
            [
                new(s.Name), new(s.Reached.ToString("N0", CultureInfo.CurrentCulture), s.Reached), new(s.Amount.ToString("N2", CultureInfo.CurrentCulture), s.Amount),
                new(P(s.ToNext), s.ToNext), new(P(s.FromFirst), s.FromFirst), new(s.Lost.ToString(CultureInfo.CurrentCulture), s.Lost),
                new(s.AverageDays?.ToString("N1", CultureInfo.CurrentCulture) ?? "—", s.AverageDays),
            ]).ToList(),
            Chart = m.Stages.Select(s => (s.Name, (decimal)s.Reached)).ToList(),
            PageFormat = PageFormat,
        };
    }

    public byte[] Pdf(ReportDocument document) => pdf.Render(document);
}

[Authorize(Policy = Permissions.Reports.Export), ReportDeadline]
public sealed class FunnelExportController(FunnelExport export, WebCrm.Web.Infrastructure.Security.SecurityLog log) : CrmController
{
    [HttpGet("funnel/export/pdf"), RateLimitGroup(RateLimits.Export)]
    public async Task<IActionResult> Pdf([FromQuery] FunnelQuery query, [FromServices] IValidator<FunnelQuery> validator, CancellationToken ct)
    {
        if (!ModelState.IsValid || !(await validator.ValidateAsync(query, ct)).IsValid)
        {
            return BadRequest();
        }
        var document = await export.FunnelAsync(query, User, ct);
        await log.ExportedAsync("funnel-pdf", document.Rows.Count);
        return File(export.Pdf(document), "application/pdf", $"funnel-{DateTime.UtcNow:yyyyMMdd-HHmm}.pdf");
    }
}
