using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;
using WebCrm.Web.Infrastructure.Web;

namespace WebCrm.Web.Features.Clients;

/// <summary>The company's membership in groups, and new groups, from the card.</summary>
[Route("clients/{companyId:int}/groups"), Authorize(Policy = ModulePolicies.Clients)]
public sealed class CompanyGroupsController(CompanyGroupEditing groups, IStringLocalizer<SharedResource> l) : CompanyPartController(l)
{
    [HttpPost("")]
    public async Task<IActionResult> Set(int companyId, GroupMembershipInput input, CancellationToken ct)
    {
        var result = await groups.SetAsync(companyId, input, User, ct);
        if (result.Outcome is not (Outcome.Ok or Outcome.Conflict))
        {
            return Status(result);
        }
        return await BackToCardAsync(companyId, "groups", result.Ok
            ? L["Groups saved."].Value
            : L["Someone else changed the groups at the same moment. Check them and save again."].Value, result.Ok);
    }

    [HttpGet("new")]
    public async Task<IActionResult> New(int companyId, CancellationToken ct) =>
        Respond(await groups.FormAsync(companyId, null, User, ct), "GroupNew");

    [HttpPost("new")]
    public async Task<IActionResult> New(int companyId, GroupInput input, [FromServices] IValidator<GroupInput> validator, CancellationToken ct)
    {
        var result = ModelState.AddErrors(await validator.ValidateAsync(input, ct))
            ? await groups.CreateAsync(companyId, input, User, ct)
            : new Result(Outcome.Invalid);
        if (result.Outcome == Outcome.Invalid)
        {
            AddErrors(result.Errors);
            return Redisplay(await groups.FormAsync(companyId, input, User, ct), "GroupNew", StatusCodes.Status422UnprocessableEntity);
        }
        if (!result.Ok)
        {
            return Status(result);
        }
        return await BackToCardAsync(companyId, "groups", L["Group created."].Value);
    }
}
