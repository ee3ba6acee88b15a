using System.Net;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Security;

/// <summary>Every answer forbids framing, sniffing, foreign scripts and device features; a signed-in page is never cached.</summary>
public sealed class SecurityHeadersTests(SqliteApp app)
{
    [Fact]
    public async Task Pages_carry_the_security_headers_and_signed_in_pages_are_not_stored()
    {
        using var anonymous = app.Client();
        var login = await anonymous.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal("DENY", login.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("same-origin", login.Headers.GetValues("Cross-Origin-Opener-Policy").Single());
        Assert.Contains("camera=()", login.Headers.GetValues("Permissions-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", login.Headers.GetValues("Content-Security-Policy").Single());

        using var user = await app.SignedInAsync((await app.CreateUserAsync([])).UserName);
        var page = await user.GetAsync("/account/security");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.True(page.Headers.CacheControl?.NoStore, "a signed-in page must be Cache-Control: no-store");
        // A static file is cacheable as before.
        var css = await user.GetAsync("/css/site.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.NotEqual(true, css.Headers.CacheControl?.NoStore);
    }
}
