using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Clients;

/// <summary>A company's bank details, edited inside the card.</summary>
[Route("clients/{companyId:int}/bank-accounts"), Authorize(Policy = ModulePolicies.Clients)]
public sealed class BankAccountsController(BankAccountEditing accounts, IStringLocalizer<SharedResource> l) : CompanyPartController(l)
{
    [HttpGet("new")]
    public async Task<IActionResult> New(int companyId, CancellationToken ct) =>
        Respond(await accounts.FormAsync(companyId, null, null, null, User, ct), "BankAccountEdit");

    [HttpPost("new")]
    public Task<IActionResult> New(int companyId, BankAccountInput input, [FromServices] IValidator<BankAccountInput> validator, CancellationToken ct) =>
        SaveAsync(companyId, input, validator, "bank", "BankAccountEdit",
            () => accounts.SaveAsync(companyId, null, input, User, ct),
            theirs => accounts.FormAsync(companyId, null, input, theirs, User, ct), ct);

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int companyId, int id, CancellationToken ct) =>
        Respond(await accounts.FormAsync(companyId, id, null, null, User, ct), "BankAccountEdit");

    [HttpPost("{id:int}/edit")]
    public Task<IActionResult> Edit(int companyId, int id, BankAccountInput input, [FromServices] IValidator<BankAccountInput> validator, CancellationToken ct) =>
        SaveAsync(companyId, input, validator, "bank", "BankAccountEdit",
            () => accounts.SaveAsync(companyId, id, input, User, ct),
            theirs => accounts.FormAsync(companyId, id, input, theirs, User, ct), ct);

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int companyId, int id, Guid stamp, CancellationToken ct) =>
        await Removed(companyId, "bank", await accounts.DeleteAsync(companyId, id, stamp, User, ct));
}
