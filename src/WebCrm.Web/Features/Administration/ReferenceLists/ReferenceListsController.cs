using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Localization;
using WebCrm.Web.Infrastructure.Web;

namespace WebCrm.Web.Features.Administration.ReferenceLists;

[Route("admin/lists"), Authorize(Policy = Permissions.ReferenceLists.Edit)]
public sealed class ReferenceListsController(ReferenceListsService service, IStringLocalizer<SharedResource> l) : CrmController
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await service.SummaryAsync(ct));

    // ---- currencies (literal routes win over {kind}) ----

    [HttpGet("currencies")]
    public async Task<IActionResult> Currencies(CancellationToken ct) => View(await service.CurrenciesAsync(ct));

    [HttpGet("currencies/new")]
    public IActionResult NewCurrency() => View("EditCurrency", new EditCurrencyViewModel(null, new CurrencyInput()));

    [HttpPost("currencies/new")]
    public Task<IActionResult> NewCurrency(CurrencyInput input, [FromServices] IValidator<CurrencyInput> validator, CancellationToken ct) =>
        SaveCurrency(null, input, validator, ct);

    [HttpGet("currencies/{id:int}")]
    public async Task<IActionResult> EditCurrency(int id, CancellationToken ct) =>
        await service.GetCurrencyAsync(id, ct) is { } model ? View(model) : NotFound();

    [HttpPost("currencies/{id:int}")]
    public Task<IActionResult> EditCurrency(int id, CurrencyInput input, [FromServices] IValidator<CurrencyInput> validator, CancellationToken ct) =>
        SaveCurrency(id, input, validator, ct);

    [HttpPost("currencies/{id:int}/up")]
    public async Task<IActionResult> CurrencyUp(int id, CancellationToken ct) =>
        Done(await service.MoveCurrencyAsync(id, -1, ct), "/admin/lists/currencies");

    [HttpPost("currencies/{id:int}/down")]
    public async Task<IActionResult> CurrencyDown(int id, CancellationToken ct) =>
        Done(await service.MoveCurrencyAsync(id, +1, ct), "/admin/lists/currencies");

    private async Task<IActionResult> SaveCurrency(int? id, CurrencyInput input, IValidator<CurrencyInput> validator, CancellationToken ct)
    {
        if (id is null)
        {
            input.Stamp = null;
        }
        Task<IActionResult> Form() => Task.FromResult<IActionResult>(View("EditCurrency", new EditCurrencyViewModel(id, input)));
        if (!ModelState.AddErrors(await validator.ValidateAsync(input, ct)))
        {
            return await Form();
        }
        return await AfterSaveAsync(await service.SaveCurrencyAsync(id, input, ct), l["Saved."].Value, "/admin/lists/currencies",
            async () => await service.GetCurrencyAsync(id!.Value, ct) is { } current ? View("EditCurrency", current) : NotFound(), Form);
    }

    // ---- values of one list ----

    [HttpGet("{kind}")]
    public async Task<IActionResult> List(string kind, CancellationToken ct) =>
        ReferenceListCatalog.FromSlug(kind) is { } k ? View(await service.ListAsync(k, null, ct)) : NotFound();

    [HttpPost("{kind}/add")]
    public async Task<IActionResult> Add(string kind, ReferenceValueInput input, [FromServices] IValidator<ReferenceValueInput> validator, CancellationToken ct)
    {
        if (ReferenceListCatalog.FromSlug(kind) is not { } k)
        {
            return NotFound();
        }
        input.Stamp = null;
        async Task<IActionResult> Form() => View("List", await service.ListAsync(k, input, ct));
        if (!ModelState.AddErrors(await validator.ValidateAsync(input, ct)))
        {
            return await Form();
        }
        return await AfterSaveAsync(await service.AddAsync(k, input, ct), l["Saved."].Value, ListUrl(k), Form, Form);
    }

    [HttpGet("{kind}/{id:int}")]
    public async Task<IActionResult> Edit(string kind, int id, CancellationToken ct) =>
        ReferenceListCatalog.FromSlug(kind) is { } k && await service.GetValueAsync(k, id, ct) is { } model ? View("EditValue", model) : NotFound();

    [HttpPost("{kind}/{id:int}")]
    public async Task<IActionResult> Edit(string kind, int id, ReferenceValueInput input, [FromServices] IValidator<ReferenceValueInput> validator, CancellationToken ct)
    {
        if (ReferenceListCatalog.FromSlug(kind) is not { } k || await service.GetValueAsync(k, id, ct) is not { } current)
        {
            return NotFound();
        }
        Task<IActionResult> Form() => Task.FromResult<IActionResult>(View("EditValue", current with { Input = input }));
        if (!ModelState.AddErrors(await validator.ValidateAsync(input, ct)))
        {
            return await Form();
        }
        return await AfterSaveAsync(await service.RenameAsync(k, id, input, ct), l["Saved."].Value, ListUrl(k),
            async () => await service.GetValueAsync(k, id, ct) is { } fresh ? View("EditValue", fresh) : NotFound(), Form);
    }

    [HttpPost("{kind}/{id:int}/up")]
    public Task<IActionResult> Up(string kind, int id, CancellationToken ct) => Change(kind, k => service.MoveAsync(k, id, -1, ct));

    [HttpPost("{kind}/{id:int}/down")]
    public Task<IActionResult> Down(string kind, int id, CancellationToken ct) => Change(kind, k => service.MoveAsync(k, id, +1, ct));

    [HttpPost("{kind}/{id:int}/deactivate")]
    public Task<IActionResult> Deactivate(string kind, int id, CancellationToken ct) => Change(kind, k => service.SetActiveAsync(k, id, false, ct));

    [HttpPost("{kind}/{id:int}/activate")]
    public Task<IActionResult> Activate(string kind, int id, CancellationToken ct) => Change(kind, k => service.SetActiveAsync(k, id, true, ct));

    private async Task<IActionResult> Change(string kind, Func<ReferenceListKind, Task<Result>> change) =>
        ReferenceListCatalog.FromSlug(kind) is { } k ? Done(await change(k), ListUrl(k)) : NotFound();

    private IActionResult Done(Result result, string url)
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
        return Redirect(url);
    }

    private static string ListUrl(ReferenceListKind kind) => "/admin/lists/" + ReferenceListCatalog.Slug(kind);
}
