using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Clients;

/// <summary>A company's contact persons, edited inside the card.</summary>
[Route("clients/{companyId:int}/contacts"), Authorize(Policy = ModulePolicies.Clients)]
public sealed class ContactPersonsController(ContactPersonEditing contacts, IStringLocalizer<SharedResource> l) : CompanyPartController(l)
{
    [HttpGet("new")]
    public async Task<IActionResult> New(int companyId, CancellationToken ct) =>
        Respond(await contacts.FormAsync(companyId, null, null, null, User, ct), "ContactEdit");

    [HttpPost("new")]
    public Task<IActionResult> New(int companyId, ContactInput input, [FromServices] IValidator<ContactInput> validator, CancellationToken ct) =>
        SaveAsync(companyId, input, validator, "contacts", "ContactEdit",
            () => contacts.SaveAsync(companyId, null, input, User, ct),
            theirs => contacts.FormAsync(companyId, null, input, theirs, User, ct), ct);

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int companyId, int id, CancellationToken ct) =>
        Respond(await contacts.FormAsync(companyId, id, null, null, User, ct), "ContactEdit");

    [HttpPost("{id:int}/edit")]
    public Task<IActionResult> Edit(int companyId, int id, ContactInput input, [FromServices] IValidator<ContactInput> validator, CancellationToken ct) =>
        SaveAsync(companyId, input, validator, "contacts", "ContactEdit",
            () => contacts.SaveAsync(companyId, id, input, User, ct),
            theirs => contacts.FormAsync(companyId, id, input, theirs, User, ct), ct);

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int companyId, int id, Guid stamp, CancellationToken ct) =>
        await Removed(companyId, "contacts", await contacts.DeleteAsync(companyId, id, stamp, User, ct));
}
