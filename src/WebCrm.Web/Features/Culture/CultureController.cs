using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using WebCrm.Web.Infrastructure.Localization;
using WebCrm.Web.Infrastructure.Web;

namespace WebCrm.Web.Features.Culture;

[AllowAnonymous, Route("culture")]
public sealed class CultureController : Controller
{
    [HttpPost("")]
    public IActionResult Set(string? culture, string? returnUrl)
    {
        var chosen = JsonTextStore.Languages.Contains(culture) ? culture! : JsonTextStore.DefaultLanguage;
        Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = Request.IsHttps });
        return Redirect(LocalUrls.Safe(returnUrl));
    }
}
