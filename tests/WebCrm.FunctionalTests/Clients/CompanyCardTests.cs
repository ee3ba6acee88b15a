using System.Net;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Clients;

/// <summary>Who sees what, forged requests, validation, concurrency and escaping on the company card.</summary>
public abstract class CompanyCardTests(CrmApp app)
{
    private async Task<(string Id, CrmClient Client)> UserAsync(IEnumerable<string> rights)
    {
        var (id, name) = await app.CreateUserAsync(rights);
        return (id, await app.SignedInAsync(name));
    }

    private static Dictionary<string, string> Form(Company c, Action<Dictionary<string, string>>? change = null)
    {
        var form = new Dictionary<string, string>
        {
            ["Name"] = c.Name, ["City"] = c.City ?? "", ["Inn"] = c.Inn ?? "", ["Notes"] = c.Notes ?? "",
            ["ResponsibleId"] = c.ResponsibleId, ["ConcurrencyStamp"] = c.ConcurrencyStamp.ToString(),
        };
        change?.Invoke(form);
        return form;
    }

    private Task<Company> ReloadAsync(int id) => app.InDbAsync(db => db.Companies.AsNoTracking().SingleAsync(c => c.Id == id));

    [Fact]
    public async Task Managers_see_only_their_own_companies_everywhere_the_director_sees_all()
    {
        var (m1, c1) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (m2, c2) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (_, director) = await UserAsync(RoleTemplates.Director.Permissions);
        var t = CompanyFactory.Token();
        var a = await app.CreateCompanyAsync(m1, $"{t} of m1");
        var b = await app.CreateCompanyAsync(m2, $"{t} of m2");

        string[] Listed(AngleSharp.Html.Dom.IHtmlDocument page) =>
            page.QuerySelectorAll("#companies tbody tr[data-id]").Select(r => r.GetAttribute("data-id")!).Order().ToArray();
        Assert.Equal([a.Id.ToString()], Listed(await c1.PageAsync($"/clients?q={t}")));
        Assert.Equal([b.Id.ToString()], Listed(await c2.PageAsync($"/clients?q={t}")));
        Assert.Equal(new[] { a.Id.ToString(), b.Id.ToString() }.Order(), Listed(await director.PageAsync($"/clients?q={t}")));
        // Filtering on the other manager does not reveal his companies either.
        Assert.Empty(Listed(await c1.PageAsync($"/clients?q={t}&c[0].f=responsible&c[0].o=Equals&c[0].v={m2}")));

        Assert.Equal(HttpStatusCode.OK, (await c1.GetAsync($"/clients/{a.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c1.GetAsync($"/clients/{b.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c1.GetAsync($"/clients/{b.Id}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c1.GetAsync($"/clients/{b.Id}/delete")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await director.GetAsync($"/clients/{b.Id}")).StatusCode);

        var export = await (await c1.GetAsync($"/clients/export?q={t}")).Content.ReadAsStringAsync();
        Assert.Contains($"{t} of m1", export);
        Assert.DoesNotContain($"{t} of m2", export);
        var directorExport = await (await director.GetAsync($"/clients/export?q={t}")).Content.ReadAsStringAsync();
        Assert.Contains($"{t} of m2", directorExport);
    }

    [Fact]
    public async Task Forged_posts_on_another_managers_company_change_nothing()
    {
        var (m1, c1) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (m2, _) = await UserAsync(RoleTemplates.Manager.Permissions);
        var theirs = await app.CreateCompanyAsync(m2, $"{CompanyFactory.Token()} theirs");
        var mine = await app.CreateCompanyAsync(m1, $"{CompanyFactory.Token()} mine");

        var edit = await c1.PostFormAsync($"/clients/{theirs.Id}/edit", Form(theirs, f => { f["Name"] = "hijacked"; f["ResponsibleId"] = m1; }), $"/clients/{mine.Id}/edit");
        Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
        var delete = await c1.PostFormAsync($"/clients/{theirs.Id}/delete", new { stamp = theirs.ConcurrencyStamp }, $"/clients/{mine.Id}");
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        var after = await ReloadAsync(theirs.Id);
        Assert.Equal(theirs.Name, after.Name);
        Assert.Equal(m2, after.ResponsibleId);
    }

    [Fact]
    public async Task Changing_the_responsible_manager_needs_the_reassign_right()
    {
        var (m1, c1) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (m2, _) = await UserAsync(RoleTemplates.Manager.Permissions);
        var mine = await app.CreateCompanyAsync(m1, $"{CompanyFactory.Token()} mine");
        var refused = await c1.PostFormAsync($"/clients/{mine.Id}/edit", Form(mine, f => f["ResponsibleId"] = m2), $"/clients/{mine.Id}/edit");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(m1, (await ReloadAsync(mine.Id)).ResponsibleId);

        var (_, director) = await UserAsync(RoleTemplates.Director.Permissions);
        var done = await director.PostFormAsync($"/clients/{mine.Id}/edit", Form(mine, f => f["ResponsibleId"] = m2), $"/clients/{mine.Id}/edit");
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal(m2, (await ReloadAsync(mine.Id)).ResponsibleId);
        Assert.Equal(HttpStatusCode.NotFound, (await c1.GetAsync($"/clients/{mine.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_manager_creates_a_company_that_is_his_and_the_history_records_it()
    {
        var (m1, c1) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (m2, _) = await UserAsync(RoleTemplates.Manager.Permissions);
        var t = CompanyFactory.Token();
        var created = await c1.PostFormAsync("/clients/new", new { Name = $"{t} ООО Ромашка", Inn = "7707083893", Kpp = "773601001", Ogrn = "1027700132195", City = "Москва", ResponsibleId = m2 }, "/clients/new");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = int.Parse(created.Headers.Location!.OriginalString.Split('/').Last());
        var company = await ReloadAsync(id);
        // Without the reassign right the company goes to its creator whatever the form said.
        Assert.Equal(m1, company.ResponsibleId);
        var card = await c1.PageAsync($"/clients/{id}");
        Assert.Equal($"{t} ООО Ромашка", card.QuerySelector("#company-name")!.TextContent);
        Assert.Contains("7707083893", card.QuerySelector("#main-data")!.TextContent);

        var edit = await c1.PostFormAsync($"/clients/{id}/edit", Form(company, f => f["City"] = "Тула"), $"/clients/{id}/edit");
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        var history = (await c1.PageAsync($"/clients/{id}")).QuerySelector("#history")!.TextContent;
        Assert.Contains("Москва", history);
        Assert.Contains("Тула", history);
    }

    [Theory]
    [InlineData("Inn", "7707083894")]
    [InlineData("Inn", "12345")]
    [InlineData("Inn", "77070838ab")]
    [InlineData("Kpp", "77360100")]
    [InlineData("Ogrn", "1027700132194")]
    [InlineData("Email", "not-an-email")]
    [InlineData("Website", "javascript:alert(1)")]
    public async Task Invalid_numbers_and_addresses_get_a_message_next_to_the_field(string field, string value)
    {
        var (_, c1) = await UserAsync(RoleTemplates.Manager.Permissions);
        var fields = new Dictionary<string, string> { ["Name"] = "Valid name", [field] = value };
        var response = await c1.PostFormAsync("/clients/new", fields, "/clients/new");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await CrmClient.ParseAsync(response);
        var input = page.QuerySelector($"#{field}")!;
        Assert.Contains("is-invalid", input.ClassName);
        Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector($"#{field}-error")!.TextContent));
    }

    [Fact]
    public async Task Missing_name_oversized_text_and_wrong_types_are_refused_with_messages()
    {
        var (_, c1) = await UserAsync(RoleTemplates.Manager.Permissions);
        var t = CompanyFactory.Token();
        var empty = await CrmClient.ParseAsync(await c1.PostFormAsync("/clients/new", new { Name = "" }, "/clients/new"));
        Assert.Contains("Enter the company name", empty.QuerySelector("#Name-error")!.TextContent);
        var huge = await CrmClient.ParseAsync(await c1.PostFormAsync("/clients/new", new { Name = t, Notes = new string('я', 5000) }, "/clients/new"));
        Assert.Contains("4000", huge.Body!.TextContent);
        var wrongType = await c1.PostFormAsync("/clients/new", new { Name = t, RegionId = "abc" }, "/clients/new");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongType.StatusCode);
        var foreignRef = await c1.PostFormAsync("/clients/new", new { Name = t, RegionId = "999999" }, "/clients/new");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, foreignRef.StatusCode);
        Assert.Equal(0, await app.InDbAsync(db => db.Companies.CountAsync(c => c.Name == t)));
    }

    [Fact]
    public async Task The_second_of_two_concurrent_edits_is_refused_and_shown()
    {
        var (m1, c1) = await UserAsync(RoleTemplates.Manager.Permissions);
        var (_, director) = await UserAsync(RoleTemplates.Director.Permissions);
        var company = await app.CreateCompanyAsync(m1, $"{CompanyFactory.Token()} shared", c => c.City = "Омск");
        var region = await app.InDbAsync(db => db.ReferenceItems.FirstAsync(r => r.Kind == WebCrm.Domain.Reference.ReferenceListKind.Region && r.IsActive));
        var first = await director.PostFormAsync($"/clients/{company.Id}/edit",
            Form(company, f => { f["City"] = "Томск"; f["RegionId"] = region.Id.ToString(); }), $"/clients/{company.Id}/edit");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var second = await c1.PostFormAsync($"/clients/{company.Id}/edit", Form(company, f => f["City"] = "Пермь"), $"/clients/{company.Id}/edit");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        var page = await CrmClient.ParseAsync(second);
        var conflict = page.QuerySelector("#conflict")!.TextContent;
        Assert.Contains("Томск", conflict);
        Assert.Contains("Пермь", conflict);
        Assert.Contains(region.NameEn, conflict);
        Assert.Equal("Томск", (await ReloadAsync(company.Id)).City);

        // Saving again from the conflict page (it carries the new stamp) keeps the user's value deliberately.
        var stamp = page.QuerySelector("input[name=ConcurrencyStamp]")!.GetAttribute("value")!;
        var again = await c1.PostFormAsync($"/clients/{company.Id}/edit", Form(company, f => { f["City"] = "Пермь"; f["ConcurrencyStamp"] = stamp; }), $"/clients/{company.Id}/edit");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal("Пермь", (await ReloadAsync(company.Id)).City);
    }

    [Fact]
    public async Task Html_in_every_text_field_is_shown_as_text()
    {
        var (_, c1) = await UserAsync(RoleTemplates.Manager.Permissions);
        const string Evil = "<script>alert('x')</script><img src=x onerror=alert(1)>";
        var response = await c1.PostFormAsync("/clients/new", new
        {
            Name = Evil, LegalName = Evil, City = Evil, Phone = Evil, LegalAddress = Evil, PostalAddress = Evil, Notes = Evil,
        }, "/clients/new");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = response.Headers.Location!.OriginalString.Split('/').Last();
        foreach (var url in new[] { $"/clients/{id}", $"/clients/{id}/edit", "/clients?q=" + Uri.EscapeDataString("<script>") })
        {
            var html = await (await c1.GetAsync(url)).Content.ReadAsStringAsync();
            Assert.DoesNotContain("<script>alert", html);
            Assert.DoesNotContain("<img src=x", html);
            Assert.Contains("&lt;script&gt;", html);
        }
    }

    [Fact]
    public async Task Deleting_asks_for_confirmation_and_refuses_a_stale_page()
    {
        var (m1, c1) = await UserAsync([.. RoleTemplates.Manager.Permissions, Permissions.Clients.Delete]);
        var company = await app.CreateCompanyAsync(m1, $"{CompanyFactory.Token()} to delete");
        var confirm = await c1.PageAsync($"/clients/{company.Id}/delete");
        Assert.NotNull(confirm.QuerySelector("input[name=stamp]"));
        await app.InDbAsync(async db =>
        {
            var c = await db.Companies.SingleAsync(x => x.Id == company.Id);
            c.City = "changed meanwhile";
            return await db.SaveChangesAsync();
        });
        var stale = await c1.PostFormAsync($"/clients/{company.Id}/delete", new { stamp = company.ConcurrencyStamp }, $"/clients/{company.Id}");
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.True(await app.InDbAsync(db => db.Companies.AnyAsync(c => c.Id == company.Id)));
        var current = await ReloadAsync(company.Id);
        var ok = await c1.PostFormAsync($"/clients/{company.Id}/delete", new { stamp = current.ConcurrencyStamp }, $"/clients/{company.Id}");
        Assert.Equal("/clients", ok.Headers.Location!.OriginalString);
        Assert.False(await app.InDbAsync(db => db.Companies.AnyAsync(c => c.Id == company.Id)));
    }

    [Fact]
    public async Task Without_the_delete_right_the_delete_page_is_403()
    {
        var (m1, c1) = await UserAsync(RoleTemplates.Manager.Permissions);
        var company = await app.CreateCompanyAsync(m1, $"{CompanyFactory.Token()} keep");
        Assert.Equal(HttpStatusCode.Forbidden, (await c1.GetAsync($"/clients/{company.Id}/delete")).StatusCode);
        var post = await c1.PostFormAsync($"/clients/{company.Id}/delete", new { stamp = company.ConcurrencyStamp }, $"/clients/{company.Id}");
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.True(await app.InDbAsync(db => db.Companies.AnyAsync(c => c.Id == company.Id)));
    }
}

public sealed class CompanyCardTestsSqlite(SqliteApp app) : CompanyCardTests(app);
public sealed class CompanyCardTestsPostgreSql(PostgreSqlApp app) : CompanyCardTests(app);

/// <summary>
/// A required custom field applies to every company form in the app, so this class has an app and database of its
/// own (never beside tests that create companies through the form).
/// </summary>
public abstract class CustomFieldFormTests(CrmApp app)
{
    private async Task<(string Id, CrmClient Client)> UserAsync(IEnumerable<string> rights)
    {
        var (id, name) = await app.CreateUserAsync(rights);
        return (id, await app.SignedInAsync(name));
    }

    [Fact]
    public async Task Required_custom_fields_are_validated_on_the_form()
    {
        var (_, c1) = await UserAsync(RoleTemplates.Manager.Permissions);
        var t = CompanyFactory.Token();
        var defId = await app.InDbAsync(async db =>
        {
            var d = new CustomFieldDefinition { Target = CustomFieldTarget.Company, NameEn = $"{t} employees", NameRu = $"{t} сотрудники", Type = CustomFieldType.Number, IsRequired = true, SortOrder = 5000 };
            db.CustomFieldDefinitions.Add(d);
            await db.SaveChangesAsync();
            return d.Id;
        });
        try
        {
            var missing = await CrmClient.ParseAsync(await c1.PostFormAsync("/clients/new", new Dictionary<string, string> { ["Name"] = t }, "/clients/new"));
            Assert.Contains("required", missing.Body!.TextContent);
            var wrong = await CrmClient.ParseAsync(await c1.PostFormAsync("/clients/new", new Dictionary<string, string> { ["Name"] = t, [$"Custom[{defId}]"] = "many" }, "/clients/new"));
            Assert.Contains("Enter a number", wrong.Body!.TextContent);
            var ok = await c1.PostFormAsync("/clients/new", new Dictionary<string, string> { ["Name"] = t, [$"Custom[{defId}]"] = "1 250,5" }, "/clients/new");
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
            var card = await c1.PageAsync(ok.Headers.Location!.OriginalString);
            Assert.Contains($"{t} employees", card.QuerySelector("#main-data")!.TextContent);
            Assert.Equal(1250.5m, await app.InDbAsync(db => db.CustomFieldValues.Where(v => v.DefinitionId == defId).Select(v => v.NumberValue!.Value).SingleAsync()));
        }
        finally
        {
            // Other tests create companies without this field; a required definition must not outlive this test.
            await app.InDbAsync(async db =>
            {
                var d = await db.CustomFieldDefinitions.SingleAsync(x => x.Id == defId);
                d.IsActive = false;
                return await db.SaveChangesAsync();
            });
        }
    }
}

public sealed class CustomFieldFormTestsSqlite(IsolatedSqliteApp app) : CustomFieldFormTests(app), IClassFixture<IsolatedSqliteApp>;
public sealed class CustomFieldFormTestsPostgreSql(IsolatedPostgreSqlApp app) : CustomFieldFormTests(app), IClassFixture<IsolatedPostgreSqlApp>;
