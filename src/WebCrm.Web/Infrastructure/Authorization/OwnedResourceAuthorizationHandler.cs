using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using WebCrm.Domain.Security;

namespace WebCrm.Web.Infrastructure.Authorization;

/// <summary>
/// Base for the one handler each owned entity has: the decision is the entity's <see cref="VisibilityRule{T}.Allows"/>,
/// the same rule its lists use.
/// </summary>
public abstract class OwnedResourceAuthorizationHandler<T>(VisibilityRule<T> rule)
    : AuthorizationHandler<OperationAuthorizationRequirement, T>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context,
        OperationAuthorizationRequirement requirement, T resource)
    {
        if (rule.Allows(resource, UserAccess.From(context.User), requirement.Name))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
