using System.Net;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Foundation;

public abstract class HardeningTests(CrmApp app)
{
    [Fact]
    public async Task A_post_without_antiforgery_token_is_refused_and_changes_nothing()
    {
        var (id, _) = await app.CreateUserAsync([Permissions.Clients.ViewOwn]);
        using var admin = await app.SignedInAsync("admin", "demo-crm-2026");
        var forged = await admin.Http.PostAsync($"/admin/users/{id}/template",
            new FormUrlEncodedContent([new("template", RoleTemplates.AdministratorKey)]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var rights = await app.WithServiceAsync<CrmDbContext, int>(db => db.UserClaims.CountAsync(c => c.UserId == id));
        Assert.Equal(1, rights);

        using var anonymous = app.Client();
        var login = await anonymous.Http.PostAsync("/account/login",
            new FormUrlEncodedContent([new("UserName", "manager1"), new("Password", "demo-crm-2026")]));
        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
    }

    [Fact]
    public async Task Empty_and_oversized_sign_in_forms_get_messages_or_400_never_500()
    {
        using var client = app.Client();
        var empty = await client.PostFormAsync("/account/login", new { UserName = "", Password = "" }, "/account/login");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        var page = await CrmClient.ParseAsync(empty);
        Assert.Contains("Enter your user name", page.Body!.TextContent);
        Assert.Contains("Enter your password", page.Body!.TextContent);

        var longName = await client.PostFormAsync("/account/login", new { UserName = new string('x', 5000), Password = "a" }, "/account/login");
        Assert.Equal(HttpStatusCode.OK, longName.StatusCode);
        Assert.Contains("too long", (await CrmClient.ParseAsync(longName)).Body!.TextContent);

        var huge = await client.PostFormAsync("/account/login", new { UserName = new string('x', 2 * 1024 * 1024), Password = "a" }, "/account/login");
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
    }

    [Fact]
    public async Task Garbage_body_is_a_400()
    {
        using var client = app.Client();
        var token = await client.TokenAsync("/account/login");
        var content = new StringContent("--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nbroken", System.Text.Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
        content.Headers.Add("RequestVerificationToken", token);
        var response = await client.Http.PostAsync("/account/login", content);
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"got {(int)response.StatusCode}");
    }

    [Fact]
    public async Task Unknown_pages_and_users_are_404_pages()
    {
        using var admin = await app.SignedInAsync("admin", "demo-crm-2026");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/users/does-not-exist")).StatusCode);
        var missing = await admin.GetAsync("/no/such/page");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("does not exist", await missing.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Forbidden_answers_with_a_page_in_the_users_language()
    {
        using var manager = await app.SignedInAsync("manager1", "demo-crm-2026");
        await manager.PostFormAsync("/culture", new { culture = "ru", returnUrl = "/" }, "/");
        var response = await manager.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Доступ запрещен", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Language_switch_is_remembered_and_uses_product_terms()
    {
        using var director = await app.SignedInAsync("director", "demo-crm-2026");
        var english = await director.PageAsync("/");
        Assert.Equal("en", english.DocumentElement.GetAttribute("lang"));
        Assert.Contains("Clients", english.QuerySelector("#modules")!.TextContent);

        var switched = await director.PostFormAsync("/culture", new { culture = "ru", returnUrl = "/deals" }, "/");
        Assert.Equal("/deals", switched.Headers.Location!.OriginalString);
        var russian = await director.PageAsync("/");
        Assert.Equal("ru", russian.DocumentElement.GetAttribute("lang"));
        var panel = russian.QuerySelector("#modules")!.TextContent;
        foreach (var term in new[] { "Клиенты", "Календарь", "Работы", "Пакеты", "Отчеты", "База знаний", "Воронка" })
        {
            Assert.Contains(term, panel);
        }
        // Dates follow the culture: the Russian greeting shows a Russian month name.
        var months = new System.Globalization.CultureInfo("ru").DateTimeFormat.MonthGenitiveNames.Where(m => m.Length > 0);
        Assert.Contains(months, m => russian.QuerySelector("main")!.TextContent.Contains(m));
    }

    [Fact]
    public async Task Html_in_user_names_is_shown_as_text()
    {
        using var admin = await app.SignedInAsync("admin", "demo-crm-2026");
        var name = "x" + Guid.NewGuid().ToString("N")[..8];
        await admin.PostFormAsync("/admin/users/new",
            new { UserName = name, DisplayName = "<script>alert(1)</script>", Email = "", Password = "Granite owl 55 dusk", Template = "" });
        var html = await (await admin.GetAsync("/admin/users")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert(1)</script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
    }
    [Fact]
    public async Task A_list_in_the_url_or_the_form_longer_than_binding_takes_is_a_400_on_any_page_never_500()
    {
        var (_, name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        using var manager = await app.SignedInAsync(name);
        // The calendar binds the colleagues to show from u[i]=…; 2,100 of them is past MVC's collection limit.
        var users = string.Join("&", Enumerable.Range(0, 2100).Select(i => $"u[{i}]=x{i}"));
        var week = await manager.GetAsync($"/calendar?{users}");
        Assert.Equal(HttpStatusCode.BadRequest, week.StatusCode);
        // The same in a form: an activity with 2,100 participants.
        var fields = new List<KeyValuePair<string, string>> { new("Subject", "Many participants"), new("StartDate", "2026-12-02") };
        fields.AddRange(Enumerable.Range(0, 2100).Select(i => new KeyValuePair<string, string>($"ParticipantIds[{i}]", $"p{i}")));
        var post = await manager.PostFormAsync("/calendar/activities/new", fields, "/calendar/activities/new");
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        // A short list is read as usual: the manager may not look at another user's calendar.
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync("/calendar?u[0]=x0")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync("/calendar")).StatusCode);
    }
}

public sealed class HardeningTestsSqlite(SqliteApp app) : HardeningTests(app);
public sealed class HardeningTestsPostgreSql(PostgreSqlApp app) : HardeningTests(app);

public sealed class SecurityHeaderTests(SqliteApp app)
{
    [Theory]
    [InlineData("/account/login")]
    [InlineData("/health")]
    [InlineData("/css/site.css")]
    public async Task Every_response_forbids_framing_sniffing_and_foreign_scripts(string url)
    {
        using var client = app.Client();
        var response = await client.GetAsync(url);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
    }

}
