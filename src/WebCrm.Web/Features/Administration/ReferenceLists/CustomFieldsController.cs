using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Localization;
using WebCrm.Web.Infrastructure.Web;

namespace WebCrm.Web.Features.Administration.ReferenceLists;

[Route("admin/custom-fields"), Authorize(Policy = Permissions.ReferenceLists.Edit)]
public sealed class CustomFieldsController(CustomFieldsService service, IStringLocalizer<SharedResource> l) : CrmController
{
    private const string IndexUrl = "/admin/custom-fields";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View("CustomFields", await service.ListAsync(ct));

    [HttpGet("new")]
    public IActionResult Create(CustomFieldTarget? target) =>
        View("EditCustomField", new EditCustomFieldViewModel(null, false, new CustomFieldInput
        {
            Target = target is { } t && Enum.IsDefined(t) ? t : CustomFieldTarget.Company,
            Type = CustomFieldType.Text,
        }));

    [HttpPost("new")]
    public async Task<IActionResult> Create(CustomFieldInput input, [FromServices] IValidator<CustomFieldInput> validator, CancellationToken ct)
    {
        input.Stamp = null;
        Task<IActionResult> Form() => Task.FromResult<IActionResult>(View("EditCustomField", new EditCustomFieldViewModel(null, false, input)));
        if (!ModelState.AddErrors(await validator.ValidateAsync(input, ct)))
        {
            return await Form();
        }
        return await AfterSaveAsync(await service.SaveAsync(null, input, ct), l["Saved."].Value, IndexUrl, Form, Form);
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct) =>
        await service.GetAsync(id, ct) is { } model ? View("EditCustomField", model) : NotFound();

    [HttpPost("{id:int}")]
    public async Task<IActionResult> Edit(int id, CustomFieldInput input, [FromServices] IValidator<CustomFieldInput> validator, CancellationToken ct)
    {
        if (await service.TargetAsync(id, ct) is not { } target)
        {
            return NotFound();
        }
        input.Target = target;
        async Task<IActionResult> Form() => View("EditCustomField", new EditCustomFieldViewModel(id, await service.HasValuesAsync(id, ct), input));
        if (!ModelState.AddErrors(await validator.ValidateAsync(input, ct)))
        {
            return await Form();
        }
        return await AfterSaveAsync(await service.SaveAsync(id, input, ct), l["Saved."].Value, IndexUrl,
            async () => await service.GetAsync(id, ct) is { } fresh ? View("EditCustomField", fresh) : NotFound(), Form);
    }

    [HttpPost("{id:int}/up")]
    public async Task<IActionResult> Up(int id, CancellationToken ct) => Done(await service.MoveAsync(id, -1, ct));

    [HttpPost("{id:int}/down")]
    public async Task<IActionResult> Down(int id, CancellationToken ct) => Done(await service.MoveAsync(id, +1, ct));

    private IActionResult Done(Result result)
    {
        if (result.Outcome == Outcome.NotFound)
        {
            return NotFound();
        }
        TempData["Message"] = l["Saved."].Value;
        return Redirect(IndexUrl);
    }
}
