using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Web.Infrastructure.Localization;
using WebCrm.Web.Infrastructure.Web;
using WebCrm.Web.Infrastructure.Security;

namespace WebCrm.Web.Features.Account;

[Route("account")]
public sealed class AccountController(AccountService account, IStringLocalizer<SharedResource> l) : Controller
{
    [AllowAnonymous, HttpGet("login")]
    public IActionResult Login(string? returnUrl) => View(new LoginInput { ReturnUrl = returnUrl });

    [AllowAnonymous, HttpPost("login"), RateLimitGroup(RateLimits.SignIn)]
    public async Task<IActionResult> Login(LoginInput input, [FromServices] IValidator<LoginInput> validator)
    {
        if (!ModelState.AddErrors(await validator.ValidateAsync(input)))
        {
            return View(input);
        }
        var outcome = await account.SignInAsync(input);
        if (outcome.RequiresTwoFactor)
        {
            return Redirect($"/account/two-factor?rememberMe={input.RememberMe}&returnUrl={Uri.EscapeDataString(LocalUrls.Safe(input.ReturnUrl))}");
        }
        if (!outcome.Succeeded)
        {
            ModelState.AddModelError("", outcome.Error!);
            return View(input);
        }
        return Redirect(LocalUrls.Safe(input.ReturnUrl));
    }

    [HttpPost("logout")]
    public async Task<IActionResult> Logout()
    {
        await account.SignOutAsync(User);
        return RedirectToAction(nameof(Login));
    }

    [HttpGet("password")]
    public IActionResult ChangePassword() => View(new ChangePasswordInput());

    [HttpPost("password")]
    public async Task<IActionResult> ChangePassword(ChangePasswordInput input, [FromServices] IValidator<ChangePasswordInput> validator)
    {
        if (ModelState.AddErrors(await validator.ValidateAsync(input)))
        {
            var result = await account.ChangePasswordAsync(User, input);
            if (result.Succeeded)
            {
                TempData["Message"] = l["Your password has been changed."].Value;
                return RedirectToAction(nameof(ChangePassword));
            }
            ModelState.AddErrors(result, nameof(ChangePasswordInput.NewPassword));
        }
        return View(new ChangePasswordInput());
    }
}
