using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Clients;

/// <summary>
/// The company filter's negative and emptiness operators, the contact-person conditions and AND/OR groups, each checked
/// against a direct computation over the companies the test creates (described in <see cref="Spec"/>), scoped by a token.
/// </summary>
public abstract class CompanyFilterGroupTests(CrmApp app)
{
    public sealed record Person(string Name, int? Position, string? Email, string? Phone, string? Mobile, DateOnly? Birthday);

    public sealed record Spec(string Suffix, string? City, int? Region, string? Email, decimal? Score, Person[] Contacts);

    public sealed record Cond(string F, string O, string[] V, int G = 0);

    private sealed record World(string Token, string Me, CrmClient Client, List<Spec> Specs, int R1, int R2, int P1, int P2, int ScoreField);

    private static string[] Names(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("#companies tbody tr[data-id] td:first-child").Select(td => td.TextContent.Trim()).Order().ToArray();

    public static string Url(string token, Cond[] conditions, string[]? groupJoins = null, string? join = null, string path = "/clients")
    {
        var sb = new StringBuilder($"{path}?q={Uri.EscapeDataString(token)}");
        for (var i = 0; i < conditions.Length; i++)
        {
            sb.Append($"&c[{i}].f={conditions[i].F}&c[{i}].o={conditions[i].O}&c[{i}].g={conditions[i].G}");
            foreach (var v in conditions[i].V)
            {
                sb.Append($"&c[{i}].v={Uri.EscapeDataString(v)}");
            }
        }
        for (var g = 0; g < (groupJoins?.Length ?? 0); g++)
        {
            sb.Append($"&g[{g}]={groupJoins![g]}");
        }
        return join is null ? sb.ToString() : sb.Append($"&j={join}").ToString();
    }

    private async Task<World> WorldAsync()
    {
        var (me, name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        var client = await app.SignedInAsync(name);
        var t = CompanyFactory.Token();
        var (r1, r2, p1, p2, score) = await app.InDbAsync(async db =>
        {
            var regions = await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.Region && r.IsActive).OrderBy(r => r.SortOrder).ThenBy(r => r.Id).Take(2).ToListAsync();
            var positions = await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.ContactPosition && r.IsActive).OrderBy(r => r.SortOrder).ThenBy(r => r.Id).Take(2).ToListAsync();
            var definition = new CustomFieldDefinition { Target = CustomFieldTarget.Company, NameEn = $"{t} score", NameRu = $"{t} балл", Type = CustomFieldType.Number, SortOrder = 1000 };
            db.CustomFieldDefinitions.Add(definition);
            await db.SaveChangesAsync();
            return (regions[0].Id, regions[1].Id, positions[0].Id, positions[1].Id, definition.Id);
        });
        var specs = new List<Spec>
        {
            new("A", "Москва", r1, "a@x.ru", 10m, [new("Иванов Иван", p1, "ivanov@a.ru", "+7 111 000", null, new DateOnly(1980, 3, 15))]),
            new("B", "Казань", r2, null, 20m,
                [new("Петров Пётр", p2, null, null, null, new DateOnly(1990, 7, 1)), new("Сидорова Анна", null, "s@b.ru", null, null, null)]),
            new("C", null, null, "c@x.ru", null, []),
            new("D", "москва", r2, null, 10m, []),
            new("E", "Самара", r1, "e@x.ru", 35.5m, [new("Кузнецов Олег", p1, "k@e.ru", "+7 222 000", "+7 333 000", new DateOnly(1975, 3, 2))]),
        };
        foreach (var s in specs)
        {
            var company = await app.CreateCompanyAsync(me, $"{t} {s.Suffix}", c => { c.City = s.City; c.RegionId = s.Region; c.Email = s.Email; });
            await app.InDbAsync(async db =>
            {
                db.ContactPersons.AddRange(s.Contacts.Select(p => new ContactPerson
                {
                    CompanyId = company.Id, FullName = p.Name, PositionId = p.Position, Email = p.Email, Phone = p.Phone, MobilePhone = p.Mobile, Birthday = p.Birthday,
                }));
                if (s.Score is { } value)
                {
                    db.CustomFieldValues.Add(new CustomFieldValue { DefinitionId = score, Target = CustomFieldTarget.Company, EntityId = company.Id, NumberValue = value });
                }
                return await db.SaveChangesAsync();
            });
        }
        return new World(t, me, client, specs, r1, r2, p1, p2, score);
    }

