using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Reports;

/// <summary>
/// The date each completed stage was entered, stored on the stage (what the funnel's days in a stage count from),
/// equals the rule computed here from the completions and the start — after board moves that complete several
/// stages the same day and reopen them — and the migrations' data steps compute the same dates from nothing; so
/// does the copy of the deal's start date each stage keeps for the funnel's period.
/// </summary>
public abstract partial class FunnelTests
{
    private async Task AssertEveryStageEnteredByTheRuleAsync(int dealId)
    {
        var rows = await app.InDbAsync(db => db.DealStages.AsNoTracking()
            .Select(s => new { s.Id, s.DealId, s.CompletedOn, s.EnteredOn, s.DealStartDate, s.Deal!.StartDate }).ToListAsync());
        foreach (var s in rows)
        {
            var expected = s.CompletedOn is { } done
                ? rows.Where(o => o.DealId == s.DealId && o.CompletedOn != null && o.CompletedOn < done).Select(o => o.CompletedOn).Max() ?? s.StartDate
                : (DateOnly?)null;
            Assert.True(expected == s.EnteredOn, $"stage row {s.Id} of deal {s.DealId}: entered {s.EnteredOn}, the rule says {expected}");
            Assert.True(s.StartDate == s.DealStartDate, $"stage row {s.Id} of deal {s.DealId}: deal start {s.DealStartDate}, the deal says {s.StartDate}");
        }
        // The moved deal has stages completed the same day (the case where "the previous stage" is not the previous row).
        Assert.Contains(rows.Where(r => r.DealId == dealId && r.CompletedOn != null).GroupBy(r => r.CompletedOn), g => g.Count() > 1);
    }

    [Fact]
    public async Task Each_completed_stage_stores_when_it_was_entered_by_the_rule_and_the_migration_backfill_agrees()
    {
        var f = await ReportFixture.ForAsync(app);
        var stages = f.StageList;
        var (owner, ownerName) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions, "be");
        var dealId = await app.InDbAsync(async db =>
        {
            var company = new Company { Name = "Stage entry " + Guid.NewGuid().ToString("N")[..6], ResponsibleId = owner };
            db.Companies.Add(company);
            await db.SaveChangesAsync();
            var deal = new Deal { Title = "Entered", ResponsibleId = owner, CompanyId = company.Id, CurrencyId = f.Rub, Status = DealStatus.Open, StartDate = new DateOnly(2025, 7, 2) };
            DealStagePlan.LayOut(deal, stages, owner);
            deal.Recalculate(2, s => stages.ToList().IndexOf(s), _ => false);
            deal.RefreshSearchText();
            db.Deals.Add(deal);
            await db.SaveChangesAsync();
            return deal.Id;
        });
        using var client = await app.SignedInAsync(ownerName);
        Task<Guid> StampAsync() => app.InDbAsync(db => db.Deals.Where(d => d.Id == dealId).Select(d => d.ConcurrencyStamp).SingleAsync());
        async Task MoveAsync(int stage) => Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"/funnel/board/{dealId}/move",
            new { stageId = stage.ToString(CultureInfo.InvariantCulture), stamp = await StampAsync() }, "/funnel/board")).StatusCode);
        // Over three stages at once (completed today, all three), back one, then on with "next stage".
        await MoveAsync(stages[3]);
        await MoveAsync(stages[2]);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"/funnel/board/{dealId}/next", new { stamp = await StampAsync() }, "/funnel/board")).StatusCode);
        Assert.Equal(stages[3], await app.InDbAsync(db => db.Deals.Where(d => d.Id == dealId).Select(d => d.CurrentStageId).SingleAsync()));
        await AssertEveryStageEnteredByTheRuleAsync(dealId);

        // The migration's data step, run on the same rows with the column emptied, gives the same dates.
        await app.InDbAsync(async db =>
        {
            await db.DealStages.ExecuteUpdateAsync(u => u.SetProperty(s => s.EnteredOn, (DateOnly?)null).SetProperty(s => s.DealStartDate, new DateOnly(2000, 1, 1)));
            var npgsql = db.Database.ProviderName!.Contains("Npgsql", StringComparison.Ordinal);
            await db.Database.ExecuteSqlRawAsync(npgsql ? Data.Migrations.PostgreSql.DealStageEnteredOn.Backfill : Data.Migrations.Sqlite.DealStageEnteredOn.Backfill);
            await db.Database.ExecuteSqlRawAsync(npgsql ? Data.Migrations.PostgreSql.DealStageStartDate.Backfill : Data.Migrations.Sqlite.DealStageStartDate.Backfill);
            return 0;
        });
        await AssertEveryStageEnteredByTheRuleAsync(dealId);
    }
}
