using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Deals;

/// <summary>
/// The company card's "Next step": of the open deals the user sees, the current stage (the first one not completed)
/// that ends first, one without a planned end after every dated one; closed deals and deals with every stage completed
/// give none. The expected step is picked in the test from the stages it stored.
/// </summary>
public abstract class CompanyNextStepTests(CrmApp app)
{
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.Now);

    /// <summary>A deal with the first <paramref name="completed"/> stages completed and the next one ending on <paramref name="currentEnd"/>.</summary>
    private Task<(int Id, int StageId)> DealAsync(int companyId, string owner, string title, int completed, DateOnly? currentEnd,
        DealStatus status = DealStatus.Open) => app.InDbAsync(async db =>
    {
        var rub = await db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync();
        var stages = await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.DealStage && r.IsActive).OrderBy(r => r.SortOrder)
            .Select(r => new { r.Id, r.SortOrder }).ToListAsync();
        var deal = new Deal
        {
            CompanyId = companyId, ResponsibleId = owner, Title = title, StartDate = new DateOnly(2026, 1, 5), CurrencyId = rub,
            Stages = stages.Select((s, i) => new DealStage
            {
                StageId = s.Id, ResponsibleId = owner,
                CompletedOn = i < completed ? new DateOnly(2026, 1, 10) : null,
                PlannedEnd = i == completed ? currentEnd : Today.AddDays(-300),
            }).ToList(),
        };
        if (status == DealStatus.Won)
        {
            Assert.Equal(DealRuleError.None, DealRules.MarkWon(deal, new DateOnly(2026, 2, 1), Today));
        }
        deal.Status = status;
        deal.Recalculate(2, s => stages.First(x => x.Id == s).SortOrder, _ => false);
        db.Deals.Add(deal);
        await db.SaveChangesAsync();
        return (deal.Id, completed < stages.Count ? stages[completed].Id : 0);
    });

    private Task<(string En, string Ru)> StageNameAsync(int stageId) => app.InDbAsync(async db =>
        await db.ReferenceItems.Where(r => r.Id == stageId).Select(r => new ValueTuple<string, string>(r.NameEn, r.NameRu)).SingleAsync());

    private static async Task<AngleSharp.Dom.IElement> NextAsync(CrmClient client, int companyId) =>
        (await client.PageAsync($"/clients/{companyId}")).QuerySelector("#fact-next")!;

    /// <summary>" · title" and, when the stage has a planned end, " · date".</summary>
    private static int Separators(AngleSharp.Dom.IElement next) => next.TextContent.Count(c => c == '·');

    [Fact]
    public async Task The_next_step_is_the_open_current_stage_that_ends_first_and_one_without_an_end_comes_last()
    {
        var (manager, name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        var client = await app.SignedInAsync(name);
        var t = CompanyFactory.Token();
        var company = await app.CreateCompanyAsync(manager, $"{t} client");
        await DealAsync(company.Id, manager, $"{t} later", 0, Today.AddDays(10));
        var soonest = await DealAsync(company.Id, manager, $"{t} soonest", 2, Today.AddDays(3));
        await DealAsync(company.Id, manager, $"{t} undated", 1, null);
        await DealAsync(company.Id, manager, $"{t} won", 0, Today.AddDays(-100), DealStatus.Won);

        var next = await NextAsync(client, company.Id);
        var link = next.QuerySelector("a")!;
        Assert.Equal($"/deals/{soonest.Id}?tab=stages", link.GetAttribute("href"));
        var (en, ru) = await StageNameAsync(soonest.StageId);
        Assert.Contains(link.TextContent.Trim(), new[] { en, ru });
        Assert.Contains($"{t} soonest", next.TextContent);
        Assert.Equal(2, Separators(next));
        Assert.Null(next.QuerySelector("[data-state=overdue]"));

        // Only an undated current stage left among the open deals: it is the next step, without a date.
        var undatedOnly = await app.CreateCompanyAsync(manager, $"{t} undated only");
        var undated = await DealAsync(undatedOnly.Id, manager, $"{t} no end", 3, null);
        await DealAsync(undatedOnly.Id, manager, $"{t} every stage done", 99, null);
        next = await NextAsync(client, undatedOnly.Id);
        Assert.Equal($"/deals/{undated.Id}?tab=stages", next.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal(1, Separators(next));

        // An overdue current stage comes first and is marked; a deal with every stage done and a closed one give no step.
        var overdue = await DealAsync(company.Id, manager, $"{t} overdue", 1, Today.AddDays(-2));
        next = await NextAsync(client, company.Id);
        Assert.Equal($"/deals/{overdue.Id}?tab=stages", next.QuerySelector("a")!.GetAttribute("href"));
        Assert.NotNull(next.QuerySelector("[data-state=overdue]"));
        var none = await app.CreateCompanyAsync(manager, $"{t} none");
        await DealAsync(none.Id, manager, $"{t} all done", 99, null);
        await DealAsync(none.Id, manager, $"{t} closed", 0, Today.AddDays(1), DealStatus.Won);
        Assert.Null((await NextAsync(client, none.Id)).QuerySelector("a"));
    }
}

public sealed class CompanyNextStepTestsSqlite(SqliteApp app) : CompanyNextStepTests(app);
public sealed class CompanyNextStepTestsPostgreSql(PostgreSqlApp app) : CompanyNextStepTests(app);