    /// <summary>The names the direct computation finds; it must tell the companies apart (neither none nor all).</summary>
    private static string[] Expected(World w, Func<Spec, bool> predicate)
    {
        var names = w.Specs.Where(predicate).Select(s => $"{w.Token} {s.Suffix}").Order().ToArray();
        Assert.InRange(names.Length, 1, w.Specs.Count - 1);
        return names;
    }

    private static async Task Check(World w, Func<Spec, bool> expected, Cond[] conditions, string[]? groups = null, string? join = null)
    {
        var url = Url(w.Token, conditions, groups, join);
        var page = await w.Client.PageAsync(url);
        Assert.Null(page.QuerySelector(".alert-warning"));
        Assert.True(Expected(w, expected).SequenceEqual(Names(page)), $"{url}: expected [{string.Join(", ", Expected(w, expected))}], listed [{string.Join(", ", Names(page))}]");
    }

    private static bool Is(string? s, string v) => s is not null && s.Equals(v, StringComparison.OrdinalIgnoreCase);

    private static bool Filled(string? s) => !string.IsNullOrEmpty(s);

    [Fact]
    public async Task Negative_and_emptiness_operators_match_a_direct_computation()
    {
        var w = await WorldAsync();
        string Id(int id) => id.ToString();
        await Check(w, s => !Is(s.City, "москва"), [new("city", "NotEquals", ["МОСКВА"])]);
        await Check(w, s => !(Is(s.City, "москва") || Is(s.City, "казань")), [new("city", "NotIn", ["Москва, Казань"])]);
        await Check(w, s => s.Region != w.R1, [new("region", "NotEquals", [Id(w.R1)])]);
        await Check(w, s => s.Region != w.R1 && s.Region != w.R2, [new("region", "NotIn", [Id(w.R1), Id(w.R2)])]);
        await Check(w, s => !Filled(s.Email), [new("email", "IsEmpty", [])]);
        await Check(w, s => s.Score != 10m, [new("cf" + w.ScoreField, "NotEquals", ["10"])]);
        await Check(w, s => s.Score is null, [new("cf" + w.ScoreField, "IsEmpty", [])]);
        await Check(w, s => s.Score is not null, [new("cf" + w.ScoreField, "IsNotEmpty", [])]);
    }

    [Fact]
    public async Task Contact_person_conditions_match_a_direct_computation()
    {
        var w = await WorldAsync();
        string Id(int id) => id.ToString();
        await Check(w, s => s.Contacts.Any(p => p.Position == w.P1), [new("contactPosition", "Equals", [Id(w.P1)])]);
        await Check(w, s => s.Contacts.Any(p => p.Position == w.P1 || p.Position == w.P2), [new("contactPosition", "In", [Id(w.P1), Id(w.P2)])]);
        await Check(w, s => !s.Contacts.Any(p => p.Position == w.P1), [new("contactPosition", "NotEquals", [Id(w.P1)])]);
        await Check(w, s => !s.Contacts.Any(p => p.Position is not null), [new("contactPosition", "IsEmpty", [])]);
        await Check(w, s => s.Contacts.Any(p => Filled(p.Email)), [new("contactEmail", "IsNotEmpty", [])]);
        await Check(w, s => !s.Contacts.Any(p => Filled(p.Email)), [new("contactEmail", "IsEmpty", [])]);
        await Check(w, s => s.Contacts.Any(p => p.Name.Contains("ова", StringComparison.OrdinalIgnoreCase)), [new("contactName", "Contains", ["ОВА"])]);
        await Check(w, s => s.Contacts.Any(p => (p.Phone ?? "").Contains("333") || (p.Mobile ?? "").Contains("333")), [new("contactPhone", "Contains", ["333"])]);
        await Check(w, s => s.Contacts.Any(p => p.Birthday?.Month == 3), [new("contactBirthMonth", "Equals", ["3"])]);
        await Check(w, s => !s.Contacts.Any(p => p.Birthday?.Month is 3 or 7), [new("contactBirthMonth", "NotIn", ["3", "7"])]);
        var from = new DateOnly(1979, 1, 1);
        var to = new DateOnly(1991, 1, 1);
        await Check(w, s => s.Contacts.Any(p => p.Birthday >= from && p.Birthday <= to), [new("contactBirthday", "Between", ["1979-01-01", "1991-01-01"])]);
        await Check(w, s => s.Contacts.Any(p => p.Birthday is not null), [new("contactBirthday", "IsNotEmpty", [])]);
    }

