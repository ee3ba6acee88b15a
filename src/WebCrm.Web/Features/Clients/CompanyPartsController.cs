using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;
using WebCrm.Web.Infrastructure.Web;

namespace WebCrm.Web.Features.Clients;

/// <summary>Contact persons, bank accounts, groups and contracts, edited inside the company card.</summary>
[Route("clients/{companyId:int}"), Authorize(Policy = ModulePolicies.Clients)]
public sealed class CompanyPartsController(CompanyPartsService service, IStringLocalizer<SharedResource> l) : CrmController
{
    // ---- contact persons ----

    [HttpGet("contacts/new")]
    public async Task<IActionResult> NewContact(int companyId, CancellationToken ct) =>
        Show(await service.ContactFormAsync(companyId, null, null, null, User, ct), "ContactEdit");

    [HttpPost("contacts/new")]
    public Task<IActionResult> NewContact(int companyId, ContactInput input, [FromServices] IValidator<ContactInput> validator, CancellationToken ct) =>
        SaveAsync(companyId, input, validator, "contacts", "ContactEdit",
            () => service.SaveContactAsync(companyId, null, input, User, ct),
            theirs => service.ContactFormAsync(companyId, null, input, theirs, User, ct), ct);

    [HttpGet("contacts/{id:int}/edit")]
    public async Task<IActionResult> EditContact(int companyId, int id, CancellationToken ct) =>
        Show(await service.ContactFormAsync(companyId, id, null, null, User, ct), "ContactEdit");

    [HttpPost("contacts/{id:int}/edit")]
    public Task<IActionResult> EditContact(int companyId, int id, ContactInput input, [FromServices] IValidator<ContactInput> validator, CancellationToken ct) =>
        SaveAsync(companyId, input, validator, "contacts", "ContactEdit",
            () => service.SaveContactAsync(companyId, id, input, User, ct),
            theirs => service.ContactFormAsync(companyId, id, input, theirs, User, ct), ct);

    [HttpPost("contacts/{id:int}/delete")]
    public async Task<IActionResult> DeleteContact(int companyId, int id, Guid stamp, CancellationToken ct) =>
        Removed(companyId, "contacts", await service.DeleteContactAsync(companyId, id, stamp, User, ct));

    // ---- bank accounts ----

    [HttpGet("bank-accounts/new")]
    public async Task<IActionResult> NewBankAccount(int companyId, CancellationToken ct) =>
        Show(await service.BankAccountFormAsync(companyId, null, null, null, User, ct), "BankAccountEdit");

    [HttpPost("bank-accounts/new")]
    public Task<IActionResult> NewBankAccount(int companyId, BankAccountInput input, [FromServices] IValidator<BankAccountInput> validator, CancellationToken ct) =>
        SaveAsync(companyId, input, validator, "bank", "BankAccountEdit",
            () => service.SaveBankAccountAsync(companyId, null, input, User, ct),
            theirs => service.BankAccountFormAsync(companyId, null, input, theirs, User, ct), ct);

    [HttpGet("bank-accounts/{id:int}/edit")]
    public async Task<IActionResult> EditBankAccount(int companyId, int id, CancellationToken ct) =>
        Show(await service.BankAccountFormAsync(companyId, id, null, null, User, ct), "BankAccountEdit");

    [HttpPost("bank-accounts/{id:int}/edit")]
    public Task<IActionResult> EditBankAccount(int companyId, int id, BankAccountInput input, [FromServices] IValidator<BankAccountInput> validator, CancellationToken ct) =>
        SaveAsync(companyId, input, validator, "bank", "BankAccountEdit",
            () => service.SaveBankAccountAsync(companyId, id, input, User, ct),
            theirs => service.BankAccountFormAsync(companyId, id, input, theirs, User, ct), ct);

    [HttpPost("bank-accounts/{id:int}/delete")]
    public async Task<IActionResult> DeleteBankAccount(int companyId, int id, Guid stamp, CancellationToken ct) =>
        Removed(companyId, "bank", await service.DeleteBankAccountAsync(companyId, id, stamp, User, ct));

    // ---- contracts ----

    [HttpGet("contracts/new")]
    public async Task<IActionResult> NewContract(int companyId, CancellationToken ct) =>
        Show(await service.ContractFormAsync(companyId, null, null, null, User, ct), "ContractEdit");

    [HttpPost("contracts/new")]
    public Task<IActionResult> NewContract(int companyId, ContractInput input, [FromServices] IValidator<ContractInput> validator, CancellationToken ct) =>
        SaveAsync(companyId, input, validator, "contracts", "ContractEdit",
            () => service.SaveContractAsync(companyId, null, input, User, ct),
            theirs => service.ContractFormAsync(companyId, null, input, theirs, User, ct), ct);

    [HttpGet("contracts/{id:int}/edit")]
    public async Task<IActionResult> EditContract(int companyId, int id, CancellationToken ct) =>
        Show(await service.ContractFormAsync(companyId, id, null, null, User, ct), "ContractEdit");

    [HttpPost("contracts/{id:int}/edit")]
    public Task<IActionResult> EditContract(int companyId, int id, ContractInput input, [FromServices] IValidator<ContractInput> validator, CancellationToken ct) =>
        SaveAsync(companyId, input, validator, "contracts", "ContractEdit",
            () => service.SaveContractAsync(companyId, id, input, User, ct),
            theirs => service.ContractFormAsync(companyId, id, input, theirs, User, ct), ct);

