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

/// <summary>Shared helpers. Each test class has a database of its own; its tests still work on fresh names.</summary>
public abstract class ReferenceListTestBase(CrmApp app)
{
    protected CrmApp App => app;

    protected Task<CrmClient> AdminAsync() => app.SignedInAsync("admin", "demo-crm-2026");

    protected static string Unique(string prefix) => $"{prefix} {Guid.NewGuid():N}"[..(prefix.Length + 11)];

    protected Task<T> LookupAsync<T>(Func<ReferenceLookup, Task<T>> query, string language = "en")
    {
        CultureInfo.CurrentUICulture = new CultureInfo(language);
        return app.WithServiceAsync(query);
    }

    protected Task<T> DbAsync<T>(Func<CrmDbContext, Task<T>> query) => app.WithServiceAsync(query);

    protected static string? ErrorFor(IHtmlDocument page, string field) => page.QuerySelector($"[data-error-for={field}]")?.TextContent;
}

public abstract class ReferenceListTests(CrmApp app) : ReferenceListTestBase(app)
{
    private const string Stages = "/admin/lists/deal-stage";

    private async Task<int> AddAsync(CrmClient admin, string list, string en, string ru)
    {
        var response = await admin.PostFormAsync($"{list}/add", new { NameEn = en, NameRu = ru }, list);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await DbAsync(db => db.ReferenceItems.Where(r => r.NameEn == en).Select(r => r.Id).SingleAsync());
    }

    private static async Task<string> StampAsync(CrmClient client, string url) =>
        (await client.PageAsync(url)).QuerySelector("input[name=Stamp]")!.GetAttribute("value")!;

