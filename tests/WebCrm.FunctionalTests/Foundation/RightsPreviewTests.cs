using System.Net;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Foundation;

/// <summary>
/// Copying rights, applying a template and disabling: nothing is preselected, a preview lists exactly what will be
/// added and removed, nothing changes until the administrator confirms, and the rights history says it in words.
/// </summary>
public abstract class RightsPreviewTests(CrmApp app)
{
    /// <summary>Opens a preview page and posts its confirmation form as the administrator would.</summary>
    public static async Task<HttpResponseMessage> ConfirmAsync(CrmClient admin, string previewUrl)
    {
        var page = await admin.PageAsync(previewUrl);
        var form = page.QuerySelector("form#confirm");
        Assert.NotNull(form);
        var fields = form!.QuerySelectorAll("input[type=hidden]").Where(i => i.GetAttribute("name") != "__RequestVerificationToken")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? "")).ToList();
        return await admin.PostFormAsync(form.GetAttribute("action")!, fields, previewUrl);
    }

    private Task<string[]> RightsOfAsync(string userId) => app.WithServiceAsync<CrmDbContext, string[]>(db => db.UserClaims
        .Where(c => c.UserId == userId && c.ClaimType == Permissions.ClaimType).Select(c => c.ClaimValue!).OrderBy(c => c).ToArrayAsync());

    private static string[] Listed(AngleSharp.Html.Dom.IHtmlDocument page, string list) =>
        page.QuerySelectorAll($"#{list} li").Select(li => li.GetAttribute("data-right")!).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task Copying_rights_previews_exactly_what_is_added_and_removed_and_changes_nothing_until_confirmed()
    {
        string[] sourceRights = [Permissions.Reports.View, Permissions.Funnel.View, Permissions.Calendar.EditOthers, Permissions.Clients.ViewOwn];
        string[] targetRights = [Permissions.Deals.ViewOwn, Permissions.Reports.View, Permissions.Clients.ViewOwn, Permissions.Packages.Send];
        var (sourceId, sourceName) = await app.CreateUserAsync(sourceRights);
        var (targetId, _) = await app.CreateUserAsync(targetRights);
        using var admin = await app.SignedInAsync("admin", "demo-crm-2026");
        await admin.PostFormAsync("/culture", new { culture = "ru", returnUrl = "/" }, "/");

        // No source and no template is preselected.
        var rights = await admin.PageAsync($"/admin/users/{targetId}");
        Assert.Null(rights.QuerySelector("#sourceId option[selected]"));
        Assert.Null(rights.QuerySelector("#template option[selected]"));
        Assert.Equal("", rights.QuerySelector("#template option")!.GetAttribute("value"));

        // Previewing without a source asks for one.
        Assert.NotNull((await admin.PageAsync($"/admin/users/{targetId}/copy?sourceId=")).QuerySelector("#choose-first"));

        // The preview lists the difference, computed here from the two sets.
        var preview = await admin.PageAsync($"/admin/users/{targetId}/copy?sourceId={sourceId}");
        Assert.Equal(sourceRights.Except(targetRights).Order(StringComparer.Ordinal), Listed(preview, "added"));
        Assert.Equal(targetRights.Except(sourceRights).Order(StringComparer.Ordinal), Listed(preview, "removed"));
        Assert.Contains("Календарь — Изменение чужих планов", preview.QuerySelector("#added")!.TextContent);
        Assert.Equal(targetRights.Order(StringComparer.Ordinal), await RightsOfAsync(targetId));

        // A post without the confirmation leads to the preview and changes nothing.
        var unconfirmed = await admin.PostFormAsync($"/admin/users/{targetId}/copy", new { sourceId }, $"/admin/users/{targetId}");
        Assert.Equal(HttpStatusCode.Redirect, unconfirmed.StatusCode);
        Assert.Contains("/copy?sourceId=", unconfirmed.Headers.Location!.OriginalString);
        Assert.Equal(targetRights.Order(StringComparer.Ordinal), await RightsOfAsync(targetId));

        // The source's rights change after the preview: the old confirmation is refused.
        var form = preview.QuerySelector("form#confirm")!;
        var stale = form.QuerySelectorAll("input[type=hidden]").Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? "")).ToList();
        await app.WithServiceAsync<CrmDbContext, int>(async db =>
        {
            db.UserClaims.Add(new Microsoft.AspNetCore.Identity.IdentityUserClaim<string> { UserId = sourceId, ClaimType = Permissions.ClaimType, ClaimValue = Permissions.Deals.Export });
            return await db.SaveChangesAsync();
        });
        await admin.PostFormAsync($"/admin/users/{targetId}/copy", stale.Where(f => f.Key != "__RequestVerificationToken"), $"/admin/users/{targetId}");
        Assert.Equal(targetRights.Order(StringComparer.Ordinal), await RightsOfAsync(targetId));

        // Confirmed from a fresh preview: the target's rights are the source's.
        Assert.Equal(HttpStatusCode.Redirect, (await ConfirmAsync(admin, $"/admin/users/{targetId}/copy?sourceId={sourceId}")).StatusCode);
        Assert.Equal(sourceRights.Append(Permissions.Deals.Export).Order(StringComparer.Ordinal), await RightsOfAsync(targetId));

        // The rights history in words: who, whose rights, each right by module and name; no ids.
        var page = await admin.PageAsync($"/admin/users/{targetId}");
        var cells = string.Join(" | ", ReadableHistoryTests.AssertReadable(page, "#history", [sourceId, targetId]));
        Assert.Contains("скопированы права пользователя Test " + sourceName, cells);
        Assert.Contains("добавлено: Воронка — Просмотр воронки", cells);
        Assert.Contains("убрано: Пакеты — Отправка пакетов", cells);
        Assert.Contains("Администратор", cells);
        Assert.DoesNotContain(Permissions.Funnel.View, cells);
    }

    [Fact]
    public async Task Applying_a_template_and_disabling_wait_for_the_confirmation()
    {
        var (id, name) = await app.CreateUserAsync([Permissions.Clients.ViewOwn, Permissions.KnowledgeBase.Edit]);
        using var admin = await app.SignedInAsync("admin", "demo-crm-2026");
        var preview = await admin.PageAsync($"/admin/users/{id}/template?template={RoleTemplates.ManagerKey}");
        Assert.Equal(RoleTemplates.Manager.Permissions.Except([Permissions.Clients.ViewOwn]).Order(StringComparer.Ordinal), Listed(preview, "added"));
        Assert.Equal([Permissions.KnowledgeBase.Edit], Listed(preview, "removed"));
        Assert.Equal(2, (await RightsOfAsync(id)).Length);
        await admin.PostFormAsync($"/admin/users/{id}/template", new { template = RoleTemplates.ManagerKey }, $"/admin/users/{id}");
        Assert.Equal(2, (await RightsOfAsync(id)).Length);
        await ConfirmAsync(admin, $"/admin/users/{id}/template?template={RoleTemplates.ManagerKey}");
        Assert.Equal(RoleTemplates.Manager.Permissions.Order(StringComparer.Ordinal), await RightsOfAsync(id));

        bool Disabled() => app.WithServiceAsync<CrmDbContext, bool>(db => db.Users.Where(u => u.Id == id).Select(u => u.IsDisabled).SingleAsync()).Result;
        var confirm = await admin.PageAsync($"/admin/users/{id}/disable");
        Assert.Contains("Test " + name, confirm.QuerySelector("#consequence")!.TextContent);
        var unconfirmed = await admin.PostFormAsync($"/admin/users/{id}/disable", Array.Empty<KeyValuePair<string, string>>(), $"/admin/users/{id}");
        Assert.Equal(HttpStatusCode.Redirect, unconfirmed.StatusCode);
        Assert.False(Disabled());
        await ConfirmAsync(admin, $"/admin/users/{id}/disable");
        Assert.True(Disabled());
    }
}

public sealed class RightsPreviewTestsSqlite(SqliteApp app) : RightsPreviewTests(app);
public sealed class RightsPreviewTestsPostgreSql(PostgreSqlApp app) : RightsPreviewTests(app);
