using Ganss.Xss;
using Markdig;

namespace WebCrm.Web.Features.KnowledgeBase;

/// <summary>
/// Article Markdown to HTML that is safe to put in the page: Markdig renders it (raw HTML in the Markdown included),
/// HtmlSanitizer then keeps only harmless tags and attributes — no script, iframe, object, style or event
/// attributes, and only http, https and mailto links.
/// </summary>
public static class MarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables().UseAutoLinks().UseEmphasisExtras().Build();

    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        foreach (var scheme in new[] { "http", "https", "mailto" })
        {
            sanitizer.AllowedSchemes.Add(scheme);
        }
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedTags.Remove("form");
        sanitizer.AllowedTags.Remove("input");
        sanitizer.AllowedTags.Remove("button");
        sanitizer.AllowedTags.Remove("textarea");
        sanitizer.AllowedTags.Remove("select");
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } link && link.HasAttribute("href"))
            {
                link.SetAttribute("rel", "noopener noreferrer nofollow");
            }
        };
        return sanitizer;
    }

    public static string ToHtml(string? markdown) => Sanitizer.Sanitize(Markdown.ToHtml(markdown ?? "", Pipeline));

    /// <summary>The plain text of the Markdown (for snippets where full-text search is not available).</summary>
    public static string ToPlainText(string? markdown) => Markdown.ToPlainText(markdown ?? "", Pipeline);
}
