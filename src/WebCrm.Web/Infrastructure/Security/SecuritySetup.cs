using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WebCrm.Data;

namespace WebCrm.Web.Infrastructure.Security;

/// <summary>
/// Deployment security (issue 13): forwarded headers from known proxies only, Secure cookies and HSTS when the request
/// is HTTPS, an allowed-hosts list in Production, data-protection keys encrypted with a certificate when one is
/// configured, and revocable server-side sessions (<see cref="SessionRegistry"/>).
/// </summary>
public static class SecuritySetup
{
    /// <summary>Hosts a Production app answers when AllowedHosts is left at "*": loopback only, until the real names are set.</summary>
    public const string ProductionDefaultHosts = "localhost;127.0.0.1;[::1]";

    public static IServiceCollection AddCrmSecurity(this IServiceCollection services, ConfigurationManager configuration, IWebHostEnvironment environment)
    {
        if (environment.IsProduction() && configuration["AllowedHosts"] is null or "" or "*")
        {
            configuration["AllowedHosts"] = ProductionDefaultHosts;
        }
        var hosts = (configuration["AllowedHosts"] ?? "*").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            var proxies = configuration.GetSection("Security:KnownProxies").Get<string[]>() ?? [];
            var networks = configuration.GetSection("Security:KnownNetworks").Get<string[]>() ?? [];
            if (proxies.Length > 0 || networks.Length > 0)
            {
                // Only the configured proxies are believed; the loopback defaults go.
                o.KnownProxies.Clear();
                o.KnownIPNetworks.Clear();
                foreach (var proxy in proxies)
                {
                    o.KnownProxies.Add(IPAddress.Parse(proxy));
                }
                foreach (var network in networks)
                {
                    o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
                }
            }
            if (!hosts.Contains("*"))
            {
                o.AllowedHosts = hosts;
            }
        });
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(configuration.GetValue("Security:HstsMaxAgeDays", 365));
            o.IncludeSubDomains = false;
        });

        if (configuration["Security:DataProtectionCertificate"] is { Length: > 0 } certificatePath)
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(certificatePath, configuration["Security:DataProtectionCertificatePassword"]);
            services.AddDataProtection().ProtectKeysWithCertificate(certificate);
        }

        services.AddSingleton<SessionRegistry>();
        services.AddScoped<SecurityLog>();
        services.AddHostedService<SecurityLogCleanup>();
        // Two-factor sign-in: the replay-safe TOTP provider in Identity's authenticator slot, the enrolment claim.
        services.AddScoped<TwoFactorPolicy>();
        services.AddSingleton<TotpTokenProvider>();
        // The authenticator key encrypted and the recovery codes hashed at rest; plain values of before rewritten at startup.
        services.AddSingleton<TwoFactorSecrets>();
        services.Replace(ServiceDescriptor.Scoped<IUserStore<WebCrm.Data.Identity.AppUser>, CrmUserStore>());
        services.AddScoped<TwoFactorSecretsMigration>();
        services.Configure<IdentityOptions>(o => o.Tokens.ProviderMap[TokenOptions.DefaultAuthenticatorProvider] = new TokenProviderDescriptor(typeof(TotpTokenProvider)));
        services.AddScoped<IUserClaimsPrincipalFactory<WebCrm.Data.Identity.AppUser>, CrmClaimsPrincipalFactory>();
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorRememberMeScheme, o =>
        {
            o.Cookie.Name = "WebCrm.Device";
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromDays(configuration.GetValue("Security:RememberDeviceDays", 30));
        });
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, o =>
        {
            o.Cookie.Name = "WebCrm.TwoFactor";
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddCrmRateLimiting(configuration);
        services.Configure<SecurityStampValidatorOptions>(o => o.OnRefreshingPrincipal = context =>
        {
            // The re-issued principal keeps naming the same server-side session.
            if (SessionRegistry.SessionOf(context.CurrentPrincipal) is { } sid && context.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity)
            {
                identity.AddClaim(new System.Security.Claims.Claim(SessionRegistry.ClaimType, sid));
            }
            return Task.CompletedTask;
        });
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Events.OnSigningIn = SigningInAsync;
            o.Events.OnValidatePrincipal = ValidatePrincipalAsync;
        });
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        return services;
    }

    /// <summary>First in the pipeline: the client's address, scheme and host as the known proxy saw them; HSTS on HTTPS.</summary>
    public static WebApplication UseCrmSecurity(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        return app;
    }

    /// <summary>After authentication: a user who must enrol in two-factor sign-in is sent to enrol; the rate limiter.</summary>
    public static WebApplication UseCrmSignInPolicies(this WebApplication app)
    {
        app.UseMiddleware<TwoFactorEnrolmentMiddleware>();
        app.UseMiddleware<SignInNameMiddleware>();
        app.UseRateLimiter();
        return app;
    }

    private static async Task SigningInAsync(CookieSigningInContext context)
    {
        if (context.Principal?.Identity is not System.Security.Claims.ClaimsIdentity identity || identity.HasClaim(c => c.Type == SessionRegistry.ClaimType))
        {
            return;
        }
        var userId = identity.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "";
        var current = context.HttpContext.User;
        // A refreshed sign-in (own password or rights changed) keeps this browser's session.
        var sid = current.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value == userId ? SessionRegistry.SessionOf(current) : null;
        sid ??= await context.HttpContext.RequestServices.GetRequiredService<SessionRegistry>()
            .StartAsync(context.HttpContext.RequestServices.GetRequiredService<CrmDbContext>(), userId, context.HttpContext);
        identity.AddClaim(new System.Security.Claims.Claim(SessionRegistry.ClaimType, sid));
    }

    private static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        await SecurityStampValidator.ValidatePrincipalAsync(context);
        if (context.Principal is null)
        {
            return;
        }
        var registry = context.HttpContext.RequestServices.GetRequiredService<SessionRegistry>();
        if (SessionRegistry.SessionOf(context.Principal) is not { } sid || !await registry.IsActiveAsync(sid, context.HttpContext))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }
}