    [HttpPost("contracts/{id:int}/delete")]
    public async Task<IActionResult> DeleteContract(int companyId, int id, Guid stamp, CancellationToken ct) =>
        Removed(companyId, "contracts", await service.DeleteContractAsync(companyId, id, stamp, User, ct));

    [HttpGet("contracts/{id:int}/file")]
    public async Task<IActionResult> ContractFile(int companyId, int id, CancellationToken ct)
    {
        if (await service.FileAsync(companyId, id, User, ct) is not { } file)
        {
            return NotFound();
        }
        Response.Headers.XContentTypeOptions = "nosniff";
        // A download name makes it "Content-Disposition: attachment": the browser saves the file, never renders it here.
        return File(file.Content, file.ContentType, file.FileName);
    }

    // ---- groups ----

    [HttpPost("groups")]
    public async Task<IActionResult> Groups(int companyId, GroupMembershipInput input, CancellationToken ct)
    {
        switch (await service.SetGroupsAsync(companyId, input, User, ct))
        {
            case Outcome.Ok:
                TempData["Message"] = l["Groups saved."].Value;
                return Redirect($"/clients/{companyId}#groups");
            case Outcome.Conflict:
                TempData["Error"] = l["Someone else changed the groups at the same moment. Check them and save again."].Value;
                return Redirect($"/clients/{companyId}#groups");
            case var other:
                return Status(other);
        }
    }

    [HttpGet("groups/new")]
    public async Task<IActionResult> NewGroup(int companyId, CancellationToken ct) =>
        Show(await service.GroupFormAsync(companyId, null, User, ct), "GroupNew");

    [HttpPost("groups/new")]
    public async Task<IActionResult> NewGroup(int companyId, GroupInput input, [FromServices] IValidator<GroupInput> validator, CancellationToken ct)
    {
        var result = ModelState.AddErrors(await validator.ValidateAsync(input, ct))
            ? await service.CreateGroupAsync(companyId, input, User, ct)
            : new PartResult<GroupInput>(Outcome.Invalid);
        switch (result.Outcome)
        {
            case Outcome.Ok:
                TempData["Message"] = l["Group created."].Value;
                return Redirect($"/clients/{companyId}#groups");
            case Outcome.Invalid:
                AddErrors(result.Errors);
                return Redisplay(await service.GroupFormAsync(companyId, input, User, ct), "GroupNew", StatusCodes.Status422UnprocessableEntity);
            case var other:
                return Status(other);
        }
    }

    // ---- shared flow ----

    private async Task<IActionResult> SaveAsync<TInput, TForm>(int companyId, TInput input, IValidator<TInput> validator, string section, string view,
        Func<Task<PartResult<TInput>>> save, Func<TInput?, Task<(Outcome, TForm?)>> form, CancellationToken ct)
        where TInput : PartInput
    {
        if (!ModelState.AddErrors(await validator.ValidateAsync(input, ct)))
        {
            return Redisplay(await form(null), view, StatusCodes.Status422UnprocessableEntity);
        }
        var result = await save();
        switch (result.Outcome)
        {
            case Outcome.Ok:
                TempData["Message"] = l["Saved."].Value;
                return Redirect($"/clients/{companyId}#{section}");
            case Outcome.Invalid:
                AddErrors(result.Errors);
                return Redisplay(await form(null), view, StatusCodes.Status422UnprocessableEntity);
            case Outcome.Conflict:
                ModelState.AddModelError("", l["Someone else saved this record while you were editing. Their values are shown below next to yours; check them and save again to keep yours."]);
                // Saving again now means "keep mine": the form carries the stamp of what the other user saved.
                input.ConcurrencyStamp = result.Theirs!.ConcurrencyStamp;
                ModelState.Remove(nameof(PartInput.ConcurrencyStamp));
                return Redisplay(await form(result.Theirs), view, StatusCodes.Status409Conflict);
            default:
                return Status(result.Outcome);
        }
    }

    private void AddErrors(IReadOnlyDictionary<string, string>? errors)
    {
        foreach (var (key, message) in errors ?? new Dictionary<string, string>())
        {
            ModelState.AddModelError(key, message);
        }
    }

    private IActionResult Removed(int companyId, string section, Outcome outcome)
    {
        switch (outcome)
        {
            case Outcome.Ok:
                TempData["Message"] = l["Removed."].Value;
                return Redirect($"/clients/{companyId}#{section}");
            case Outcome.Conflict:
                TempData["Error"] = l["Someone else changed this record after you opened it. Check it and remove it again if you still want to."].Value;
                return Redirect($"/clients/{companyId}#{section}");
            default:
                return Status(outcome);
        }
    }

    private IActionResult Show<T>((Outcome Outcome, T? Model) result, string view) => Redisplay(result, view, StatusCodes.Status200OK);

    private IActionResult Redisplay<T>((Outcome Outcome, T? Model) result, string view, int status)
    {
        if (result.Outcome != Outcome.Ok)
        {
            return Status(result.Outcome);
        }
        Response.StatusCode = status;
        return View(view, result.Model);
    }
}
