using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using WebCrm.Domain.Security;

namespace WebCrm.Web.Infrastructure.Authorization;

/// <summary>
/// Base for the one handler each owned entity has. Reading follows the entity's <see cref="VisibilityRule{T}"/>
/// (the same rule its lists use); changing needs the matching right on top of being able to read it.
/// </summary>
public abstract class OwnedResourceAuthorizationHandler<T>(VisibilityRule<T> rule)
    : AuthorizationHandler<OperationAuthorizationRequirement, T>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context,
        OperationAuthorizationRequirement requirement, T resource)
    {
        var user = UserAccess.From(context.User);
        if (string.IsNullOrEmpty(user.UserId) || !rule.CanSee(resource, user))
        {
            return Task.CompletedTask;
        }
        var permissions = rule.Permissions;
        var allowed = requirement.Name switch
        {
            nameof(Operations.Read) => true,
            nameof(Operations.Update) => user.Has(permissions.Edit),
            nameof(Operations.Delete) => user.Has(permissions.Delete),
            nameof(Operations.Reassign) => user.Has(permissions.Reassign),
            _ => false,
        };
        if (allowed)
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
