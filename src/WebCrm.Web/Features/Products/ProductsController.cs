using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;
using WebCrm.Web.Infrastructure.Security;

namespace WebCrm.Web.Features.Products;

/// <summary>The product catalogue: everyone in the Deals module may look products up; the reference-lists right edits them.</summary>
[Route("products"), Authorize(Policy = ModulePolicies.Deals)]
public sealed class ProductsController(ProductsService service, IStringLocalizer<SharedResource> l) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, CancellationToken ct) => View(new ProductListViewModel
    {
        Q = q,
        Rows = await service.SearchAsync(q, activeOnly: false, take: 200, ct),
        CanEdit = UserAccess.From(User).Has(Permissions.ReferenceLists.Edit),
    });

    /// <summary>The deal line picker: active products matching the text, as JSON.</summary>
    [HttpGet("search"), RateLimitGroup(RateLimits.Search)]
    public async Task<IActionResult> Search(string? q, CancellationToken ct) => Json(await service.SearchAsync(q, activeOnly: true, take: 20, ct));

    [HttpGet("new"), Authorize(Policy = Permissions.ReferenceLists.Edit)]
    public async Task<IActionResult> Create(CancellationToken ct) => View("Edit", await service.FormAsync(null, null, ct));

    [HttpPost("new"), Authorize(Policy = Permissions.ReferenceLists.Edit)]
    public Task<IActionResult> Create(ProductInput input, CancellationToken ct) => Save(null, input, ct);

    [HttpGet("{id:int}/edit"), Authorize(Policy = Permissions.ReferenceLists.Edit)]
    public async Task<IActionResult> Edit(int id, CancellationToken ct) =>
        await service.FormAsync(id, null, ct) is { } form ? View("Edit", form) : NotFound();

    [HttpPost("{id:int}/edit"), Authorize(Policy = Permissions.ReferenceLists.Edit)]
    public Task<IActionResult> Edit(int id, ProductInput input, CancellationToken ct) => Save(id, input, ct);

    private async Task<IActionResult> Save(int? id, ProductInput input, CancellationToken ct)
    {
        var (savedId, errors) = await service.SaveAsync(id, input, ct);
        if (savedId is null)
        {
            return NotFound();
        }
        if (errors.Count == 0)
        {
            TempData["Message"] = l["Saved."].Value;
            return Redirect("/products");
        }
        foreach (var (key, message) in errors)
        {
            ModelState.AddModelError(key, message);
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Edit", await service.FormAsync(id, input, ct));
    }

    [HttpGet("/exchange-rates")]
    public async Task<IActionResult> Rates(CancellationToken ct) => View("Rates", await service.RatesAsync(UserAccess.From(User).Has(Permissions.ReferenceLists.Edit), ct));

    [HttpPost("/exchange-rates"), Authorize(Policy = Permissions.ReferenceLists.Edit)]
    public async Task<IActionResult> Rates(int? currencyId, DateOnly? date, string? rate, CancellationToken ct)
    {
        if (await service.SaveRateAsync(currencyId, date, rate, ct) is { } error)
        {
            TempData["Error"] = error;
        }
        else
        {
            TempData["Message"] = l["Saved."].Value;
        }
        return Redirect("/exchange-rates");
    }

    [HttpPost("/exchange-rates/{id:int}/delete"), Authorize(Policy = Permissions.ReferenceLists.Edit)]
    public async Task<IActionResult> DeleteRate(int id, CancellationToken ct)
    {
        if (!await service.DeleteRateAsync(id, ct))
        {
            return NotFound();
        }
        TempData["Message"] = l["The rate has been removed."].Value;
        return Redirect("/exchange-rates");
    }
}