    [Fact]
    public async Task And_or_groups_match_a_direct_computation()
    {
        var w = await WorldAsync();
        var r1 = w.R1.ToString();
        // (city is Moscow OR region is R1) AND a contact person has an email.
        await Check(w, s => (Is(s.City, "москва") || s.Region == w.R1) && s.Contacts.Any(p => Filled(p.Email)),
            [new("city", "Equals", ["Москва"]), new("region", "Equals", [r1]), new("contactEmail", "IsNotEmpty", [], 1)], ["or", "and"], "and");
        // (city is Kazan AND region is R2) OR a contact person was born in March.
        await Check(w, s => (Is(s.City, "казань") && s.Region == w.R2) || s.Contacts.Any(p => p.Birthday?.Month == 3),
            [new("city", "Equals", ["Казань"]), new("region", "Equals", [w.R2.ToString()]), new("contactBirthMonth", "Equals", ["3"], 1)], ["and", "and"], "or");
        // One OR group of three, the negative ones included.
        await Check(w, s => !Filled(s.Email) || s.Score > 30m || !s.Contacts.Any(),
            [new("email", "IsEmpty", []), new("cf" + w.ScoreField, "Greater", ["30"]), new("contactName", "IsEmpty", [])], ["or"]);
        // Without group parameters conditions combine with AND, as before groups.
        await Check(w, s => Is(s.City, "москва") && s.Score == 10m, [new("city", "Equals", ["Москва"]), new("cf" + w.ScoreField, "Equals", ["10"])]);
    }

    [Fact]
    public async Task A_filter_saved_before_groups_still_loads_and_a_grouped_one_saves_and_loads()
    {
        var w = await WorldAsync();
        var oldShape = JsonSerializer.Serialize(new { Q = w.Token, C = new[] { new { F = "city", O = "Equals", V = new[] { "Москва" } } }, Sort = (string?)null, Desc = false });
        var oldId = await app.InDbAsync(async db =>
        {
            var f = new SavedFilter { Module = "Clients", Name = $"{w.Token} old", OwnerId = w.Me, Definition = oldShape };
            db.SavedFilters.Add(f);
            await db.SaveChangesAsync();
            return f.Id;
        });
        Assert.Equal(Expected(w, s => Is(s.City, "москва")), Names(await w.Client.PageAsync($"/clients?saved={oldId}")));

        var grouped = Url(w.Token, [new("city", "Equals", ["Казань"]), new("contactBirthMonth", "Equals", ["3"], 1)], ["and", "and"], "or");
        var saved = await w.Client.PostFormAsync(grouped.Replace("/clients?", "/clients/filters?"), new { filterName = $"{w.Token} grouped" }, grouped);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = await w.Client.PageAsync(saved.Headers.Location!.OriginalString);
        Assert.Equal(Expected(w, s => Is(s.City, "казань") || s.Contacts.Any(p => p.Birthday?.Month == 3)), Names(page));
        // The builder shows the saved groups again, with their joins.
        Assert.Equal(2, page.QuerySelectorAll("#filter-builder .filter-group").Length);
        Assert.Equal("or", page.QuerySelector("#fb-j option[selected]")!.GetAttribute("value"));
    }
}

public sealed class CompanyFilterGroupTestsSqlite(SqliteApp app) : CompanyFilterGroupTests(app);
public sealed class CompanyFilterGroupTestsPostgreSql(PostgreSqlApp app) : CompanyFilterGroupTests(app);
