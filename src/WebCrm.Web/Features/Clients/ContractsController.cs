using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Clients;

/// <summary>A company's contracts and their files, edited inside the card.</summary>
[Route("clients/{companyId:int}/contracts"), Authorize(Policy = ModulePolicies.Clients)]
public sealed class ContractsController(ContractEditing contracts, IStringLocalizer<SharedResource> l) : CompanyPartController(l)
{
    [HttpGet("new")]
    public async Task<IActionResult> New(int companyId, CancellationToken ct) =>
        Respond(await contracts.FormAsync(companyId, null, null, null, User, ct), "ContractEdit");

    [HttpPost("new")]
    public Task<IActionResult> New(int companyId, ContractInput input, [FromServices] IValidator<ContractInput> validator, CancellationToken ct) =>
        SaveAsync(companyId, input, validator, "contracts", "ContractEdit",
            () => contracts.SaveAsync(companyId, null, input, User, ct),
            theirs => contracts.FormAsync(companyId, null, input, theirs, User, ct), ct);

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int companyId, int id, CancellationToken ct) =>
        Respond(await contracts.FormAsync(companyId, id, null, null, User, ct), "ContractEdit");

    [HttpPost("{id:int}/edit")]
    public Task<IActionResult> Edit(int companyId, int id, ContractInput input, [FromServices] IValidator<ContractInput> validator, CancellationToken ct) =>
        SaveAsync(companyId, input, validator, "contracts", "ContractEdit",
            () => contracts.SaveAsync(companyId, id, input, User, ct),
            theirs => contracts.FormAsync(companyId, id, input, theirs, User, ct), ct);

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int companyId, int id, Guid stamp, CancellationToken ct) =>
        await Removed(companyId, "contracts", await contracts.DeleteAsync(companyId, id, stamp, User, ct));

    [HttpGet("{id:int}/file")]
    public async Task<IActionResult> Download(int companyId, int id, CancellationToken ct)
    {
        if (await contracts.FileAsync(companyId, id, User, ct) is not { Value: { } file })
        {
            return NotFound();
        }
        Response.Headers.XContentTypeOptions = "nosniff";
        // A download name makes it "Content-Disposition: attachment": the browser saves the file, never renders it here.
        return File(file.Content, file.ContentType, file.FileName);
    }
}
