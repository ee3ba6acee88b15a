using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Reference;
using WebCrm.FunctionalTests.Infrastructure;
using WebCrm.Web.Features.Administration.ReferenceLists;
using WebCrm.Web.Features.Shared;

namespace WebCrm.FunctionalTests.ReferenceLists;

public abstract class CustomFieldListTests(CrmApp app) : ReferenceListTestBase(app)
{
    private async Task<int> CreateAsync(CrmClient admin, CustomFieldTarget target, string name, CustomFieldType type, string options = "")
    {
        var response = await admin.PostFormAsync("/admin/custom-fields/new",
            new { Target = target.ToString(), NameEn = name, NameRu = "Поле " + name, Type = type.ToString(), IsRequired = "true", IsActive = "true", Options = options });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await DbAsync(db => db.CustomFieldDefinitions.Where(f => f.NameEn == name).Select(f => f.Id).SingleAsync());
    }

    private static async Task<string> StampAsync(CrmClient client, int id) =>
        (await client.PageAsync($"/admin/custom-fields/{id}")).QuerySelector("input[name=Stamp]")!.GetAttribute("value")!;

    /// <summary>A custom field's English name is optional: without it the field is called by its Russian name in English too.</summary>
    [Fact]
    public async Task A_field_without_an_english_name_shows_its_russian_name_in_english()
    {
        using var admin = await AdminAsync();
        var russian = Unique("Поле без английского");
        var response = await admin.PostFormAsync("/admin/custom-fields/new",
            new { Target = nameof(CustomFieldTarget.ContactPerson), NameEn = "  ", NameRu = russian, Type = nameof(CustomFieldType.Text), IsActive = "true" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await DbAsync(db => db.CustomFieldDefinitions.AsNoTracking().SingleAsync(f => f.NameRu == russian));
        Assert.Equal(russian, stored.NameEn);
        Assert.Equal(russian, (await LookupAsync(l => l.CustomFieldsAsync(CustomFieldTarget.ContactPerson))).Single(f => f.Id == stored.Id).Name);
        // Without the Russian name it is refused, next to the field.
        var refused = await admin.PostFormAsync("/admin/custom-fields/new",
            new { Target = nameof(CustomFieldTarget.ContactPerson), NameEn = Unique("No Russian"), NameRu = "", Type = nameof(CustomFieldType.Text), IsActive = "true" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Enter the Russian name", ErrorFor(await CrmClient.ParseAsync(refused), "NameRu"));
    }

    [Fact]
    public async Task Fields_are_defined_per_target_ordered_and_deactivated_and_the_lookup_follows()
    {
        using var admin = await AdminAsync();
        var (list, text) = (Unique("Size"), Unique("Note"));
        var listId = await CreateAsync(admin, CustomFieldTarget.ContactPerson, list, CustomFieldType.List, "Small\r\n  Medium \r\n\r\nLarge\r\nSmall");
        var textId = await CreateAsync(admin, CustomFieldTarget.ContactPerson, text, CustomFieldType.Text, "ignored");

        var fields = await LookupAsync(l => l.CustomFieldsAsync(CustomFieldTarget.ContactPerson));
        var size = Assert.Single(fields, f => f.Id == listId);
        Assert.Equal((list, CustomFieldType.List, true), (size.Name, size.Type, size.IsRequired));
        Assert.Equal(["Small", "Medium", "Large"], size.Options);
        Assert.Empty(Assert.Single(fields, f => f.Id == textId).Options);
        Assert.DoesNotContain(await LookupAsync(l => l.CustomFieldsAsync(CustomFieldTarget.Company)), f => f.Id == listId);
        Assert.Equal("Поле " + list, (await LookupAsync(l => l.CustomFieldsAsync(CustomFieldTarget.ContactPerson), "ru")).Single(f => f.Id == listId).Name);
        var ids = fields.Select(f => f.Id).ToList();
        Assert.Equal(ids.IndexOf(listId) + 1, ids.IndexOf(textId));

        await admin.PostFormAsync($"/admin/custom-fields/{textId}/up", Array.Empty<KeyValuePair<string, string>>(), "/admin/custom-fields");
        ids = (await LookupAsync(l => l.CustomFieldsAsync(CustomFieldTarget.ContactPerson))).Select(f => f.Id).ToList();
        Assert.Equal(ids.IndexOf(listId) - 1, ids.IndexOf(textId));
        Assert.NotNull((await admin.PageAsync("/admin/custom-fields")).QuerySelector($"#fields-contactperson tr[data-id='{listId}']"));

        var stamp = await StampAsync(admin, textId);
        var off = await admin.PostFormAsync($"/admin/custom-fields/{textId}",
            new { NameEn = text, NameRu = "Поле", Type = "Text", IsActive = "false", IsRequired = "false", Stamp = stamp, Target = "Deal" });
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        Assert.DoesNotContain(await LookupAsync(l => l.CustomFieldsAsync(CustomFieldTarget.ContactPerson)), f => f.Id == textId);
        var stored = await DbAsync(db => db.CustomFieldDefinitions.AsNoTracking().SingleAsync(f => f.Id == textId));
        Assert.Equal((CustomFieldTarget.ContactPerson, false, false, null), (stored.Target, stored.IsActive, stored.IsRequired, stored.Options));
        // The required list field would make every later contact form ask for it.
        await DbAsync(db => db.CustomFieldDefinitions.Where(f => f.Id == listId).ExecuteUpdateAsync(u => u.SetProperty(f => f.IsActive, false)));
    }

    [Fact]
    public async Task A_list_field_needs_values_and_names_are_checked()
    {
        using var admin = await AdminAsync();
        var name = Unique("Empty list");
        var page = await CrmClient.ParseAsync(await admin.PostFormAsync("/admin/custom-fields/new",
            new { Target = "Company", NameEn = name, NameRu = name, Type = "List", IsActive = "true", Options = " \r\n \r\n" }));
        Assert.Contains("at least one value", ErrorFor(page, "Options"));
        var names = await CrmClient.ParseAsync(await admin.PostFormAsync("/admin/custom-fields/new",
            new { Target = "Company", NameEn = new string('w', 201), NameRu = "", Type = "Text", IsActive = "true" }));
        Assert.Contains("At most 200 characters", ErrorFor(names, "NameEn"));
        Assert.Contains("Enter the Russian name", ErrorFor(names, "NameRu"));
        var type = await CrmClient.ParseAsync(await admin.PostFormAsync("/admin/custom-fields/new",
            new { Target = "Company", NameEn = name, NameRu = name, Type = "99", IsActive = "true" }));
        Assert.False(string.IsNullOrEmpty(ErrorFor(type, "Type")));
        Assert.False(await DbAsync(db => db.CustomFieldDefinitions.AnyAsync(f => f.NameEn == name)));
    }

    [Fact]
    public async Task The_type_cannot_change_once_values_exist_and_stale_edits_are_refused()
    {
        using var admin = await AdminAsync();
        var name = Unique("Budget");
        var id = await CreateAsync(admin, CustomFieldTarget.Company, name, CustomFieldType.Number);

        // No values yet: the type may change.
        var stamp = await StampAsync(admin, id);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/admin/custom-fields/{id}",
            new { NameEn = name, NameRu = name, Type = "Text", IsActive = "true", Stamp = stamp })).StatusCode);

        await DbAsync(async db =>
        {
            db.CustomFieldValues.Add(new CustomFieldValue { DefinitionId = id, Target = CustomFieldTarget.Company, EntityId = 1, TextValue = "100" });
            return await db.SaveChangesAsync();
        });
        stamp = await StampAsync(admin, id);
        var refused = await admin.PostFormAsync($"/admin/custom-fields/{id}",
            new { NameEn = name, NameRu = name, Type = "Number", IsActive = "true", Stamp = stamp });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("type cannot change", ErrorFor(await CrmClient.ParseAsync(refused), "Type"));
        Assert.Equal(CustomFieldType.Text, await DbAsync(db => db.CustomFieldDefinitions.Where(f => f.Id == id).Select(f => f.Type).SingleAsync()));

        // Renaming is still fine, and a second form with the old stamp is refused.
        var renamed = Unique("Budget 2");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/admin/custom-fields/{id}",
            new { NameEn = renamed, NameRu = renamed, Type = "Text", IsActive = "true", Stamp = stamp })).StatusCode);
        var stale = await CrmClient.ParseAsync(await admin.PostFormAsync($"/admin/custom-fields/{id}",
            new { NameEn = "Lost", NameRu = "Lost", Type = "Text", IsActive = "true", Stamp = stamp }));
        Assert.Contains("Someone else changed this field", stale.QuerySelector("#form-error")!.TextContent);
        Assert.Equal(renamed, await DbAsync(db => db.CustomFieldDefinitions.Where(f => f.Id == id).Select(f => f.NameEn).SingleAsync()));
    }
}

// Each class changes lists every form reads (deal stages, currencies, required custom fields): a database of its own.
public sealed class CustomFieldListTestsSqlite(IsolatedSqliteApp app) : CustomFieldListTests(app), IClassFixture<IsolatedSqliteApp>;
public sealed class CustomFieldListTestsPostgreSql(IsolatedPostgreSqlApp app) : CustomFieldListTests(app), IClassFixture<IsolatedPostgreSqlApp>;
