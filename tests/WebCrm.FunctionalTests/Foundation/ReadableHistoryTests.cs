using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Foundation;

/// <summary>
/// The change history speaks in names: after changes of references, users, states, dates and money on a company and
/// a deal, no history cell holds a GUID or one of the ids involved, and the names are there in the user's language.
/// </summary>
public abstract partial class ReadableHistoryTests(CrmApp app)
{
    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex GuidRegex();

    /// <summary>Each cell of the history table; fails on a GUID or a whole-token id of the given ones.</summary>
    internal static List<string> AssertReadable(AngleSharp.Html.Dom.IHtmlDocument page, string selector, IEnumerable<string> ids)
    {
        var table = page.QuerySelector(selector);
        Assert.NotNull(table);
        var cells = table!.QuerySelectorAll("tbody td").Select(td => td.TextContent.Trim()).ToList();
        Assert.NotEmpty(cells);
        foreach (var cell in cells)
        {
            Assert.False(GuidRegex().IsMatch(cell), $"a GUID in the history: '{cell}'");
            foreach (var id in ids.Distinct())
            {
                // A digit group of a formatted number ("123 456,78", thousands split by a space) or a part of a
                // date or time ("01.12.2026 09:43", "12/1/2026") is not an id.
                Assert.False(Regex.IsMatch(cell, $@"(?<![\w.,:/-]|\d\s){Regex.Escape(id)}(?![\w.,:/-]|\s\d)"), $"the raw id {id} in the history: '{cell}'");
            }
        }
        return cells;
    }

    [Fact]
    public async Task Company_and_deal_history_show_names_localized_states_and_culture_formatted_values()
    {
        var (m1, m1Name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        var (m2, _) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        var (directorId, directorName) = await app.CreateUserAsync(RoleTemplates.Director.Permissions);
        using var director = await app.SignedInAsync(directorName);
        using var manager = await app.SignedInAsync(m1Name);
        await manager.PostFormAsync("/culture", new { culture = "ru", returnUrl = "/" }, "/");
        await director.PostFormAsync("/culture", new { culture = "ru", returnUrl = "/" }, "/");
        var t = CompanyFactory.Token();
        var refs = await app.InDbAsync(db => db.ReferenceItems.AsNoTracking().Where(r => r.IsActive).ToListAsync());
        ReferenceItem Of(ReferenceListKind kind, int n) => refs.Where(r => r.Kind == kind).OrderBy(r => r.SortOrder).ThenBy(r => r.Id).ElementAt(n);
        var (region1, region2) = (Of(ReferenceListKind.Region, 0), Of(ReferenceListKind.Region, 1));
        var (source1, source2) = (Of(ReferenceListKind.ClientSource, 0), Of(ReferenceListKind.ClientSource, 1));
        var reason = Of(ReferenceListKind.LossReason, 0);
        var rub = await app.InDbAsync(db => db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync());

        // The company: created, then its region, source and responsible change.
        var company = await app.CreateCompanyAsync(m1, $"{t} История", c => { c.RegionId = region1.Id; c.SourceId = source1.Id; });
        var edit = await director.PostFormAsync($"/clients/{company.Id}/edit", new Dictionary<string, string>
        {
            ["Name"] = company.Name, ["RegionId"] = region2.Id.ToString(), ["SourceId"] = source2.Id.ToString(), ["ResponsibleId"] = m2,
            ["ConcurrencyStamp"] = company.ConcurrencyStamp.ToString(),
        }, $"/clients/{company.Id}/edit");
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);

        // The deal: source, end date and responsible change, a stage is planned and moved on, a payment, then lost.
        var created = await director.PostFormAsync("/deals/new", new Dictionary<string, string>
        {
            ["Title"] = $"{t} сделка", ["CompanyId"] = company.Id.ToString(), ["StartDate"] = "2026-01-01", ["CurrencyId"] = rub.ToString(),
            ["SourceId"] = source1.Id.ToString(), ["ResponsibleId"] = m1,
        }, "/deals/new");
        var dealId = int.Parse(created.Headers.Location!.OriginalString.Split('/').Last());
        Deal Reload() => app.InDbAsync(db => db.Deals.AsNoTracking().Include(d => d.Stages).SingleAsync(d => d.Id == dealId)).Result;
        var deal = Reload();
        var changed = await director.PostFormAsync($"/deals/{dealId}/edit", new Dictionary<string, string>
        {
            ["Title"] = deal.Title, ["CompanyId"] = company.Id.ToString(), ["StartDate"] = "2026-01-01", ["EndDate"] = "2026-03-15",
            ["CurrencyId"] = rub.ToString(), ["SourceId"] = source2.Id.ToString(), ["ResponsibleId"] = m2, ["ConcurrencyStamp"] = deal.ConcurrencyStamp.ToString(),
        }, $"/deals/{dealId}/edit");
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        deal = Reload();
        var first = deal.Stages.OrderBy(s => s.Position).First();
        var stagesForm = new Dictionary<string, string> { ["ConcurrencyStamp"] = deal.ConcurrencyStamp.ToString() };
        var ordered = deal.Stages.OrderBy(s => s.Position).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            stagesForm[$"Stages[{i}].Id"] = ordered[i].Id.ToString();
            stagesForm[$"Stages[{i}].ResponsibleId"] = i == 0 ? directorId : ordered[i].ResponsibleId ?? "";
            stagesForm[$"Stages[{i}].PlannedEnd"] = i == 0 ? "2026-02-10" : "";
        }
        Assert.Equal(HttpStatusCode.Redirect, (await director.PostFormAsync($"/deals/{dealId}/stages", stagesForm, $"/deals/{dealId}/stages")).StatusCode);
        deal = Reload();
        await director.PostFormAsync($"/deals/{dealId}/next-stage", new Dictionary<string, string> { ["ConcurrencyStamp"] = deal.ConcurrencyStamp.ToString() }, $"/deals/{dealId}/stages");
        deal = Reload();
        await director.PostFormAsync($"/deals/{dealId}/payments", new Dictionary<string, string>
        {
            ["Payment.Date"] = "2026-01-20", ["Payment.Amount"] = "123 456,78", ["Payment.CurrencyId"] = rub.ToString(), ["Payment.ConcurrencyStamp"] = deal.ConcurrencyStamp.ToString(),
        }, $"/deals/{dealId}");
        deal = Reload();
        var lost = await director.PostFormAsync($"/deals/{dealId}/close", new Dictionary<string, string>
        {
            ["Close.Outcome"] = "lost", ["Close.CloseDate"] = "2026-02-01", ["Close.LossReasonId"] = reason.Id.ToString(),
            ["Close.LostAtStageId"] = deal.CurrentStageId!.Value.ToString(), ["Close.ConcurrencyStamp"] = deal.ConcurrencyStamp.ToString(),
        }, $"/deals/{dealId}");
        Assert.Equal(HttpStatusCode.Redirect, lost.StatusCode);
        Assert.Equal(DealStatus.Lost, Reload().Status);

