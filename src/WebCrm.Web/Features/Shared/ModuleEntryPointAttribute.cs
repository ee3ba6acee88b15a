namespace WebCrm.Web.Features.Shared;

/// <summary>
/// Marks the small, named surface one module offers the others (a service and the types of its signatures). A module
/// uses another only through types carrying this mark; the architecture tests enforce it.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Interface, Inherited = false)]
public sealed class ModuleEntryPointAttribute : Attribute;
