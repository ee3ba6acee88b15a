using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace WebCrm.Web.Infrastructure.Authorization;

/// <summary>The operations a resource-based handler decides on.</summary>
public static class Operations
{
    public static readonly OperationAuthorizationRequirement Read = new() { Name = nameof(Read) };
    public static readonly OperationAuthorizationRequirement Update = new() { Name = nameof(Update) };
    public static readonly OperationAuthorizationRequirement Delete = new() { Name = nameof(Delete) };
    public static readonly OperationAuthorizationRequirement Reassign = new() { Name = nameof(Reassign) };
}
