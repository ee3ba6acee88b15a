using System.Globalization;
using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Domain.Calendar;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;
using WebCrm.Web.Infrastructure.Security;

namespace WebCrm.Web.Features.Calendar;

/// <summary>One activity: new (links pre-filled from the card it is planned from), page, edit, done, cancel, reopen, delete.</summary>
[Route("calendar/activities"), Authorize(Policy = ModulePolicies.Calendar)]
public sealed class ActivitiesController(ActivityEditing editing, ActivityPage page, ActivityLinks links, IStringLocalizer<SharedResource> l) : CrmController
{
    [HttpGet("new")]
    public async Task<IActionResult> Create(int? companyId, int? contactId, int? dealId, DateOnly? date, TimeOnly? time, string? u, CancellationToken ct) =>
        ModelState.IsValid ? Respond(await editing.NewFormAsync(companyId, contactId, dealId, date, time, u, User, ct), "Edit") : BadRequest();

    [HttpPost("new")]
    public async Task<IActionResult> Create(ActivityInput input, [FromServices] IValidator<ActivityInput> validator, CancellationToken ct)
    {
        if (!ModelState.AddErrors(await validator.ValidateAsync(input, ct)))
        {
            return await Redisplay(null, input, ct);
        }
        return await Finish(null, input, await editing.CreateAsync(input, User, ct), ct);
    }

    [HttpGet("lookup/companies"), RateLimitGroup(RateLimits.Search)]
    public async Task<IActionResult> Companies(string? q, CancellationToken ct) => Json(await links.PickCompaniesAsync(q, UserAccess.From(User), ct));

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Show(int id, CancellationToken ct) => Respond(await page.PageAsync(id, User, ct), "Activity");

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct) => Respond(await editing.EditFormAsync(id, User, ct), "Edit");

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, ActivityInput input, [FromServices] IValidator<ActivityInput> validator, CancellationToken ct)
    {
        if (!ModelState.AddErrors(await validator.ValidateAsync(input, ct)))
        {
            var form = await editing.EditFormAsync(id, User, ct);
            return form.Ok ? await Redisplay(id, input, ct, form.Value!.InSeries) : Status(form);
        }
        return await Finish(id, input, await editing.UpdateAsync(id, input, User, ct), ct);
    }

    [HttpPost("{id:int}/done")]
    public async Task<IActionResult> Done(int id, ActivityDoneInput input, [FromServices] IValidator<ActivityDoneInput> validator, CancellationToken ct)
    {
        var check = await validator.ValidateAsync(input, ct);
        if (!check.IsValid || !ModelState.IsValid)
        {
            var shown = await page.PageAsync(id, User, ct);
            if (!shown.Ok)
            {
                return Status(shown);
            }
            ModelState.AddErrors(check);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Activity", shown.Value);
        }
        return Back(id, await page.MarkDoneAsync(id, input, User, ct), l["Marked as done."]);
    }

    [HttpPost("{id:int}/status")]
    public async Task<IActionResult> SetStatus(int id, ActivityStatus status, Guid stamp, CancellationToken ct) =>
        !ModelState.IsValid || !Enum.IsDefined(status) || status == ActivityStatus.Done
            ? BadRequest()
            : Back(id, await page.SetStatusAsync(id, status, stamp, User, ct), l["Saved."]);

    /// <summary>
    /// To another day, and to another start time when one is given (the activity page's form; dragging in the week view
    /// submits the same form with the day alone), then back to the page it came from when that is a calendar page of
    /// this site.
    /// </summary>
    [HttpPost("{id:int}/move")]
    public async Task<IActionResult> Move(int id, ActivityMoveInput input, [FromServices] IValidator<ActivityMoveInput> validator,
        [FromServices] ActivityMoving moving, CancellationToken ct)
    {
        var back = input.Back is { } b && Url.IsLocalUrl(b) && b.StartsWith("/calendar/", StringComparison.Ordinal) ? b : $"/calendar/activities/{id}";
        if ((await validator.ValidateAsync(input, ct)) is { IsValid: false } invalid)
        {
            TempData["Error"] = invalid.Errors[0].ErrorMessage;
            return Redirect(back);
        }
        var (day, at) = (input.ReadDay(), input.ReadTime());
        var result = await moving.MoveAsync(id, day, at, input.Stamp, User, ct);
        if (result.Outcome is not (Outcome.Ok or Outcome.Conflict or Outcome.Invalid))
        {
            return Status(result);
        }
        TempData[result.Ok ? "Message" : "Error"] = !result.Ok ? result.Message
            : at is { } t ? l["Moved to {0:g}.", day.ToDateTime(t)].Value : l["Moved to {0:d}.", day.ToDateTime(TimeOnly.MinValue)].Value;
        return Redirect(back);
    }

    [HttpGet("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken ct) => Respond(await page.DeleteInfoAsync(id, User, ct), "Delete");

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, Guid stamp, SeriesScope scope, CancellationToken ct)
    {
        if (!ModelState.IsValid || !Enum.IsDefined(scope))
        {
            return BadRequest();
        }
        var result = await page.DeleteAsync(id, stamp, scope, User, ct);
        if (result.Outcome is not (Outcome.Ok or Outcome.Conflict))
        {
            return Status(result);
        }
        TempData[result.Ok ? "Message" : "Error"] = result.Ok ? l["The activity has been deleted."].Value : result.Message;
        return Redirect(result.Ok ? "/calendar" : $"/calendar/activities/{id}");
    }

    private IActionResult Back(int id, Result result, string message)
    {
        if (result.Outcome is not (Outcome.Ok or Outcome.Conflict))
        {
            return Status(result);
        }
        TempData[result.Ok ? "Message" : "Error"] = result.Ok ? message : result.Message;
        return Redirect($"/calendar/activities/{id}");
    }

    private async Task<IActionResult> Finish(int? id, ActivityInput input, Result result, CancellationToken ct)
    {
        switch (result.Outcome)
        {
            case Outcome.Ok:
                TempData["Message"] = l["Saved."].Value;
                return Redirect($"/calendar/activities/{result.Id}");
            case Outcome.Invalid:
            case Outcome.Conflict:
                ModelState.AddErrors(result);
                var form = id is null ? null : await editing.EditFormAsync(id.Value, User, ct);
                if (form is { Ok: false })
                {
                    return Status(form);
                }
                return await Redisplay(id, input, ct, form?.Value?.InSeries ?? false);
            default:
                return Status(result);
        }
    }

    private async Task<IActionResult> Redisplay(int? id, ActivityInput input, CancellationToken ct, bool inSeries = false)
    {
        var form = await editing.FormAsync(id, input, UserAccess.From(User), inSeries, ct);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Edit", form);
    }
}
