using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using WebCrm.Web.Infrastructure.Localization;
using WebCrm.Web.Features.Shared;

namespace WebCrm.Web.Infrastructure.Web;

/// <summary>
/// Binds every <c>decimal</c> and <c>decimal?</c> (query strings and forms) through <see cref="Numbers.TryParseDecimal"/>,
/// so "100 000" and "100000,50" in a filter mean what they say in either language. A value that cannot be read is a
/// model error on its field (shown next to it), never a silently different number or a silently dropped filter.
/// </summary>
public sealed class DecimalModelBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext context)
    {
        var result = context.ValueProvider.GetValue(context.ModelName);
        if (result == ValueProviderResult.None)
        {
            return Task.CompletedTask;
        }
        context.ModelState.SetModelValue(context.ModelName, result);
        var text = result.FirstValue;
        if (string.IsNullOrWhiteSpace(text))
        {
            if (context.ModelMetadata.IsReferenceOrNullableType)
            {
                context.Result = ModelBindingResult.Success(null);
            }
            return Task.CompletedTask;
        }
        if (Numbers.TryParseDecimal(text, out var value))
        {
            context.Result = ModelBindingResult.Success(value);
            return Task.CompletedTask;
        }
        var l = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        context.ModelState.TryAddModelError(context.ModelName, l[Numbers.NotANumber, text]);
        return Task.CompletedTask;
    }
}

public sealed class DecimalModelBinderProvider : IModelBinderProvider
{
    private static readonly DecimalModelBinder Binder = new();

    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.UnderlyingOrModelType == typeof(decimal) ? Binder : null;
}
