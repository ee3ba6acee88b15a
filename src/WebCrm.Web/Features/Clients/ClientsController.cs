using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;
using WebCrm.Web.Infrastructure.Web;
using WebCrm.Web.Infrastructure.Security;

namespace WebCrm.Web.Features.Clients;

/// <summary>The company list, its export and saved filters, and the company card.</summary>
[Route("clients"), Authorize(Policy = ModulePolicies.Clients), FilterQueryLimit]
public sealed class ClientsController(CompanyList list, SavedFilters filters, CompanyCard card, Deals.CompanyDealsService deals,
    CompanyAccess access, IStringLocalizer<SharedResource> l) : CrmController
{
    [HttpGet(""), RateLimitGroup(RateLimits.Search)]
    public async Task<IActionResult> Index([FromQuery] CompanyListQuery query, CancellationToken ct)
    {
        var model = await list.ListAsync(query, User, ct);
        // A filter refused as too large is a bad request: the page says why and lists nothing.
        Response.StatusCode = model.Filter.TooLarge ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK;
        return View(model);
    }

    /// <summary>The filter builder alone, swapped in place by htmx; without JavaScript the same buttons reload the page.</summary>
    [HttpGet("filter-builder")]
    public async Task<IActionResult> FilterBuilder([FromQuery] CompanyListQuery query) =>
        PartialView("_FilterBuilder", await list.BuilderAsync(query, User));

    [HttpGet("export"), RateLimitGroup(RateLimits.Export), Authorize(Policy = Permissions.Clients.Export)]
    public async Task<IActionResult> Export([FromQuery] CompanyListQuery query)
    {
        var rows = await list.ExportRowsAsync(query, User);
        return new CsvResult($"clients-{DateTime.UtcNow:yyyyMMdd}.csv", CompanyCsv.Header(l), CompanyCsv.Rows(rows), logAs: "clients");
    }

    [HttpPost("filters")]
    public async Task<IActionResult> SaveFilter(string? filterName, bool shared, [FromQuery] CompanyListQuery query)
    {
        var result = await filters.SaveAsync(filterName, shared, query, User);
        if (result.Outcome == Outcome.Forbidden)
        {
            return Status(result);
        }
        if (!result.Ok)
        {
            TempData["Error"] = result.Message;
            // A filter too large to keep makes too long a link back as well.
            return Redirect(result.Errors!.ContainsKey("") ? "/clients" : CompanyListUrls.For(query));
        }
        TempData["Message"] = l["Filter saved."].Value;
        return Redirect($"/clients?saved={result.Id}");
    }

    [HttpPost("filters/{id:int}/delete")]
    public async Task<IActionResult> DeleteFilter(int id) =>
        await filters.DeleteAsync(id, User) is { Ok: false } refused ? Status(refused) : Redirect("/clients");

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Card(int id, string? tab, CancellationToken ct) => Respond(await card.CardAsync(id, User, ct, tab), "Card");

    /// <summary>The card's "products and services bought" section alone (the card loads it with htmx when its tab is first shown).</summary>
    [HttpGet("{id:int}/products")]
    public async Task<IActionResult> Products(int id, CancellationToken ct)
    {
        var user = UserAccess.From(User);
        if (!await access.IsVisibleAsync(id, user, ct))
        {
            return NotFound();
        }
        return PartialView("_CompanyProducts", new Deals.CompanyDealsSection
        {
            CanSeeDeals = deals.SeesDeals(user),
            Products = await deals.ProductsAsync(id, user, ct),
            ProductsLoaded = true,
        });
    }
}
