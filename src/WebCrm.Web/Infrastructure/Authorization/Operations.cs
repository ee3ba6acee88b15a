using Microsoft.AspNetCore.Authorization.Infrastructure;
using WebCrm.Domain.Security;

namespace WebCrm.Web.Infrastructure.Authorization;

/// <summary>The operations a resource-based handler decides on (named as <see cref="RecordOperations"/>).</summary>
public static class Operations
{
    public static readonly OperationAuthorizationRequirement Read = new() { Name = RecordOperations.Read };
    public static readonly OperationAuthorizationRequirement Update = new() { Name = RecordOperations.Update };
    public static readonly OperationAuthorizationRequirement Delete = new() { Name = RecordOperations.Delete };
    public static readonly OperationAuthorizationRequirement Reassign = new() { Name = RecordOperations.Reassign };
}
