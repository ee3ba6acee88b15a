using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Localization;
using WebCrm.Web.Infrastructure.Security;
using WebCrm.Web.Infrastructure.Web;

namespace WebCrm.Web.Features.Account;

/// <summary>The second sign-in step, enrolment, the user's own two-factor page and an administrator's reset.</summary>
public sealed class TwoFactorController(TwoFactor twoFactor, IStringLocalizer<SharedResource> l) : Controller
{
    [AllowAnonymous, HttpGet("account/two-factor")]
    public IActionResult Code(string? returnUrl, bool rememberMe) =>
        View("TwoFactorCode", new TwoFactorInput { ReturnUrl = returnUrl, RememberMe = rememberMe });

    [AllowAnonymous, HttpPost("account/two-factor"), RateLimitGroup(RateLimits.SignIn)]
    public Task<IActionResult> Code(TwoFactorInput input, [FromServices] IValidator<TwoFactorInput> validator) =>
        SecondStepAsync(input, validator, recovery: false);

    [AllowAnonymous, HttpGet("account/two-factor/recovery")]
    public IActionResult Recovery(string? returnUrl, bool rememberMe) =>
        View("TwoFactorRecovery", new TwoFactorInput { ReturnUrl = returnUrl, RememberMe = rememberMe });

    [AllowAnonymous, HttpPost("account/two-factor/recovery"), RateLimitGroup(RateLimits.SignIn)]
    public Task<IActionResult> Recovery(TwoFactorInput input, [FromServices] IValidator<TwoFactorInput> validator) =>
        SecondStepAsync(input, validator, recovery: true);

    [HttpGet(TwoFactorEnrolmentMiddleware.EnrolPath)]
    public async Task<IActionResult> Enrol() =>
        await twoFactor.EnrolmentAsync(User) is { } enrolment ? View("TwoFactorEnrol", enrolment) : Redirect("/account/security");

    [HttpPost(TwoFactorEnrolmentMiddleware.EnrolPath)]
    public async Task<IActionResult> Enrol(TwoFactorCodeInput input, [FromServices] IValidator<TwoFactorCodeInput> validator)
    {
        if (ModelState.AddErrors(await validator.ValidateAsync(input)))
        {
            if (await twoFactor.EnableAsync(User, input.Code!) is { } codes)
            {
                return View("RecoveryCodes", codes);
            }
            ModelState.AddModelError(nameof(input.Code), l["The code is not right. Enter the code the app shows now."]);
        }
        return await twoFactor.EnrolmentAsync(User) is { } enrolment ? View("TwoFactorEnrol", enrolment) : Redirect("/account/security");
    }

    [HttpGet("account/security")]
    public async Task<IActionResult> Status() => await twoFactor.StatusAsync(User) is { } status ? View("TwoFactorStatus", status) : NotFound();

    [HttpPost("account/security/recovery-codes")]
    public async Task<IActionResult> RenewRecoveryCodes(TwoFactorCodeInput input, [FromServices] IValidator<TwoFactorCodeInput> validator)
    {
        if (ModelState.AddErrors(await validator.ValidateAsync(input)) && await twoFactor.RenewRecoveryCodesAsync(User, input.Code!) is { } codes)
        {
            return View("RecoveryCodes", codes);
        }
        TempData["Error"] = l["The code is not right. Enter the code the app shows now."].Value;
        return Redirect("/account/security");
    }

    [HttpPost("account/security/disable")]
    public async Task<IActionResult> Disable(TwoFactorCodeInput input, [FromServices] IValidator<TwoFactorCodeInput> validator)
    {
        var done = ModelState.AddErrors(await validator.ValidateAsync(input)) && await twoFactor.DisableAsync(User, input.Code!);
        TempData[done ? "Message" : "Error"] = done ? l["Two-factor sign-in is off."].Value
            : l["Two-factor sign-in stays on: the code is not right, or it is mandatory for you."].Value;
        return Redirect("/account/security");
    }

    [HttpPost("admin/users/{id}/two-factor/reset"), Authorize(Policy = Permissions.Users.Manage)]
    public async Task<IActionResult> Reset(string id)
    {
        if (!await twoFactor.ResetAsync(id))
        {
            return NotFound();
        }
        TempData["Message"] = l["Two-factor sign-in of this user has been reset: he enrols again."].Value;
        return Redirect($"/admin/users/{id}");
    }

    private async Task<IActionResult> SecondStepAsync(TwoFactorInput input, IValidator<TwoFactorInput> validator, bool recovery)
    {
        var view = recovery ? "TwoFactorRecovery" : "TwoFactorCode";
        if (!ModelState.AddErrors(await validator.ValidateAsync(input)))
        {
            return View(view, input);
        }
        switch (await twoFactor.SignInAsync(input, recovery))
        {
            case TwoFactorOutcome.SignedIn:
                return Redirect(LocalUrls.Safe(input.ReturnUrl));
            case TwoFactorOutcome.Expired:
                return Redirect("/account/login");
            default:
                ModelState.AddModelError("", l["The code is wrong, or the account is locked for a while."]);
                return View(view, new TwoFactorInput { ReturnUrl = input.ReturnUrl, RememberMe = input.RememberMe, RememberDevice = input.RememberDevice });
        }
    }
}
