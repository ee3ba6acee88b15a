using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Clients;

/// <summary>List, quick search, every filter operator, saved filters and export — each scoped by a unique token.</summary>
public abstract class CompanyListTests(CrmApp app)
{
    private static string[] Names(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("#companies tbody tr[data-id] td:first-child").Select(td => td.TextContent.Trim()).Order().ToArray();

    private async Task<(string Id, CrmClient Client)> ManagerAsync()
    {
        var (id, name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        return (id, await app.SignedInAsync(name));
    }

    private static string Url(string token, params (string F, string O, string[] V)[] conditions)
    {
        var sb = new StringBuilder($"/clients?q={Uri.EscapeDataString(token)}");
        for (var i = 0; i < conditions.Length; i++)
        {
            sb.Append($"&c[{i}].f={conditions[i].F}&c[{i}].o={conditions[i].O}");
            foreach (var v in conditions[i].V)
            {
                sb.Append($"&c[{i}].v={Uri.EscapeDataString(v)}");
            }
        }
        return sb.ToString();
    }

    [Fact]
    public async Task Text_operators_on_built_in_fields()
    {
        var (me, client) = await ManagerAsync();
        var t = CompanyFactory.Token();
        await app.CreateCompanyAsync(me, $"{t} Альфа", c => { c.City = "Москва"; c.Email = "info@alpha.ru"; });
        await app.CreateCompanyAsync(me, $"{t} Бета", c => { c.City = "Казань"; });
        await app.CreateCompanyAsync(me, $"{t} Гамма", c => { c.City = "Москва-Сити"; c.Email = "gamma@x.ru"; });

        Assert.Equal([$"{t} Альфа", $"{t} Гамма"], Names(await client.PageAsync(Url(t, ("city", "Contains", ["москва"])))));
        Assert.Equal([$"{t} Альфа"], Names(await client.PageAsync(Url(t, ("city", "Equals", ["МОСКВА"])))));
        Assert.Equal([$"{t} Бета"], Names(await client.PageAsync(Url(t, ("city", "StartsWith", ["Каз"])))));
        Assert.Equal([$"{t} Бета"], Names(await client.PageAsync(Url(t, ("email", "IsEmpty", [])))));
        Assert.Equal([$"{t} Альфа", $"{t} Гамма"], Names(await client.PageAsync(Url(t, ("email", "IsNotEmpty", [])))));
        Assert.Equal([$"{t} Альфа", $"{t} Бета"], Names(await client.PageAsync(Url(t, ("city", "In", ["Москва, Казань"])))));
        // Conditions combine with AND.
        Assert.Equal([$"{t} Гамма"], Names(await client.PageAsync(Url(t, ("city", "Contains", ["Москва"]), ("name", "Contains", ["гамм"])))));
    }

    [Fact]
    public async Task Reference_user_group_and_date_fields()
    {
        var (me, client) = await ManagerAsync();
        var t = CompanyFactory.Token();
        var (regionA, regionB) = await app.InDbAsync(async db =>
        {
            var regions = await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.Region && r.IsActive).OrderBy(r => r.SortOrder).Take(2).ToListAsync();
            return (regions[0].Id, regions[1].Id);
        });
        var a = await app.CreateCompanyAsync(me, $"{t} A", c => c.RegionId = regionA);
        await app.CreateCompanyAsync(me, $"{t} B", c => c.RegionId = regionB);
        await app.CreateCompanyAsync(me, $"{t} C");
        var groupId = await app.InDbAsync(async db =>
        {
            var g = new CompanyGroup { Name = t + " group" };
            db.CompanyGroups.Add(g);
            await db.SaveChangesAsync();
            db.CompanyGroupMembers.Add(new CompanyGroupMember { GroupId = g.Id, CompanyId = a.Id });
            await db.SaveChangesAsync();
            return g.Id;
        });

        Assert.Equal([$"{t} A"], Names(await client.PageAsync(Url(t, ("region", "Equals", [regionA.ToString()])))));
        Assert.Equal([$"{t} A", $"{t} B"], Names(await client.PageAsync(Url(t, ("region", "In", [regionA.ToString(), regionB.ToString()])))));
        Assert.Equal([$"{t} C"], Names(await client.PageAsync(Url(t, ("region", "IsEmpty", [])))));
        Assert.Equal([$"{t} A", $"{t} B"], Names(await client.PageAsync(Url(t, ("region", "IsNotEmpty", [])))));
        Assert.Equal([$"{t} A", $"{t} B", $"{t} C"], Names(await client.PageAsync(Url(t, ("responsible", "Equals", [me])))));
        Assert.Equal([$"{t} A"], Names(await client.PageAsync(Url(t, ("group", "In", [groupId.ToString()])))));
        Assert.Equal([$"{t} B", $"{t} C"], Names(await client.PageAsync(Url(t, ("group", "IsEmpty", [])))));

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd");
        var yesterday = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd");
        Assert.Equal(3, Names(await client.PageAsync(Url(t, ("created", "Equals", [today])))).Length);
        Assert.Equal(3, Names(await client.PageAsync(Url(t, ("created", "Between", [yesterday, tomorrow])))).Length);
        Assert.Empty(Names(await client.PageAsync(Url(t, ("created", "Greater", [today])))));
        Assert.Empty(Names(await client.PageAsync(Url(t, ("created", "Less", [today])))));
    }

    [Fact]
    public async Task Custom_field_operators()
    {
        var (me, client) = await ManagerAsync();
        var t = CompanyFactory.Token();
        var (text, number, date, yesNo, list) = await app.InDbAsync(async db =>
        {
            CustomFieldDefinition D(CustomFieldType type, string? options = null) => new()
            {
                Target = CustomFieldTarget.Company, NameEn = $"{t} {type}", NameRu = $"{t} {type} ru", Type = type, Options = options, SortOrder = 1000,
            };
            var defs = new[] { D(CustomFieldType.Text), D(CustomFieldType.Number), D(CustomFieldType.Date), D(CustomFieldType.YesNo), D(CustomFieldType.List, "Gold\nSilver\nBronze") };
            db.CustomFieldDefinitions.AddRange(defs);
            await db.SaveChangesAsync();
            return (defs[0].Id, defs[1].Id, defs[2].Id, defs[3].Id, defs[4].Id);
        });
        async Task Company(string suffix, string? s, decimal? n, DateOnly? d, bool? b, string? option)
        {
            var c = await app.CreateCompanyAsync(me, $"{t} {suffix}");
            await app.InDbAsync(async db =>
            {
                void V(int def, Action<CustomFieldValue> set)
                {
                    var v = new CustomFieldValue { DefinitionId = def, Target = CustomFieldTarget.Company, EntityId = c.Id };
                    set(v);
                    db.CustomFieldValues.Add(v);
                }
                if (s is not null) V(text, v => v.TextValue = s);
                if (n is not null) V(number, v => v.NumberValue = n);
                if (d is not null) V(date, v => v.DateValue = d);
                if (b is not null) V(yesNo, v => v.BoolValue = b);
                if (option is not null) V(list, v => v.TextValue = option);
                return await db.SaveChangesAsync();
            });
        }
        await Company("one", "Северный филиал", 10m, new DateOnly(2026, 1, 15), true, "Gold");
        await Company("two", "Южный офис", 250.5m, new DateOnly(2026, 6, 1), false, "Silver");
        await Company("three", null, null, null, null, null);

        string F(int id) => "cf" + id;
        Assert.Equal([$"{t} one"], Names(await client.PageAsync(Url(t, (F(text), "Contains", ["северн"])))));
        Assert.Equal([$"{t} three"], Names(await client.PageAsync(Url(t, (F(text), "IsEmpty", [])))));
        Assert.Equal([$"{t} two"], Names(await client.PageAsync(Url(t, (F(number), "Greater", ["100"])))));
        Assert.Equal([$"{t} one"], Names(await client.PageAsync(Url(t, (F(number), "Less", ["100,5"])))));
        Assert.Equal([$"{t} one", $"{t} two"], Names(await client.PageAsync(Url(t, (F(number), "Between", ["10", "250.5"])))));
        Assert.Equal([$"{t} two"], Names(await client.PageAsync(Url(t, (F(number), "Equals", ["250.5"])))));
        Assert.Equal([$"{t} two"], Names(await client.PageAsync(Url(t, (F(date), "Greater", ["2026-03-01"])))));
        Assert.Equal([$"{t} one"], Names(await client.PageAsync(Url(t, (F(date), "Between", ["2026-01-01", "2026-01-31"])))));
        Assert.Equal([$"{t} three"], Names(await client.PageAsync(Url(t, (F(date), "IsEmpty", [])))));
        Assert.Equal([$"{t} one"], Names(await client.PageAsync(Url(t, (F(yesNo), "Equals", ["true"])))));
        Assert.Equal([$"{t} one", $"{t} two"], Names(await client.PageAsync(Url(t, (F(yesNo), "IsNotEmpty", [])))));
        Assert.Equal([$"{t} one", $"{t} two"], Names(await client.PageAsync(Url(t, (F(list), "In", ["Gold", "Silver"])))));
        Assert.Equal([$"{t} two"], Names(await client.PageAsync(Url(t, (F(list), "Equals", ["Silver"])))));
    }

    [Fact]
    public async Task Invalid_conditions_are_reported_and_ignored_never_500()
    {
        var (me, client) = await ManagerAsync();
        var t = CompanyFactory.Token();
        await app.CreateCompanyAsync(me, $"{t} only");
        foreach (var url in new[]
                 {
                     Url(t, ("nosuchfield", "Equals", ["x"])), Url(t, ("city", "Between", ["x"])), Url(t, ("created", "Equals", ["not-a-date"])),
                     Url(t, ("region", "In", ["abc"])), Url(t, ("cf999999", "Equals", ["1"])), Url(t, ("name", "Contains", [])),
                     $"/clients?q={t}&sort=Name;DROP TABLE Companies&page=-5", $"/clients?q={t}&page=abc",
                 })
        {
            var page = await client.PageAsync(url);
            Assert.Equal([$"{t} only"], Names(page));
        }
        var warned = await client.PageAsync(Url(t, ("city", "Between", ["x"])));
        Assert.NotNull(warned.QuerySelector(".alert-warning"));
    }

    [Fact]
    public async Task Sorting_and_paging_run_on_the_server()
    {
        var (me, client) = await ManagerAsync();
        var t = CompanyFactory.Token();
        for (var i = 0; i < 55; i++)
        {
            await app.CreateCompanyAsync(me, $"{t} {i:D2}", c => c.City = $"City {99 - i:D2}");
        }
        var first = await client.PageAsync($"/clients?q={t}&sort=name");
        Assert.Equal(50, first.QuerySelectorAll("#companies tbody tr[data-id]").Length);
        Assert.Equal($"{t} 00", first.QuerySelector("#companies tbody tr td")!.TextContent.Trim());
        var second = await client.PageAsync($"/clients?q={t}&sort=name&page=2");
        Assert.Equal(5, second.QuerySelectorAll("#companies tbody tr[data-id]").Length);
        var byCityDesc = await client.PageAsync($"/clients?q={t}&sort=city&desc=true");
        Assert.Equal($"{t} 00", byCityDesc.QuerySelector("#companies tbody tr td")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_descending_sort_is_the_ascending_one_reversed_ties_included()
    {
        var (me, client) = await ManagerAsync();
        var t = CompanyFactory.Token();
        // Names created in an order that is not their id order; three share a city (a tie the id breaks).
        foreach (var (name, city) in new[] { ("c", "Same"), ("a", "Same"), ("d", "Other"), ("b", "Same") })
        {
            await app.CreateCompanyAsync(me, $"{t} {name}", c => c.City = city);
        }
        string[] InOrder(AngleSharp.Html.Dom.IHtmlDocument page) =>
            page.QuerySelectorAll("#companies tbody tr[data-id] td:first-child").Select(td => td.TextContent.Trim()).ToArray();
        var byCity = InOrder(await client.PageAsync($"/clients?q={t}&sort=city"));
        // Within the tie, ascending is by creation (id): c, a, b; descending is exactly the reverse.
        Assert.Equal([$"{t} d", $"{t} c", $"{t} a", $"{t} b"], byCity);
        Assert.Equal([$"{t} b", $"{t} a", $"{t} c", $"{t} d"], InOrder(await client.PageAsync($"/clients?q={t}&sort=city&desc=true")));
        Assert.Equal([$"{t} d", $"{t} c", $"{t} b", $"{t} a"], InOrder(await client.PageAsync($"/clients?q={t}&sort=name&desc=true")));
    }

    [Fact]
    public async Task Quick_search_finds_by_inn_phone_email_and_contact_person()
    {
        var (me, client) = await ManagerAsync();
        var t = CompanyFactory.Token();
        var company = await app.CreateCompanyAsync(me, $"{t} Поиск", c => { c.Inn = "7707083893"; c.Phone = "+7 495 111-22-33"; c.Email = $"{t}@example.ru"; });
        await app.InDbAsync(async db =>
        {
            db.ContactPersons.Add(new ContactPerson { CompanyId = company.Id, FullName = $"Иванов {t} Петрович" });
            return await db.SaveChangesAsync();
        });
        Assert.Single(Names(await client.PageAsync($"/clients?q={t}")));
        Assert.Contains($"{t} Поиск", Names(await client.PageAsync($"/clients?q={Uri.EscapeDataString("111-22-33")}")));
        Assert.Single(Names(await client.PageAsync($"/clients?q={Uri.EscapeDataString($"иванов {t}".ToUpperInvariant())}")));
    }

    [Fact]
    public async Task Saved_filters_personal_ones_are_invisible_to_others_shared_ones_are_not()
    {
        var (me, client) = await ManagerAsync();
        var (_, other) = await ManagerAsync();
        var t = CompanyFactory.Token();
        await app.CreateCompanyAsync(me, $"{t} Moscow", c => c.City = "Moscow");
        await app.CreateCompanyAsync(me, $"{t} Kazan", c => c.City = "Kazan");
        var source = Url(t, ("city", "Equals", ["Moscow"]));
        var saved = await client.PostFormAsync(source.Replace("/clients?", "/clients/filters?"), new { filterName = $"{t} personal" }, source);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var savedUrl = saved.Headers.Location!.OriginalString;
        var applied = await client.PageAsync(savedUrl);
        Assert.Equal([$"{t} Moscow"], Names(applied));
        Assert.Contains($"{t} personal", applied.QuerySelector("#saved")!.TextContent);

        var theirs = await other.PageAsync("/clients");
        Assert.DoesNotContain($"{t} personal", theirs.QuerySelector("#saved")!.TextContent);
        var sharedResponse = await client.PostFormAsync(source.Replace("/clients?", "/clients/filters?"), new { filterName = $"{t} shared", shared = "true" }, source);
        Assert.Equal(HttpStatusCode.Redirect, sharedResponse.StatusCode);
        Assert.Contains($"{t} shared", (await other.PageAsync("/clients")).QuerySelector("#saved")!.TextContent);

        // Another user's personal filter id applies nothing for them, and they cannot delete it.
        var personalId = savedUrl.Split('=')[1];
        var forged = await other.PostFormAsync($"/clients/filters/{personalId}/delete", Array.Empty<KeyValuePair<string, string>>(), "/clients");
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Equal([$"{t} Moscow"], Names(await client.PageAsync(savedUrl)));
    }

    [Fact]
    public async Task An_oversized_filter_is_refused_with_a_message_not_stored()
    {
        var (_, client) = await ManagerAsync();
        var t = CompanyFactory.Token();
        var query = string.Join("&", Enumerable.Range(0, 120).Select(i => $"c[{i}].f=name&c[{i}].o=Contains&c[{i}].v={new string('x', 150)}"));
        var response = await client.PostFormAsync($"/clients/filters?{query}", new { filterName = $"{t} huge" }, "/clients");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("too large", (await client.PageAsync("/clients")).QuerySelector(".alert-danger")!.TextContent);
        Assert.False(await app.InDbAsync(db => db.SavedFilters.AnyAsync(f => f.Name == $"{t} huge")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("201")]
    public async Task A_filter_without_a_name_or_with_too_long_a_name_is_refused_and_the_same_search_is_shown_again(string name)
    {
        var (_, client) = await ManagerAsync();
        var t = CompanyFactory.Token();
        var filterName = name == "201" ? t + new string('я', 201 - t.Length) : name;
        var response = await client.PostFormAsync($"/clients/filters?q={t}", new { filterName }, $"/clients?q={t}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var back = response.Headers.Location!.OriginalString;
        Assert.Contains($"q={t}", back);
        Assert.Contains("Enter a name for the filter", (await client.PageAsync(back)).QuerySelector(".alert-danger")!.TextContent);
        Assert.False(await app.InDbAsync(db => db.SavedFilters.AnyAsync(f => f.Definition.Contains(t))));
    }

    [Fact]
    public async Task Csv_export_has_bom_and_neutralises_formulas()
    {
        var (me, client) = await ManagerAsync();
        var t = CompanyFactory.Token();
        await app.CreateCompanyAsync(me, $"=HYPERLINK(\"http://evil\",\"{t}\")", c => { c.City = "+cmd|' /C calc'!A0"; c.Phone = "-2+3"; });
        await app.CreateCompanyAsync(me, $"@SUM(1) {t}", c => c.City = "Тверь");
        var response = await client.GetAsync($"/clients/export?q={t}&sort=name");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines[1..], line => Assert.DoesNotMatch("(^|,)\"?[=+\\-@]", line));
        Assert.Contains("'=HYPERLINK", text);
        Assert.Contains("'+cmd", text);
        Assert.Contains("'-2+3", text);
        Assert.Contains("'@SUM(1)", text);
        Assert.Contains("Тверь", text);
    }

    [Fact]
    public async Task Export_needs_the_export_right()
    {
        var (_, name) = await app.CreateUserAsync([Permissions.Clients.ViewOwn]);
        using var client = await app.SignedInAsync(name);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/clients/export")).StatusCode);
        Assert.Null((await client.PageAsync("/clients")).QuerySelector("#export"));
    }
}

public sealed class CompanyListTestsSqlite(SqliteApp app) : CompanyListTests(app);
public sealed class CompanyListTestsPostgreSql(PostgreSqlApp app) : CompanyListTests(app);
