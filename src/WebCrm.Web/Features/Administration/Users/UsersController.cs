using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Localization;
using WebCrm.Web.Infrastructure.Web;

namespace WebCrm.Web.Features.Administration.Users;

[Route("admin/users"), Authorize(Policy = Permissions.Users.Manage)]
public sealed class UsersController(UsersService service, IStringLocalizer<SharedResource> l) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await service.ListAsync(ct));

    [HttpGet("new")]
    public IActionResult Create() => View(new CreateUserInput { Template = RoleTemplates.ManagerKey });

    [HttpPost("new")]
    public async Task<IActionResult> Create(CreateUserInput input, [FromServices] IValidator<CreateUserInput> validator)
    {
        if (ModelState.AddErrors(await validator.ValidateAsync(input)))
        {
            var result = await service.CreateAsync(input);
            if (result.Ok)
            {
                return RedirectToAction(nameof(Rights), new { id = result.Value });
            }
            ModelState.AddErrors(result);
        }
        input.Password = null;
        return View(input);
    }

    [HttpGet("{id}")]
    public async Task<IActionResult> Rights(string id, CancellationToken ct) =>
        await service.GetRightsAsync(id, ct) is { } model ? View(model) : NotFound();

    [HttpPost("{id}/rights")]
    public async Task<IActionResult> SaveRights(string id, RightsInput input, [FromServices] IValidator<RightsInput> validator)
    {
        var valid = ModelState.AddErrors(await validator.ValidateAsync(input));
        return Done(id, valid ? await service.SetRightsAsync(id, input) : Invalid());
    }

    // Applying a template, copying rights and disabling first show what will change (GET); only the confirmation
    // posted from that page, carrying the previewed outcome, changes anything. A post without it leads to the preview.

    [HttpGet("{id}/template")]
    public Task<IActionResult> PreviewTemplate(string id, string? template, [FromServices] RightsPreviews previews, CancellationToken ct) =>
        PreviewAsync(previews, id, "template", template, ct);

    [HttpPost("{id}/template")]
    public async Task<IActionResult> ApplyTemplate(string id, string? template, string? expected) =>
        expected is null
            ? Redirect($"/admin/users/{Uri.EscapeDataString(id)}/template?template={Uri.EscapeDataString(template ?? "")}")
            : Done(id, await service.ApplyTemplateAsync(id, template, expected));

    [HttpGet("{id}/copy")]
    public Task<IActionResult> PreviewCopy(string id, string? sourceId, [FromServices] RightsPreviews previews, CancellationToken ct) =>
        PreviewAsync(previews, id, "copy", sourceId, ct);

    [HttpPost("{id}/copy")]
    public async Task<IActionResult> CopyRights(string id, string? sourceId, string? expected) =>
        expected is null
            ? Redirect($"/admin/users/{Uri.EscapeDataString(id)}/copy?sourceId={Uri.EscapeDataString(sourceId ?? "")}")
            : Done(id, await service.CopyRightsAsync(id, sourceId, expected));

    [HttpGet("{id}/disable")]
    public Task<IActionResult> PreviewDisable(string id, [FromServices] RightsPreviews previews, CancellationToken ct) =>
        PreviewAsync(previews, id, "disable", null, ct);

    [HttpPost("{id}/disable")]
    public async Task<IActionResult> Disable(string id, bool confirmed) =>
        confirmed ? Done(id, await service.SetDisabledAsync(id, true)) : Redirect($"/admin/users/{Uri.EscapeDataString(id)}/disable");

    private async Task<IActionResult> PreviewAsync(RightsPreviews previews, string id, string action, string? argument, CancellationToken ct) =>
        await previews.PreviewAsync(id, action, string.IsNullOrEmpty(argument) ? null : argument, ct) is { } preview
            ? View("RightsPreview", preview)
            : NotFound();

    [HttpPost("{id}/enable")]
    public async Task<IActionResult> Enable(string id) => Done(id, await service.SetDisabledAsync(id, false));

    [HttpGet("{id}/password")]
    public async Task<IActionResult> ResetPassword(string id, CancellationToken ct) =>
        await service.GetRightsAsync(id, ct) is { } user ? View(new ResetPasswordViewModel(user.Id, user.UserName)) : NotFound();

    [HttpPost("{id}/password")]
    public async Task<IActionResult> ResetPassword(string id, ResetPasswordInput input, [FromServices] IValidator<ResetPasswordInput> validator, CancellationToken ct)
    {
        if (ModelState.AddErrors(await validator.ValidateAsync(input, ct)))
        {
            var result = await service.ResetPasswordAsync(id, input);
            if (result.Ok || result.Outcome == Outcome.NotFound)
            {
                return Done(id, result);
            }
            ModelState.AddErrors(result);
        }
        return await service.GetRightsAsync(id, ct) is { } user ? View(new ResetPasswordViewModel(user.Id, user.UserName)) : NotFound();
    }

    private Result Invalid() =>
        Result.Invalid("", string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage)));

    /// <summary>Post/redirect/get back to the user's page with the outcome as a message.</summary>
    private IActionResult Done(string id, Result result)
    {
        if (result.Outcome == Outcome.NotFound)
        {
            return NotFound();
        }
        if (result.Ok)
        {
            TempData["Message"] = l["Saved."].Value;
        }
        else
        {
            TempData["Error"] = result.Message;
        }
        return RedirectToAction(nameof(Rights), new { id });
    }
}

public sealed record ResetPasswordViewModel(string Id, string UserName);
