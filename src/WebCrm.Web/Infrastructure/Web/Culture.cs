using System.Globalization;
using Microsoft.AspNetCore.Localization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Infrastructure.Web;

public static class Culture
{
    public static readonly CultureInfo[] Supported = JsonTextStore.Languages.Select(l => new CultureInfo(l)).ToArray();

    /// <summary>The language of a request whose browser asks for none we have: the users are a Russian sales team.</summary>
    public const string Default = "ru";

    public static RequestLocalizationOptions Options()
    {
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(Default),
            SupportedCultures = Supported,
            SupportedUICultures = Supported,
            FallBackToParentCultures = true,
            FallBackToParentUICultures = true,
        };
        // Cookie first (the user's explicit choice), then the browser's languages.
        options.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        return options;
    }
}
