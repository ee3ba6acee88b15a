using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Localization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Shared;

/// <summary>
/// Refuses, before model binding, a list URL with more values than any filter the builder makes: past MVC's collection
/// limit the binder throws, which would be a 500. Up to this limit a too-large filter gets the page with its message.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class FilterQueryLimitAttribute : Attribute, IResourceFilter
{
    public const int MaxQueryValues = 2000;

    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        if (context.HttpContext.Request.Query.Sum(p => p.Value.Count) > MaxQueryValues)
        {
            var l = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            context.Result = new ContentResult
            {
                StatusCode = StatusCodes.Status400BadRequest,
                ContentType = "text/plain; charset=utf-8",
                Content = l["The filter is far too large to read: a filter takes at most {0} conditions.", FilterSpec.MaxConditions].Value,
            };
        }
    }

    public void OnResourceExecuted(ResourceExecutedContext context)
    {
    }
}