    [Fact]
    public async Task The_overview_lists_every_kind_with_counts_and_the_admin_page_links_to_it()
    {
        using var admin = await AdminAsync();
        var home = await admin.PageAsync("/admin");
        Assert.NotNull(home.QuerySelector("a[href='/admin/lists']"));
        Assert.NotNull(home.QuerySelector("a[href='/admin/custom-fields']"));

        var page = await admin.PageAsync("/admin/lists");
        foreach (var kind in Enum.GetValues<ReferenceListKind>())
        {
            Assert.NotNull(page.QuerySelector($"tr[data-list='/admin/lists/{ReferenceListCatalog.Slug(kind)}']"));
        }
        Assert.Contains("Client sources (how did you hear about us?)", page.QuerySelector("#lists")!.TextContent);
        var regions = await DbAsync(db => db.ReferenceItems.CountAsync(r => r.Kind == ReferenceListKind.Region));
        var row = page.QuerySelector("tr[data-list='/admin/lists/region']")!;
        Assert.Equal(regions.ToString(), row.QuerySelectorAll("td")[2].TextContent);
        Assert.NotNull(page.QuerySelector("tr[data-list='/admin/lists/currencies']"));
        Assert.NotNull(page.QuerySelector("tr[data-list='/admin/custom-fields']"));

        admin.Http.DefaultRequestHeaders.AcceptLanguage.Clear();
        admin.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ru");
        var russian = await admin.PageAsync("/admin/lists");
        Assert.Contains("Этапы работ", russian.QuerySelector("#lists")!.TextContent);
        Assert.Contains("Причины отказа", russian.QuerySelector("#lists")!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/lists/no-such-list")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/lists/7")).StatusCode);
    }

    [Fact]
    public async Task Values_are_added_renamed_reordered_and_deactivated_and_the_lookup_follows()
    {
        using var admin = await AdminAsync();
        var (a, b) = (Unique("Stage A"), Unique("Stage B"));
        var idA = await AddAsync(admin, Stages, a, a + " ру");
        var idB = await AddAsync(admin, Stages, b, b + " ру");

        var options = await LookupAsync(l => l.OptionsAsync(ReferenceListKind.DealStage));
        Assert.True(options.ToList().FindIndex(o => o.Id == idA) + 1 == options.ToList().FindIndex(o => o.Id == idB), "new values go last, in order");
        Assert.Contains(new LookupOption(idA, a), options);

        // Move B above A: matters for deal stages.
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"{Stages}/{idB}/up", Array.Empty<KeyValuePair<string, string>>(), Stages)).StatusCode);
        var order = (await LookupAsync(l => l.OptionsAsync(ReferenceListKind.DealStage))).Select(o => o.Id).ToList();
        Assert.Equal(order.IndexOf(idA) - 1, order.IndexOf(idB));
        var rows = (await admin.PageAsync(Stages)).QuerySelectorAll("#values tbody tr").Select(r => int.Parse(r.GetAttribute("data-id")!)).ToList();
        Assert.Equal(rows.IndexOf(idA) - 1, rows.IndexOf(idB));
        await admin.PostFormAsync($"{Stages}/{idB}/down", Array.Empty<KeyValuePair<string, string>>(), Stages);
        order = (await LookupAsync(l => l.OptionsAsync(ReferenceListKind.DealStage))).Select(o => o.Id).ToList();
        Assert.Equal(order.IndexOf(idA) + 1, order.IndexOf(idB));

        // Rename in both languages.
        var renamed = Unique("Renamed");
        var stamp = await StampAsync(admin, $"{Stages}/{idA}");
        var response = await admin.PostFormAsync($"{Stages}/{idA}", new { NameEn = renamed, NameRu = "Переименовано " + renamed, Stamp = stamp });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(new LookupOption(idA, renamed), await LookupAsync(l => l.OptionsAsync(ReferenceListKind.DealStage)));
        Assert.Contains(new LookupOption(idA, "Переименовано " + renamed), await LookupAsync(l => l.OptionsAsync(ReferenceListKind.DealStage), "ru"));
        // The rename is attributed on the value's page: who, which field, from what to what.
        var history = (await admin.PageAsync($"{Stages}/{idA}")).QuerySelector("#history")!.TextContent;
        Assert.Contains("Администратор", history);
        Assert.Contains("Name (English)", history);
        Assert.Contains(renamed, history);

        // Deactivate: gone from the choices, still there for a record that holds it.
        await admin.PostFormAsync($"{Stages}/{idA}/deactivate", Array.Empty<KeyValuePair<string, string>>(), Stages);
        Assert.DoesNotContain(await LookupAsync(l => l.OptionsAsync(ReferenceListKind.DealStage)), o => o.Id == idA);
        Assert.Contains(new LookupOption(idA, renamed), await LookupAsync(l => l.OptionsAsync(ReferenceListKind.DealStage, includeId: idA)));
        Assert.DoesNotContain(await LookupAsync(l => l.OptionsAsync(ReferenceListKind.Region, includeId: idA)), o => o.Id == idA);
        var page = await admin.PageAsync(Stages);
        Assert.Contains("Deactivated", page.QuerySelector($"#values tr[data-id='{idA}']")!.TextContent);
        Assert.NotNull(page.QuerySelector($"form[action='{Stages}/{idA}/activate']"));
        Assert.Null(page.QuerySelector("form[action$='/delete']"));
        Assert.Contains("never deleted", page.QuerySelector("#no-delete-note")!.TextContent);

        await admin.PostFormAsync($"{Stages}/{idA}/activate", Array.Empty<KeyValuePair<string, string>>(), Stages);
        Assert.Contains(await LookupAsync(l => l.OptionsAsync(ReferenceListKind.DealStage)), o => o.Id == idA);
    }

    [Fact]
    public async Task Bad_names_get_messages_next_to_the_fields_and_nothing_is_added()
    {
        using var admin = await AdminAsync();
        var before = await DbAsync(db => db.ReferenceItems.CountAsync(r => r.Kind == ReferenceListKind.Region));

        var empty = await admin.PostFormAsync("/admin/lists/region/add", new { NameEn = "", NameRu = "   " }, "/admin/lists/region");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        var page = await CrmClient.ParseAsync(empty);
        Assert.Contains("Enter the English name", ErrorFor(page, "NameEn"));
        Assert.Contains("Enter the Russian name", ErrorFor(page, "NameRu"));

        var tooLong = new string('x', 201);
        var longPage = await CrmClient.ParseAsync(await admin.PostFormAsync("/admin/lists/region/add", new { NameEn = tooLong, NameRu = "Норма" }, "/admin/lists/region"));
        Assert.Contains("At most 200 characters", ErrorFor(longPage, "NameEn"));
        Assert.Null(ErrorFor(longPage, "NameRu"));
        Assert.Equal("Норма", longPage.QuerySelector("#NameRu")!.GetAttribute("value"));

        var existing = await DbAsync(db => db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.Region).Select(r => r.NameEn).FirstAsync());
        var duplicate = await CrmClient.ParseAsync(await admin.PostFormAsync("/admin/lists/region/add", new { NameEn = existing, NameRu = Unique("Новый") }, "/admin/lists/region"));
        Assert.Contains("already has a value", ErrorFor(duplicate, "NameEn"));

        Assert.Equal(before, await DbAsync(db => db.ReferenceItems.CountAsync(r => r.Kind == ReferenceListKind.Region)));

        // Renaming to empty is refused the same way.
        var id = await AddAsync(admin, "/admin/lists/region", Unique("Region"), Unique("Регион"));
        var stamp = await StampAsync(admin, $"/admin/lists/region/{id}");
        var rename = await CrmClient.ParseAsync(await admin.PostFormAsync($"/admin/lists/region/{id}", new { NameEn = "", NameRu = "x", Stamp = stamp }));
        Assert.Contains("Enter the English name", ErrorFor(rename, "NameEn"));
    }

    [Fact]
    public async Task A_rename_with_a_stale_stamp_is_refused_and_the_first_rename_is_kept()
    {
        using var admin = await AdminAsync();
        using var other = await AdminAsync();
        var id = await AddAsync(admin, "/admin/lists/loss-reason", Unique("Reason"), Unique("Причина"));
        var url = $"/admin/lists/loss-reason/{id}";
        var stamp = await StampAsync(admin, url);
        Assert.Equal(stamp, await StampAsync(other, url));

        var first = Unique("First");
        Assert.Equal(HttpStatusCode.Redirect, (await other.PostFormAsync(url, new { NameEn = first, NameRu = "Первое", Stamp = stamp })).StatusCode);

        var second = await admin.PostFormAsync(url, new { NameEn = Unique("Second"), NameRu = "Второе", Stamp = stamp });
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var page = await CrmClient.ParseAsync(second);
        Assert.Contains("Someone else changed this value", page.QuerySelector("#form-error")!.TextContent);
        Assert.Equal(first, page.QuerySelector("#NameEn")!.GetAttribute("value"));
        Assert.NotEqual(stamp, page.QuerySelector("input[name=Stamp]")!.GetAttribute("value"));

        var stored = await DbAsync(db => db.ReferenceItems.Where(r => r.Id == id).Select(r => new { r.NameEn, r.NameRu }).SingleAsync());
        Assert.Equal((first, "Первое"), (stored.NameEn, stored.NameRu));
    }

    [Fact]
    public async Task Html_in_names_is_shown_as_text()
    {
        using var admin = await AdminAsync();
        var name = "<script>alert('x')</script><b>bold</b> " + Guid.NewGuid().ToString("N")[..8];
        var id = await AddAsync(admin, "/admin/lists/industry", name, name);
        var response = await admin.GetAsync("/admin/lists/industry");
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert(", html);
        Assert.DoesNotContain("<b>bold</b>", html);
        Assert.Contains("&lt;script&gt;", html);
        var page = await CrmClient.ParseAsync(response);
        Assert.Equal(name, page.QuerySelector($"#values tr[data-id='{id}'] td[lang=en]")!.TextContent);
        var edit = await admin.GetAsync($"/admin/lists/industry/{id}");
        Assert.DoesNotContain("<script>alert(", await edit.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_manager_gets_403_on_every_page_and_post()
    {
        using var manager = await App.SignedInAsync("manager1", "demo-crm-2026");
        foreach (var url in new[] { "/admin/lists", "/admin/lists/region", "/admin/lists/currencies", "/admin/lists/currencies/new", "/admin/custom-fields", "/admin/custom-fields/new" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync(url)).StatusCode);
        }
        var name = Unique("Forbidden");
        var posts = new (string Url, object Form)[]
        {
            ("/admin/lists/region/add", new { NameEn = name, NameRu = name }),
            ("/admin/lists/currencies/new", new { Code = "QQQ", NameEn = name, NameRu = name, Symbol = "q", MinorUnits = "2", IsActive = "true" }),
            ("/admin/custom-fields/new", new { Target = "Company", NameEn = name, NameRu = name, Type = "Text", IsActive = "true" }),
        };
        foreach (var (url, form) in posts)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostFormAsync(url, form, "/")).StatusCode);
        }
        var firstRegion = await DbAsync(db => db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.Region).Select(r => new { r.Id, r.IsActive }).FirstAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostFormAsync($"/admin/lists/region/{firstRegion.Id}/deactivate", Array.Empty<KeyValuePair<string, string>>(), "/")).StatusCode);
        Assert.False(await DbAsync(db => db.ReferenceItems.AnyAsync(r => r.NameEn == name)));
        Assert.False(await DbAsync(db => db.CustomFieldDefinitions.AnyAsync(f => f.NameEn == name)));
        Assert.False(await DbAsync(db => db.Currencies.AnyAsync(c => c.NameEn == name)));
        Assert.Equal(firstRegion.IsActive, await DbAsync(db => db.ReferenceItems.Where(r => r.Id == firstRegion.Id).Select(r => r.IsActive).SingleAsync()));
    }

    [Fact]
    public async Task A_post_without_antiforgery_token_is_a_400_and_changes_nothing()
    {
        using var admin = await AdminAsync();
        var name = Unique("Forged");
        var forged = await admin.Http.PostAsync("/admin/lists/region/add", new FormUrlEncodedContent([new("NameEn", name), new("NameRu", name)]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var field = await admin.Http.PostAsync("/admin/custom-fields/new",
            new FormUrlEncodedContent([new("Target", "Company"), new("NameEn", name), new("NameRu", name), new("Type", "Text")]));
        Assert.Equal(HttpStatusCode.BadRequest, field.StatusCode);
        Assert.False(await DbAsync(db => db.ReferenceItems.AnyAsync(r => r.NameEn == name)));
        Assert.False(await DbAsync(db => db.CustomFieldDefinitions.AnyAsync(f => f.NameEn == name)));
    }
}

// Each class changes lists every form reads (deal stages, currencies, required custom fields): a database of its own.
public sealed class ReferenceListTestsSqlite(IsolatedSqliteApp app) : ReferenceListTests(app), IClassFixture<IsolatedSqliteApp>;
public sealed class ReferenceListTestsPostgreSql(IsolatedPostgreSqlApp app) : ReferenceListTests(app), IClassFixture<IsolatedPostgreSqlApp>;
