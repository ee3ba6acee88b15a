using AngleSharp.Html.Parser;
using WebCrm.Web.Features.KnowledgeBase;

namespace WebCrm.UnitTests;

/// <summary>Article Markdown becomes HTML with nothing that runs: script, iframe, javascript: links and event attributes go.</summary>
public sealed class MarkdownSanitisingTests
{
    private static AngleSharp.Html.Dom.IHtmlDocument Render(string markdown) =>
        new HtmlParser().ParseDocument("<body>" + MarkdownRenderer.ToHtml(markdown) + "</body>");

    [Fact]
    public void Markdown_is_rendered_to_html()
    {
        var doc = Render("# Договор\n\n**Важно**: см. [портал](https://example.test/a?b=1) и\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- один\n- два");
        Assert.Equal("Договор", doc.QuerySelector("h1")!.TextContent);
        Assert.Equal("Важно", doc.QuerySelector("strong")!.TextContent);
        Assert.Equal("https://example.test/a?b=1", doc.QuerySelector("a")!.GetAttribute("href"));
        Assert.NotNull(doc.QuerySelector("table td"));
        Assert.Equal(2, doc.QuerySelectorAll("li").Length);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>Текст")]
    [InlineData("Text <iframe src=\"https://evil.test\"></iframe>")]
    [InlineData("<object data=\"x.swf\"></object><embed src=\"x.swf\">")]
    [InlineData("<svg><script>alert(1)</script></svg>")]
    public void Active_content_is_removed(string markdown)
    {
        var doc = Render(markdown);
        Assert.Empty(doc.QuerySelectorAll("script, iframe, object, embed, svg"));
    }

    [Theory]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("<a href=\"JaVaScRiPt:alert(1)\">x</a>")]
    [InlineData("<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>")]
    [InlineData("![x](javascript:alert(1))")]
    public void Script_links_lose_their_target(string markdown)
    {
        var doc = Render(markdown);
        foreach (var element in doc.QuerySelectorAll("[href], [src]"))
        {
            var target = (element.GetAttribute("href") ?? element.GetAttribute("src") ?? "").Trim().ToLowerInvariant();
            Assert.False(target.StartsWith("javascript:") || target.StartsWith("data:"), target);
        }
    }

    [Theory]
    [InlineData("<img src=\"https://example.test/a.png\" onerror=\"alert(1)\">")]
    [InlineData("<p onclick=\"alert(1)\" onmouseover=\"x()\">text</p>")]
    [InlineData("<a href=\"https://example.test\" onfocus=\"alert(1)\" style=\"position:fixed\">x</a>")]
    public void Event_and_style_attributes_are_removed(string markdown)
    {
        var doc = Render(markdown);
        var attributes = doc.Body!.QuerySelectorAll("*").SelectMany(e => e.Attributes).Select(a => a.Name).ToList();
        Assert.DoesNotContain(attributes, a => a.StartsWith("on", StringComparison.OrdinalIgnoreCase) || a == "style");
        Assert.NotEmpty(doc.Body.QuerySelectorAll("img, p, a"));
    }

    [Fact]
    public void A_kept_link_opens_without_handing_over_the_page()
    {
        var link = Render("[site](https://example.test)").QuerySelector("a")!;
        Assert.Contains("noopener", link.GetAttribute("rel"));
    }
}
