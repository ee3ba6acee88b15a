using System.Net;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Deals;

/// <summary>
/// Custom fields an administrator defines for deals appear on the deal form and card. A required definition applies
/// to every deal form in the app, so this class has an app and database of its own.
/// </summary>
public abstract class DealCustomFieldTests(CrmApp app)
{
    [Fact]
    public async Task Deal_custom_fields_are_validated_saved_shown_and_edited()
    {
        var (m1, name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        using var c1 = await app.SignedInAsync(name);
        var t = CompanyFactory.Token();
        var company = await app.CreateCompanyAsync(m1, $"{t} company");
        var rub = await app.InDbAsync(db => db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync());
        var (required, tender) = await app.InDbAsync(async db =>
        {
            var a = new CustomFieldDefinition { Target = CustomFieldTarget.Deal, NameEn = $"{t} budget", NameRu = $"{t} бюджет", Type = CustomFieldType.Number, IsRequired = true, SortOrder = 9000 };
            var b = new CustomFieldDefinition { Target = CustomFieldTarget.Deal, NameEn = $"{t} tender", NameRu = $"{t} тендер", Type = CustomFieldType.YesNo, SortOrder = 9001 };
            db.CustomFieldDefinitions.AddRange(a, b);
            await db.SaveChangesAsync();
            return (a.Id, b.Id);
        });
        try
        {
            var form = await c1.PageAsync("/deals/new");
            Assert.NotNull(form.QuerySelector($"#Custom_{required}"));

            Dictionary<string, string> Fields(string? budget) => new()
            {
                ["Title"] = $"{t} deal", ["CompanyId"] = company.Id.ToString(), ["StartDate"] = "2026-02-01", ["CurrencyId"] = rub.ToString(),
                [$"Custom[{required}]"] = budget ?? "", [$"Custom[{tender}]"] = "true",
            };
            var missing = await CrmClient.ParseAsync(await c1.PostFormAsync("/deals/new", Fields(null), "/deals/new"));
            Assert.Contains("required", missing.QuerySelector($"#Custom_{required}-error")!.TextContent);
            var notANumber = await CrmClient.ParseAsync(await c1.PostFormAsync("/deals/new", Fields("lots"), "/deals/new"));
            Assert.Contains("number", notANumber.QuerySelector($"#Custom_{required}-error")!.TextContent);
            Assert.Equal(0, await app.InDbAsync(db => db.Deals.CountAsync(d => d.Title == $"{t} deal")));

            var created = await c1.PostFormAsync("/deals/new", Fields("150000"), "/deals/new");
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
            var url = created.Headers.Location!.OriginalString;
            var card = (await c1.PageAsync(url)).QuerySelector("#main-data")!.TextContent;
            Assert.Contains($"{t} budget", card);
            Assert.Contains("150", card);
            Assert.Contains("Yes", card);

            var edit = await c1.PageAsync($"{url}/edit");
            Assert.Equal("150000", edit.QuerySelector($"#Custom_{required}")!.GetAttribute("value"));
            var fields = edit.QuerySelectorAll("form[action$='/edit'] input[name], form[action$='/edit'] select[name], form[action$='/edit'] textarea[name]")
                .ToDictionary(e => e.GetAttribute("name")!, e => (e is AngleSharp.Html.Dom.IHtmlSelectElement s ? s.Value : e is AngleSharp.Html.Dom.IHtmlTextAreaElement ta ? ta.Value : e.GetAttribute("value")) ?? "");
            fields.Remove("__RequestVerificationToken");
            fields[$"Custom[{required}]"] = "200000";
            var saved = await c1.PostFormAsync($"{url}/edit", fields, $"{url}/edit");
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            var dealId = int.Parse(url.Split('/').Last());
            Assert.Equal(200000m, await app.InDbAsync(db => db.CustomFieldValues
                .Where(v => v.Target == CustomFieldTarget.Deal && v.EntityId == dealId && v.DefinitionId == required).Select(v => v.NumberValue!.Value).SingleAsync()));
        }
        finally
        {
            await app.InDbAsync(async db =>
            {
                foreach (var d in await db.CustomFieldDefinitions.Where(x => x.Id == required || x.Id == tender).ToListAsync())
                {
                    d.IsActive = false;
                }
                return await db.SaveChangesAsync();
            });
        }
    }
}

public sealed class DealCustomFieldTestsSqlite(IsolatedSqliteApp app) : DealCustomFieldTests(app), IClassFixture<IsolatedSqliteApp>;
public sealed class DealCustomFieldTestsPostgreSql(IsolatedPostgreSqlApp app) : DealCustomFieldTests(app), IClassFixture<IsolatedPostgreSqlApp>;
