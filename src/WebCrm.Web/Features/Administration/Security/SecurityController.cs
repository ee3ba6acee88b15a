using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Administration.Security;

/// <summary>The administrator's security settings (whom two-factor sign-in is mandatory for) and the security log.</summary>
[Route("admin/security"), Authorize(Policy = Permissions.Users.Manage)]
public sealed class SecurityController(SecuritySettings settings, SecurityLogPage logPage, IStringLocalizer<SharedResource> l) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Settings(CancellationToken ct) => View("Settings", await settings.GetAsync(ct));

    [HttpPost("")]
    public async Task<IActionResult> Settings(SecuritySettingsInput input)
    {
        var saved = await settings.SaveAsync(input);
        TempData[saved ? "Message" : "Error"] = saved ? l["The security settings have been saved."].Value
            : l["Someone else changed the settings meanwhile. The current settings are shown; change them again."].Value;
        return Redirect("/admin/security");
    }

    [HttpGet("log")]
    public async Task<IActionResult> Log([FromQuery] SecurityLogQuery query, CancellationToken ct) =>
        ModelState.IsValid ? View("Log", await logPage.ListAsync(query, ct)) : BadRequest();
}

public static class SecurityModule
{
    /// <summary>The security settings and the security log page.</summary>
    public static IServiceCollection AddSecurityModule(this IServiceCollection services)
    {
        services.AddScoped<SecuritySettings>();
        services.AddScoped<SecurityLogPage>();
        return services;
    }
}
