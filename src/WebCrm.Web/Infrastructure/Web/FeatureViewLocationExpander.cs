using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Razor;

namespace WebCrm.Web.Infrastructure.Web;

/// <summary>
/// Finds views beside their controller: a controller in namespace WebCrm.Web.Features.Clients renders
/// /Features/Clients/Views/{view}.cshtml; shared views live in /Features/Shared/Views.
/// </summary>
public sealed class FeatureViewLocationExpander : IViewLocationExpander
{
    private const string Key = "feature";
    private const string Prefix = "WebCrm.Web.Features.";

    public void PopulateValues(ViewLocationExpanderContext context)
    {
        if (context.ActionContext.ActionDescriptor is ControllerActionDescriptor action
            && action.ControllerTypeInfo.Namespace is { } ns && ns.StartsWith(Prefix, StringComparison.Ordinal))
        {
            context.Values[Key] = ns[Prefix.Length..].Replace('.', '/');
        }
    }

    public IEnumerable<string> ExpandViewLocations(ViewLocationExpanderContext context, IEnumerable<string> viewLocations)
    {
        if (context.Values.TryGetValue(Key, out var feature) && feature is not null)
        {
            yield return $"/Features/{feature}/Views/{{0}}.cshtml";
        }
        yield return "/Features/Shared/Views/{0}.cshtml";
    }
}
