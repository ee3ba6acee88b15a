using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace WebCrm.Web.Infrastructure.Localization;

/// <summary>Messages for values that cannot even be converted to the field's type ("abc" for a number).</summary>
public static class ModelBindingMessages
{
    public static void Localize(MvcOptions options, IStringLocalizer<SharedResource> l)
    {
        var p = options.ModelBindingMessageProvider;
        p.SetAttemptedValueIsInvalidAccessor((value, field) => l["The value '{0}' is not valid for {1}.", value, l[field]]);
        p.SetMissingBindRequiredValueAccessor(field => l["A value for {0} is required.", l[field]]);
        p.SetMissingKeyOrValueAccessor(() => l["A value is required."]);
        p.SetMissingRequestBodyRequiredValueAccessor(() => l["A non-empty request body is required."]);
        p.SetNonPropertyAttemptedValueIsInvalidAccessor(value => l["The value '{0}' is not valid.", value]);
        p.SetNonPropertyUnknownValueIsInvalidAccessor(() => l["The value is not valid."]);
        p.SetNonPropertyValueMustBeANumberAccessor(() => l["The value must be a number."]);
        p.SetUnknownValueIsInvalidAccessor(field => l["The value is not valid for {0}.", l[field]]);
        p.SetValueIsInvalidAccessor(value => l["The value '{0}' is not valid.", value]);
        p.SetValueMustBeANumberAccessor(field => l["The field {0} must be a number.", l[field]]);
        p.SetValueMustNotBeNullAccessor(value => l["A value is required."]);
    }
}
