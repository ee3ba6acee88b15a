using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Packages;

/// <summary>The module's first page, packages and materials (Packages.ManageMaterials changes them).</summary>
[Route("packages"), Authorize(Policy = ModulePolicies.Packages)]
public sealed class PackagesController(PackageEditing packages, MaterialEditing materials, IStringLocalizer<SharedResource> l) : CrmController
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await packages.IndexAsync(UserAccess.From(User), ct));

    [HttpGet("new"), Authorize(Policy = Permissions.Packages.ManageMaterials)]
    public async Task<IActionResult> NewPackage(CancellationToken ct) => Respond(await packages.FormAsync(null, null, ct), "PackageEdit");

    [HttpPost("new"), Authorize(Policy = Permissions.Packages.ManageMaterials)]
    public Task<IActionResult> NewPackage(PackageInput input, [FromServices] IValidator<PackageInput> validator, CancellationToken ct) =>
        SaveAsync(input, validator, () => packages.SaveAsync(null, input, ct), () => packages.FormAsync(null, input, ct), "PackageEdit", ct);

    [HttpGet("{id:int}/edit"), Authorize(Policy = Permissions.Packages.ManageMaterials)]
    public async Task<IActionResult> EditPackage(int id, CancellationToken ct) => Respond(await packages.FormAsync(id, null, ct), "PackageEdit");

    [HttpPost("{id:int}/edit"), Authorize(Policy = Permissions.Packages.ManageMaterials)]
    public Task<IActionResult> EditPackage(int id, PackageInput input, [FromServices] IValidator<PackageInput> validator, CancellationToken ct) =>
        SaveAsync(input, validator, () => packages.SaveAsync(id, input, ct), () => packages.FormAsync(id, input, ct), "PackageEdit", ct);

    [HttpPost("{id:int}/delete"), Authorize(Policy = Permissions.Packages.ManageMaterials)]
    public async Task<IActionResult> DeletePackage(int id, Guid stamp, CancellationToken ct) => Deleted(await packages.DeleteAsync(id, stamp, ct));

    [HttpGet("materials/new"), Authorize(Policy = Permissions.Packages.ManageMaterials)]
    public async Task<IActionResult> NewMaterial(CancellationToken ct) => Respond(await materials.FormAsync(null, null, ct), "MaterialEdit");

    [HttpPost("materials/new"), Authorize(Policy = Permissions.Packages.ManageMaterials)]
    public Task<IActionResult> NewMaterial(MaterialInput input, [FromServices] IValidator<MaterialInput> validator, CancellationToken ct) =>
        SaveAsync(input, validator, () => materials.SaveAsync(null, input, ct), () => materials.FormAsync(null, input, ct), "MaterialEdit", ct);

    [HttpGet("materials/{id:int}/edit"), Authorize(Policy = Permissions.Packages.ManageMaterials)]
    public async Task<IActionResult> EditMaterial(int id, CancellationToken ct) => Respond(await materials.FormAsync(id, null, ct), "MaterialEdit");

    [HttpPost("materials/{id:int}/edit"), Authorize(Policy = Permissions.Packages.ManageMaterials)]
    public Task<IActionResult> EditMaterial(int id, MaterialInput input, [FromServices] IValidator<MaterialInput> validator, CancellationToken ct) =>
        SaveAsync(input, validator, () => materials.SaveAsync(id, input, ct), () => materials.FormAsync(id, input, ct), "MaterialEdit", ct);

    [HttpPost("materials/{id:int}/delete"), Authorize(Policy = Permissions.Packages.ManageMaterials)]
    public async Task<IActionResult> DeleteMaterial(int id, Guid stamp, CancellationToken ct) => Deleted(await materials.DeleteAsync(id, stamp, ct));

    [HttpGet("materials/{id:int}/files/{fileId:int}")]
    public async Task<IActionResult> File(int id, int fileId, CancellationToken ct)
    {
        if (await materials.FileAsync(id, fileId, ct) is not { } file)
        {
            return NotFound();
        }
        Response.Headers.XContentTypeOptions = "nosniff";
        return File(file.Content, file.Type, file.Name);
    }

    private async Task<IActionResult> SaveAsync<TInput, TForm>(TInput input, IValidator<TInput> validator, Func<Task<Result>> save,
        Func<Task<Result<TForm>>> form, string view, CancellationToken ct)
    {
        if (ModelState.AddErrors(await validator.ValidateAsync(input, ct)))
        {
            var result = await save();
            if (result.Ok)
            {
                TempData["Message"] = l["Saved."].Value;
                return Redirect("/packages");
            }
            if (result.Outcome is not (Outcome.Invalid or Outcome.Conflict))
            {
                return Status(result);
            }
            ModelState.AddErrors(result);
        }
        var redisplay = await form();
        if (!redisplay.Ok)
        {
            return Status(redisplay);
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(view, redisplay.Value);
    }

    private IActionResult Deleted(Result result)
    {
        if (result.Outcome == Outcome.Conflict)
        {
            TempData["Message"] = result.Message;
            return Redirect("/packages");
        }
        if (!result.Ok)
        {
            return Status(result);
        }
        TempData["Message"] = l["Deleted."].Value;
        return Redirect("/packages");
    }
}
