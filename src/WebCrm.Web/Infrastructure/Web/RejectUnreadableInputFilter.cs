using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace WebCrm.Web.Infrastructure.Web;

/// <summary>
/// When the request body cannot be read at all (broken multipart, wrong encoding), MVC leaves the input model
/// null. That is the client's fault: answer 400 before any action has to guard against it.
/// </summary>
public sealed class RejectUnreadableInputFilter : IActionFilter
{
    public void OnActionExecuting(ActionExecutingContext context)
    {
        foreach (var parameter in context.ActionDescriptor.Parameters)
        {
            var source = parameter.BindingInfo?.BindingSource;
            if (source == BindingSource.Services || source == BindingSource.Special || source == BindingSource.FormFile)
            {
                continue;
            }
            var type = parameter.ParameterType;
            var isInputModel = type.IsClass && type != typeof(string) && !typeof(CancellationToken).IsAssignableFrom(type);
            if (isInputModel && (!context.ActionArguments.TryGetValue(parameter.Name, out var value) || value is null))
            {
                context.Result = new BadRequestResult();
                return;
            }
        }
    }

    public void OnActionExecuted(ActionExecutedContext context)
    {
    }
}
