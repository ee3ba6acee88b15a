using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Reports;

/// <summary>The report builder, the deals behind a cell, and saved reports.</summary>
[Route("reports"), Authorize(Policy = ModulePolicies.Reports), ReportDeadline]
public sealed class ReportsController(ReportPage page, ReportBuilder builder, SavedReports saved, IValidator<ReportQuery> validator,
    IStringLocalizer<SharedResource> l) : CrmController
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] ReportQuery query, CancellationToken ct)
    {
        var valid = ModelState.IsValid && ModelState.AddErrors(await validator.ValidateAsync(query, ct));
        var result = await page.PageAsync(query, valid, User, ct);
        if (!valid && result.Ok)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        return Respond(result, "Index");
    }

    /// <summary>The deals behind a cell: row key <paramref name="rk"/>, column key <paramref name="ck"/> or interval <paramref name="b"/>; "~" is "not set".</summary>
    [HttpGet("drill")]
    public async Task<IActionResult> Drill([FromQuery] ReportQuery query, string? rk, string? ck, int? b, bool wr, bool wc, CancellationToken ct)
    {
        if (!ModelState.IsValid || !(await validator.ValidateAsync(query, ct)).IsValid)
        {
            return BadRequest();
        }
        static string? Key(string? k) => k is null or "~" ? null : k;
        var back = "/reports?" + query.ToQueryString();
        return View("Drill", await builder.DrillAsync(query.ToDefinition(), Key(rk), Key(ck), b, wr, wc, back, User, ct));
    }

    [HttpPost("saved"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Save([FromQuery] ReportQuery query, [FromForm] SaveReportInput input,
        [FromServices] IValidator<SaveReportInput> inputValidator, CancellationToken ct)
    {
        var check = await inputValidator.ValidateAsync(input, ct);
        if (!check.IsValid || !(await validator.ValidateAsync(query, ct)).IsValid)
        {
            TempData["Error"] = check.IsValid ? l["The report has errors; correct them before saving."].Value : check.Errors[0].ErrorMessage;
            return Redirect("/reports?" + query.ToQueryString());
        }
        var result = await saved.SaveAsync(input, query.ToDefinition(), User, ct);
        TempData["Message"] = l["The report has been saved."].Value;
        return Redirect($"/reports?Saved={result.Id}");
    }

    [HttpPost("saved/{id:int}/copy"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Copy(int id, CancellationToken ct)
    {
        var result = await saved.CopyAsync(id, l["copy"], User, ct);
        if (!result.Ok)
        {
            return Status(result);
        }
        TempData["Message"] = l["A copy of the report has been saved."].Value;
        return Redirect($"/reports?Saved={result.Id}");
    }

    [HttpPost("saved/{id:int}/delete"), ValidateAntiForgeryToken]
    public async Task<IActionResult> Delete(int id, CancellationToken ct)
    {
        var result = await saved.DeleteAsync(id, User, ct);
        if (!result.Ok)
        {
            return Status(result);
        }
        TempData["Message"] = l["The report has been deleted."].Value;
        return Redirect("/reports");
    }
}
