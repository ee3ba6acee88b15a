using Microsoft.AspNetCore.Authorization;
using WebCrm.Domain.Security;

namespace WebCrm.Web.Infrastructure.Authorization;

/// <summary>Policies for opening a module: any one of the listed rights is enough.</summary>
public static class ModulePolicies
{
    public const string Clients = "Module.Clients";
    public const string Calendar = "Module.Calendar";
    public const string Deals = "Module.Deals";
    public const string Packages = "Module.Packages";
    public const string Reports = "Module.Reports";
    public const string KnowledgeBase = "Module.KnowledgeBase";
    public const string Funnel = "Module.Funnel";
    public const string Administration = "Module.Administration";

    public static IReadOnlyDictionary<string, string[]> AnyOf { get; } = new Dictionary<string, string[]>
    {
        [Clients] = [Permissions.Clients.ViewOwn, Permissions.Clients.ViewAll],
        [Deals] = [Permissions.Deals.ViewOwn, Permissions.Deals.ViewAll],
        [Packages] = [Permissions.Packages.Send, Permissions.Packages.ManageMaterials],
        [Reports] = [Permissions.Reports.View],
        [KnowledgeBase] = [Permissions.KnowledgeBase.View],
        [Funnel] = [Permissions.Funnel.View],
        [Administration] = [Permissions.Users.Manage, Permissions.ReferenceLists.Edit],
    };
}

public static class AuthorizationSetup
{
    public static IServiceCollection AddCrmAuthorization(this IServiceCollection services)
    {
        services.AddAuthorization(options =>
            {
                options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
                // One policy per permission, named after it, so [Authorize(Policy = Permissions.X.Y)] just works.
                foreach (var permission in PermissionCatalogue.All)
                {
                    options.AddPolicy(permission.Name, p => p.RequireAuthenticatedUser().RequireClaim(Permissions.ClaimType, permission.Name));
                }
                foreach (var (policy, anyOf) in ModulePolicies.AnyOf)
                {
                    options.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireClaim(Permissions.ClaimType, anyOf));
                }
                // Every signed-in user keeps a calendar of their own.
                options.AddPolicy(ModulePolicies.Calendar, p => p.RequireAuthenticatedUser());
            });
        return services;
    }
}
