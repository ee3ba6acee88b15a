using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Packages;

/// <summary>Sending packages (Packages.Send), the letters sent to a contact person, and resending a failed letter.</summary>
[Route("packages"), Authorize(Policy = Permissions.Packages.Send)]
public sealed class PackageSendController(PackageSending sending, SentMaterials sent, IStringLocalizer<SharedResource> l) : CrmController
{
    [HttpGet("send")]
    public async Task<IActionResult> Send([FromQuery] SendInput input, CancellationToken ct) =>
        Respond(await sending.FormAsync(input, User, ct), "Send");

    [HttpPost("send")]
    public async Task<IActionResult> SendPost(SendInput input, CancellationToken ct)
    {
        var result = await sending.SendAsync(input, User, ct);
        if (result is { Outcome: Outcome.Invalid, Value: { } form })
        {
            input.Confirm = false;
            return Unprocessable(result, "Send", form);
        }
        if (!result.Ok)
        {
            return Status(result);
        }
        if (!input.Confirm)
        {
            return View("Send", result.Value);
        }
        TempData["Message"] = l["Letters queued for sending: {0}.", result.Value!.Preview.Count].Value;
        return Redirect($"/clients/{input.CompanyId}?tab=materials#materials");
    }

    [HttpGet("send-list")]
    public async Task<IActionResult> SendToList([FromQuery] SendToListInput input, CancellationToken ct) =>
        View("SendToList", await sending.ListFormAsync(input, User, ct));

    [HttpPost("send-list")]
    public async Task<IActionResult> SendToListPost(SendToListInput input, CancellationToken ct)
    {
        var result = await sending.SendToListAsync(input, User, ct);
        if (result.Outcome == Outcome.Invalid)
        {
            input.Confirm = false;
            return Unprocessable(result, "SendToList", result.Value);
        }
        if (!input.Confirm)
        {
            return View("SendToList", result.Value);
        }
        TempData["Message"] = l["Letters queued for sending: {0}.", result.Value!.Recipients].Value;
        return Redirect("/packages");
    }

    [HttpPost("letters/{id:int}/resend")]
    public async Task<IActionResult> Resend(int id, CancellationToken ct)
    {
        var result = await sent.ResendAsync(id, User, ct);
        if (result.Outcome is Outcome.NotFound or Outcome.Forbidden)
        {
            return Status(result);
        }
        TempData["Message"] = result.Ok ? l["The letter is queued again."].Value : l["Only a failed letter can be sent again."].Value;
        return Redirect($"/clients/{result.Id}?tab=materials#materials");
    }
}

/// <summary>The letters sent to one contact person of a company: for whoever sees the company.</summary>
[Route("packages/sent"), Authorize(Policy = ModulePolicies.Clients)]
public sealed class SentLettersController(SentMaterials sent) : CrmController
{
    [HttpGet("")]
    public async Task<IActionResult> Index(int companyId, int? contactId, CancellationToken ct) =>
        Respond(await sent.ForCompanyAsync(companyId, contactId, User, ct), "Sent");

    /// <summary>The company card's section alone (the card loads it with htmx when its tab is first shown).</summary>
    [HttpGet("section")]
    public async Task<IActionResult> Section(int companyId, CancellationToken ct) =>
        await sent.ForCompanyAsync(companyId, null, User, ct) is { Value: { } model }
            ? PartialView("/Features/Packages/Views/_SentMaterials.cshtml", model)
            : NotFound();
}
