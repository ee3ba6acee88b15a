using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace WebCrm.Web.Features.Shared;

/// <summary>Reads the errors the server put next to a field, for the views of every module.</summary>

public static class FormErrors
{
    /// <summary>The messages for one field ("" for the whole form) joined, or null when it has none.</summary>
    public static string? ErrorOf(this ViewDataDictionary viewData, string key) =>
        viewData.ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0
            ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage))
            : null;
}
