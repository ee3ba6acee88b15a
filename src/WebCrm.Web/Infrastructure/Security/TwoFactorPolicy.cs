using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebCrm.Data;
using WebCrm.Data.Identity;
using WebCrm.Domain.Administration;

namespace WebCrm.Web.Infrastructure.Security;

/// <summary>
/// The administrator's <see cref="SecurityPolicy"/>: two-factor sign-in is mandatory for the users given a template the
/// policy lists (<see cref="AppUser.RightsTemplate"/>).
/// </summary>
public sealed class TwoFactorPolicy(CrmDbContext db)
{
    public async Task<SecurityPolicy> CurrentAsync(CancellationToken ct = default) =>
        await db.SecurityPolicies.AsNoTracking().OrderBy(p => p.Id).FirstOrDefaultAsync(ct) ?? new SecurityPolicy();

    public async Task<bool> RequiredForAsync(AppUser user, CancellationToken ct = default) =>
        user.RightsTemplate is not null && (await CurrentAsync(ct)).RequiresTwoFactor(user.RightsTemplate);
}

/// <summary>
/// Identity's principal plus <see cref="EnrolClaim"/> for a user the policy obliges to use two-factor sign-in who has not
/// enrolled yet; <see cref="TwoFactorEnrolmentMiddleware"/> then sends him to enrol before anything else. The principal is
/// rebuilt at sign-in and at every security-stamp check, so a policy change reaches a signed-in user within that interval.
/// </summary>
public sealed class CrmClaimsPrincipalFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options, TwoFactorPolicy policy)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    public const string EnrolClaim = "crm:enrol-2fa";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!user.TwoFactorEnabled && await policy.RequiredForAsync(user))
        {
            identity.AddClaim(new Claim(EnrolClaim, "1"));
        }
        return identity;
    }
}

/// <summary>A user who must enrol in two-factor sign-in reaches only the enrolment, sign-out, language and error pages.</summary>
public sealed class TwoFactorEnrolmentMiddleware(RequestDelegate next)
{
    public const string EnrolPath = "/account/two-factor/enrol";
    private static readonly string[] Open = [EnrolPath, "/account/logout", "/culture", "/error", "/health"];

    public Task InvokeAsync(HttpContext context)
    {
        if (context.User.HasClaim(c => c.Type == CrmClaimsPrincipalFactory.EnrolClaim)
            && !Open.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            context.Response.Redirect(EnrolPath);
            return Task.CompletedTask;
        }
        return next(context);
    }
}
