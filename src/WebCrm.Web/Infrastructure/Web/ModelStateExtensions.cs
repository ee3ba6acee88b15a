using FluentValidation.Results;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace WebCrm.Web.Infrastructure.Web;

public static class ModelStateExtensions
{
    /// <summary>Puts validator errors next to their fields (and keeps type-conversion errors already there).</summary>
    public static bool AddErrors(this ModelStateDictionary modelState, ValidationResult result, string prefix = "")
    {
        foreach (var error in result.Errors)
        {
            var key = string.IsNullOrEmpty(prefix) ? error.PropertyName : $"{prefix}.{error.PropertyName}";
            modelState.AddModelError(key, error.ErrorMessage);
        }
        return modelState.IsValid;
    }

    public static void AddErrors(this ModelStateDictionary modelState, IdentityResult result, string key = "")
    {
        foreach (var error in result.Errors)
        {
            modelState.AddModelError(key, error.Description);
        }
    }

    /// <summary>A service's field errors, each next to its field ("" for the whole form).</summary>
    public static void AddErrors(this ModelStateDictionary modelState, Features.Shared.Result result)
    {
        foreach (var (key, message) in result.Errors ?? new Dictionary<string, string>())
        {
            modelState.AddModelError(key, message);
        }
    }
}
