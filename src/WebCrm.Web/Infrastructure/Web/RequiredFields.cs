using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using FluentValidation;
using FluentValidation.Validators;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.TagHelpers;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Localization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Infrastructure.Web;

/// <summary>
/// Which fields of an input model must be filled in, read from its FluentValidation validator: a member with a
/// NotEmpty or NotNull rule that holds without a condition. The one source of the "required" mark on every form.
/// </summary>
public static class RequiredFields
{
    private static readonly ConcurrentDictionary<Type, IReadOnlySet<string>> Cache = new();

    /// <summary>Member paths ("Name", "FirstContact.FullName") that the validator of <paramref name="model"/> requires.</summary>
    public static IReadOnlySet<string> Of(Type model, IServiceProvider services) => Cache.GetOrAdd(model, m =>
    {
        var validator = (IValidator?)services.GetService(typeof(IValidator<>).MakeGenericType(m));
        return validator is null ? new HashSet<string>() : Of(validator);
    });

    public static IReadOnlySet<string> Of(IValidator validator) =>
        validator.CreateDescriptor().GetMembersWithValidators()
            .Where(g => g.Any(v => v.Validator is INotNullValidator or INotEmptyValidator or IRequiredMark && !v.Options.HasCondition && !v.Options.HasAsyncCondition))
            .Select(g => g.Key)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The element id a form gives the input named <paramref name="name"/> ("Payment.Amount" → "Payment_Amount").</summary>
    public static string IdOf(string name) => name.Replace('.', '_').Replace('[', '_').Replace(']', '_');

    internal const string ScopeKey = "crm-required-ids";

    internal static Stack<HashSet<string>> Scopes(HttpContext http) =>
        http.Items.TryGetValue(ScopeKey, out var s) && s is Stack<HashSet<string>> stack ? stack : (Stack<HashSet<string>>)(http.Items[ScopeKey] = new Stack<HashSet<string>>());

    internal static bool IsRequired(HttpContext http, string? id) =>
        id is not null && Scopes(http) is { Count: > 0 } stack && stack.Peek().Contains(id);
}

/// <summary>Says that a rule which reads the value (a number that must parse and be positive) also demands one.</summary>
public interface IRequiredMark;

/// <summary>Never fails by itself: marks a field required where its other rules already refuse an empty value.</summary>
public sealed class RequiredMark<T, TProperty> : PropertyValidator<T, TProperty>, IRequiredMark
{
    public override string Name => "RequiredMark";

    public override bool IsValid(ValidationContext<T> context, TProperty value) => true;
}

public static class RequiredMarkExtensions
{
    /// <summary><c>RuleFor(x => x.Amount).Required().Must(...)</c>: the form marks the field as required.</summary>
    public static IRuleBuilderOptions<T, TProperty> Required<T, TProperty>(this IRuleBuilder<T, TProperty> rule) =>
        rule.SetValidator(new RequiredMark<T, TProperty>());
}

/// <summary>
/// <c>&lt;form crm-for="typeof(DealInput)" crm-prefix="Deal"&gt;</c>: the labels and inputs inside the form (also those
/// rendered by partials) learn which fields the model's validator requires; see <see cref="RequiredLabelTagHelper"/>.
/// <c>crm-hint="true"</c> adds the sentence that explains the mark at the top of the form.
/// </summary>
[HtmlTargetElement("form", Attributes = "crm-for")]
public sealed class RequiredFormTagHelper(IStringLocalizer<SharedResource> l) : TagHelper
{
    [HtmlAttributeName("crm-for")] public Type? For { get; set; }
    [HtmlAttributeName("crm-prefix")] public string? Prefix { get; set; }
    [HtmlAttributeName("crm-hint")] public bool Hint { get; set; }
    [ViewContext, HtmlAttributeNotBound] public ViewContext ViewContext { get; set; } = null!;

    // Before every other tag helper of the form, so the form's content is rendered inside this form's scope.
    public override int Order => -10_000;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var http = ViewContext.HttpContext;
        var ids = For is null ? [] : RequiredFields.Of(For, http.RequestServices)
            .Select(m => RequiredFields.IdOf(string.IsNullOrEmpty(Prefix) ? m : Prefix + "." + m))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var scopes = RequiredFields.Scopes(http);
        scopes.Push(ids);
        try
        {
            var content = await output.GetChildContentAsync();
            output.Content.SetHtmlContent(content);
        }
        finally
        {
            scopes.Pop();
        }
        if (Hint && ids.Count > 0)
        {
            output.PreContent.AppendHtml($"<p class=\"required-hint small text-muted mb-2\"><span class=\"required-mark\" aria-hidden=\"true\">*</span> {HtmlEncoder.Default.Encode(l["required field"])}</p>");
        }
    }
}

/// <summary>
/// A label of a required field gets the visible mark (*, hidden from screen readers) and an accessible hint
/// ("required", visually hidden), the same on every form. Required is what the enclosing form's validator says
/// (<see cref="RequiredFormTagHelper"/>), or <c>crm-required="true"</c> where the rule lives in data (a custom
/// field an administrator made required).
/// </summary>
[HtmlTargetElement("label", Attributes = "for")]
public sealed class RequiredLabelTagHelper(IStringLocalizer<SharedResource> l) : TagHelper
{
    [HtmlAttributeName("for")] public string? For { get; set; }
    [HtmlAttributeName("crm-required")] public bool? Required { get; set; }
    [ViewContext, HtmlAttributeNotBound] public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        output.Attributes.SetAttribute("for", For);
        if (Required ?? RequiredFields.IsRequired(ViewContext.HttpContext, For))
        {
            output.AddClass("required", HtmlEncoder.Default);
            output.PostContent.AppendHtml($"<span class=\"required-mark\" aria-hidden=\"true\">*</span><span class=\"visually-hidden\"> ({HtmlEncoder.Default.Encode(l["required field"])})</span>");
        }
    }
}

/// <summary>An input, choice or text box of a required field says so to assistive technology (aria-required).</summary>
[HtmlTargetElement("input", Attributes = "id")]
[HtmlTargetElement("select", Attributes = "id")]
[HtmlTargetElement("textarea", Attributes = "id")]
[HtmlTargetElement("input", Attributes = "asp-for")]
[HtmlTargetElement("select", Attributes = "asp-for")]
[HtmlTargetElement("textarea", Attributes = "asp-for")]
public sealed class RequiredInputTagHelper : TagHelper
{
    // After MVC's own input tag helpers, which give an asp-for input its id.
    public override int Order => 1000;

    [ViewContext, HtmlAttributeNotBound] public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var id = output.Attributes.TryGetAttribute("id", out var a) ? a.Value?.ToString() : null;
        var type = output.Attributes.TryGetAttribute("type", out var t) ? t.Value?.ToString() : null;
        if (type is not ("hidden" or "submit" or "button") && RequiredFields.IsRequired(ViewContext.HttpContext, id))
        {
            output.Attributes.SetAttribute("aria-required", "true");
        }
    }
}