        var ids = new[] { m1, m2, directorId, company.Id.ToString(), dealId.ToString(), rub.ToString(), region1.Id.ToString(), region2.Id.ToString(),
            source1.Id.ToString(), source2.Id.ToString(), reason.Id.ToString(), first.Id.ToString(), first.StageId.ToString() }
            .Concat(deal.Stages.SelectMany(s => new[] { s.Id.ToString(), s.StageId.ToString() }));
        var userNames = await app.InDbAsync(db => db.Users.Where(u => u.Id == m1 || u.Id == m2 || u.Id == directorId).ToDictionaryAsync(u => u.Id, u => u.DisplayName));

        var companyCells = string.Join(" | ", AssertReadable(await director.PageAsync($"/clients/{company.Id}"), "#history", ids));
        Assert.Contains(region1.NameRu, companyCells);
        Assert.Contains(region2.NameRu, companyCells);
        Assert.Contains(source2.NameRu, companyCells);
        Assert.Contains(userNames[m1], companyCells);
        Assert.Contains(userNames[m2], companyCells);
        // The author as the card header shows people: the full name.
        Assert.Contains(userNames[directorId], companyCells);

        var dealCells = string.Join(" | ", AssertReadable(await director.PageAsync($"/deals/{dealId}"), "#history", ids));
        Assert.Contains(source1.NameRu, dealCells);
        Assert.Contains(source2.NameRu, dealCells);
        Assert.Contains("Открыта", dealCells);
        Assert.Contains("Проиграна", dealCells);
        Assert.Contains(reason.NameRu, dealCells);
        Assert.Contains(refs.Single(r => r.Id == first.StageId).NameRu, dealCells);
        Assert.Contains("15.03.2026", dealCells);
        Assert.Contains("10.02.2026", dealCells);
        // Money with its currency's symbol, like everywhere else on the card.
        Assert.Matches("123[\u00A0\u202F ]456,78\u00A0₽", dealCells);
        Assert.Contains(userNames[directorId], dealCells);
        Assert.Contains(userNames[m2], dealCells);
    }
}

public sealed class ReadableHistoryTestsSqlite(SqliteApp app) : ReadableHistoryTests(app);
public sealed class ReadableHistoryTestsPostgreSql(PostgreSqlApp app) : ReadableHistoryTests(app);
