using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Reports;

/// <summary>
/// Saved report definitions: personal ones are their owner's alone, shared ones open for everyone who sees reports
/// (and show each user his own numbers), only the owner deletes, anyone copies; the seeded shared reports exist,
/// open and cannot be deleted.
/// </summary>
public abstract class SavedReportTests(CrmApp app)
{
    private static int IdFrom(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/reports?Saved=", location);
        return int.Parse(location["/reports?Saved=".Length..], CultureInfo.InvariantCulture);
    }

    private static Task<HttpResponseMessage> SaveAsync(CrmClient client, string query, string name, bool shared) =>
        client.PostFormAsync("/reports/saved?" + query, new { Name = name, Shared = shared ? "true" : "false" }, "/reports?" + query);

    private static async Task<string[]> OptionsAsync(CrmClient client) =>
        (await client.PageAsync("/reports")).QuerySelectorAll("#Saved option").Select(o => o.TextContent.Trim()).ToArray();

    [Fact]
    public async Task Personal_reports_stay_with_their_owner_and_shared_ones_open_for_everyone()
    {
        var token = CompanyFactory.Token();
        var (_, n1) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        var (_, n2) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        using var m1 = await app.SignedInAsync(n1);
        using var m2 = await app.SignedInAsync(n2);
        const string query = "M=DealsWon&R=Region&C=Source&From=2025-01-01&To=2025-12-31&Chart=Pie";

        var personal = IdFrom(await SaveAsync(m1, query, $"{token} mine", shared: false));
        var shared = IdFrom(await SaveAsync(m1, query, $"{token} ours", shared: true));

        var page = await m1.PageAsync($"/reports?Saved={personal}");
        Assert.Equal($"{token} mine", page.QuerySelector("#saved-name")!.TextContent);
        Assert.Equal("DealsWon", page.QuerySelector("#M option[selected]")!.GetAttribute("value"));
        Assert.Equal("Source", page.QuerySelector("#C option[selected]")!.GetAttribute("value"));
        Assert.Equal("2025-12-31", page.QuerySelector("#To")!.GetAttribute("value"));
        Assert.NotNull(page.QuerySelector("#report-table"));

        Assert.Contains(await OptionsAsync(m1), o => o.StartsWith($"{token} mine", StringComparison.Ordinal));
        var seenByOther = await OptionsAsync(m2);
        Assert.DoesNotContain(seenByOther, o => o.StartsWith($"{token} mine", StringComparison.Ordinal));
        Assert.Contains(seenByOther, o => o.StartsWith($"{token} ours", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await m2.GetAsync($"/reports?Saved={personal}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await m2.GetAsync($"/reports?Saved={shared}")).StatusCode);

        // Only the owner deletes; another user may copy a shared report as his own personal one.
        Assert.Equal(HttpStatusCode.Forbidden, (await m2.PostFormAsync($"/reports/saved/{shared}/delete", new { }, $"/reports?Saved={shared}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await m2.PostFormAsync($"/reports/saved/{personal}/delete", new { }, "/reports")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await m2.PostFormAsync($"/reports/saved/{personal}/copy", new { }, "/reports")).StatusCode);
        var copy = IdFrom(await m2.PostFormAsync($"/reports/saved/{shared}/copy", new { }, $"/reports?Saved={shared}"));
        var copied = await app.InDbAsync(db => db.SavedReports.SingleAsync(r => r.Id == copy));
        Assert.False(copied.IsShared);
        Assert.Equal(await app.InDbAsync(db => db.SavedReports.Where(r => r.Id == shared).Select(r => r.Definition).SingleAsync()), copied.Definition);
        Assert.Equal(HttpStatusCode.NotFound, (await m1.GetAsync($"/reports?Saved={copy}")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await m1.PostFormAsync($"/reports/saved/{personal}/delete", new { }, $"/reports?Saved={personal}")).StatusCode);
        Assert.False(await app.InDbAsync(db => db.SavedReports.AnyAsync(r => r.Id == personal)));
    }

    [Fact]
    public async Task A_report_without_a_name_or_with_errors_is_not_saved()
    {
        var token = CompanyFactory.Token();
        var (id, name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        using var m = await app.SignedInAsync(name);
        var before = await app.InDbAsync(db => db.SavedReports.CountAsync(r => r.OwnerId == id));
        var unnamed = await SaveAsync(m, "M=Sales&R=Salesperson", "", shared: false);
        Assert.Equal(HttpStatusCode.Redirect, unnamed.StatusCode);
        var wrong = await SaveAsync(m, "M=Payments&R=Product", token, shared: false);
        Assert.Equal(HttpStatusCode.Redirect, wrong.StatusCode);
        Assert.Equal(before, await app.InDbAsync(db => db.SavedReports.CountAsync(r => r.OwnerId == id)));
    }

    [Fact]
    public async Task The_seeded_shared_reports_open_for_a_manager_and_nobody_deletes_them()
    {
        var (_, name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        using var m = await app.SignedInAsync(name);
        var options = await OptionsAsync(m);
        foreach (var seeded in new[] { "Sales by manager by month", "Sales by product by quarter", "Losses by reason and stage", "Debtors" })
        {
            Assert.Contains(options, o => o.StartsWith(seeded, StringComparison.Ordinal));
        }
        var id = await app.InDbAsync(db => db.SavedReports.Where(r => r.Code == "sales-by-manager-month").Select(r => r.Id).SingleAsync());
        var page = await m.PageAsync($"/reports?Saved={id}");
        Assert.Equal("Month", page.QuerySelector("#Step option[selected]")!.GetAttribute("value"));
        Assert.Equal(12, page.QuerySelectorAll("#report-table thead th[data-key]").Length);
        Assert.Equal("Bar", page.QuerySelector("#Chart option[selected]")!.GetAttribute("value"));
        Assert.Equal(HttpStatusCode.Forbidden, (await m.PostFormAsync($"/reports/saved/{id}/delete", new { }, $"/reports?Saved={id}")).StatusCode);
        Assert.True(await app.InDbAsync(db => db.SavedReports.AnyAsync(r => r.Id == id)));
    }
}

public sealed class SavedReportTestsSqlite(SqliteApp app) : SavedReportTests(app);
public sealed class SavedReportTestsPostgreSql(PostgreSqlApp app) : SavedReportTests(app);
