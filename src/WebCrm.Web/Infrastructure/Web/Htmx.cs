namespace WebCrm.Web.Infrastructure.Web;

/// <summary>
/// Requests sent by htmx (a form inside a card): they get the changed part of the page instead of a redirect.
/// Every such action also works without JavaScript — the same URL answers a plain form post with a redirect.
/// </summary>
public static class Htmx
{
    public static bool IsHtmx(this HttpRequest request) =>
        request.Headers.TryGetValue("HX-Request", out var value) && value == "true";
}
