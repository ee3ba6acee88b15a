using FluentValidation;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Data.Auditing;
using WebCrm.Data.Identity;
using WebCrm.Data.Seeding;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;
using WebCrm.Web.Infrastructure.Security;
using WebCrm.Web.Infrastructure.Startup;
using WebCrm.Web.Infrastructure.Web;

// The container's healthcheck: `dotnet WebCrm.Web.dll --health-probe http://localhost:8080/health` (no curl in the image).
if (args is ["--health-probe", var probeUrl])
{
    return await HealthProbe.RunAsync(probeUrl);
}

var builder = WebApplication.CreateBuilder(args);
var services = builder.Services;
var configuration = builder.Configuration;

services.AddSingleton(TimeProvider.System);
// Cyrillic text stays readable in the HTML instead of becoming numeric character references.
services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
services.AddHttpContextAccessor();
services.AddScoped<ICurrentUser, HttpCurrentUser>();
services.AddCrmDatabase(configuration, builder.Environment);
services.AddScoped<IdentitySeeder>();
services.AddScoped<ReferenceSeeder>();
services.AddScoped<DemoDataSeeder>();

services.AddIdentity<AppUser, IdentityRole>(options =>
    {
        options.User.RequireUniqueEmail = false;
        options.Password.RequiredLength = 10;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequiredUniqueChars = 1;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(configuration.GetValue("Security:LockoutMinutes", 15));
        options.Lockout.AllowedForNewUsers = true;
        options.SignIn.RequireConfirmedAccount = false;
    })
    .AddEntityFrameworkStores<CrmDbContext>()
    .AddSignInManager<CrmSignInManager>()
    .AddPasswordValidator<CommonPasswordValidator>()
    .AddUserValidator<UniqueEmailValidator>()
    .AddErrorDescriber<LocalizedIdentityErrorDescriber>()
    .AddDefaultTokenProviders();

// Rights and the disabled flag live in the database; re-reading them at this interval bounds how long a
// changed right or a disabled account keeps its old effect.
services.Configure<SecurityStampValidatorOptions>(o =>
    o.ValidationInterval = configuration.GetValue("Security:StampValidationInterval", TimeSpan.FromMinutes(1)));

services.ConfigureApplicationCookie(options =>
{
    options.Cookie.Name = "WebCrm.Auth";
    options.Cookie.HttpOnly = true;
    options.Cookie.SameSite = SameSiteMode.Lax;
    options.LoginPath = "/account/login";
    options.LogoutPath = "/account/logout";
    options.AccessDeniedPath = "/error/403";
    options.SlidingExpiration = true;
    options.ExpireTimeSpan = TimeSpan.FromHours(10);
    // A missing right is answered with 403 on the requested URL itself, not a redirect that hides it.
    options.Events.OnRedirectToAccessDenied = context =>
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    };
});

services.AddDataProtection().SetApplicationName("WebCrm").PersistKeysToDbContext<CrmDbContext>();
services.AddCrmAuthorization();

services.AddSingleton<JsonTextStore>();
services.AddSingleton<IStringLocalizerFactory, JsonStringLocalizerFactory>();
services.AddSingleton(typeof(IStringLocalizer<>), typeof(StringLocalizer<>));
services.AddLocalization();

services.AddValidatorsFromAssemblyContaining<Program>(includeInternalTypes: true);
services.AddCrmModules();

services.AddControllersWithViews(options =>
    {
        options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
        options.Filters.Add(new RejectUnreadableInputFilter());
        options.MaxModelBindingCollectionSize = 2048;
        // One number parser for every decimal that is bound (filters and forms), see Numbers.TryParseDecimal.
        options.ModelBinderProviders.Insert(0, new DecimalModelBinderProvider());
    })
    .AddViewLocalization()
    // The server is the authority on validation; unobtrusive client attributes would only carry unlocalized text.
    .AddViewOptions(o => o.HtmlHelperOptions.ClientValidationEnabled = false)
    .AddRazorOptions(o => o.ViewLocationExpanders.Add(new FeatureViewLocationExpander()));
services.AddOptions<MvcOptions>().Configure<IStringLocalizer<SharedResource>>(ModelBindingMessages.Localize);
services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o =>
{
    o.ValueLengthLimit = 1024 * 1024;
    o.ValueCountLimit = 4096;
    // Room for the largest contract file plus the form around it; a larger body is refused with 400.
    o.MultipartBodyLengthLimit = Math.Max(20 * 1024 * 1024,
        configuration.GetValue("Contracts:MaxFileBytes", WebCrm.Web.Features.Clients.ContractFiles.DefaultMaxBytes) + 1024 * 1024);
});
services.AddAntiforgery(o => o.Cookie.Name = "WebCrm.Antiforgery");
services.AddCrmSecurity(configuration, builder.Environment);
services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
services.AddCrmResponseCompression();

var app = builder.Build();

await app.PrepareDatabaseAsync();
// `dotnet WebCrm.Web.dll --rebuild-debt-history`: rewrites every deal's stored debt history and payments' report keys, then exits.
if (args.Contains("--rebuild-debt-history"))
{
    return await app.RebuildDebtHistoryAsync();
}
// `dotnet WebCrm.Web.dll --rebuild-funnel`: rewrites what every stage row stores for the funnel, then exits.
if (args.Contains("--rebuild-funnel"))
{
    return await app.RebuildFunnelFactsAsync();
}
if (SlowRequestLog.IsOn(app.Configuration))
{
    app.UseMiddleware<SlowRequestLog>();
}
app.UseCrmSecurity();

if (app.Configuration.GetValue(ServerTimingMiddleware.ConfigKey, false))
{
    app.UseMiddleware<ServerTimingMiddleware>();
}
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error/500");
}
app.UseResponseCompression();
app.UseMiddleware<SecurityHeadersMiddleware>();
app.UseMiddleware<BadRequestMiddleware>();
app.UseStatusCodePagesWithReExecute("/error/{0}");
app.UseStaticFiles();
app.UseRequestLocalization(Culture.Options());
app.UseRouting();
app.UseAuthentication();
app.UseCrmSignInPolicies();
app.UseAuthorization();
if (app.Configuration.GetValue(ServerTimingMiddleware.ConfigKey, false))
{
    app.UseMiddleware<DbCommandCountMiddleware>();
}

app.MapHealthChecks("/health").AllowAnonymous();
app.MapControllers();

app.Lifetime.ApplicationStarted.Register(() =>
{
    foreach (var url in app.Urls)
    {
        Console.WriteLine($"WebCrm is running at {url}");
    }
});

await app.RunAsync();
return 0;

public partial class Program;
