using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WebCrm.Data;
using WebCrm.Data.Auditing;
using WebCrm.Domain.Clients;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Foundation;

/// <summary>
/// A query marked <see cref="GenericPlans.WithGenericPlan{T}"/> runs with <c>plan_cache_mode=auto</c> and keeps
/// PostgreSQL's generic plan; every other query still runs with <c>force_custom_plan</c> on the same session, also after
/// a marked one failed, and saves are sent as they are. One pooled connection of one session (pool size 1), so every
/// command below meets the mode the one before it left.
/// </summary>
public sealed class GenericPlanTests(PostgreSqlApp app)
{
    private PostgreSqlCrmDbContext OneSession()
    {
        using var scope = app.Services.CreateScope();
        var connection = new NpgsqlConnectionStringBuilder(scope.ServiceProvider.GetRequiredService<CrmDbContext>().Database.GetConnectionString())
        {
            MaxPoolSize = 1,
            ApplicationName = $"generic-plan-tests-{Guid.NewGuid():N}",
        };
        var options = new DbContextOptionsBuilder<PostgreSqlCrmDbContext>();
        DbContextOptionsSetup.UsePostgreSql(options, connection.ConnectionString);
        return new PostgreSqlCrmDbContext(options.Options, SystemUser.Instance, TimeProvider.System);
    }

    private static Task<string> ModeAsync(CrmDbContext db, bool generic)
    {
        var query = db.Database.SqlQueryRaw<string>("SELECT current_setting('plan_cache_mode') AS \"Value\"");
        return (generic ? query.WithGenericPlan() : query).SingleAsync();
    }

    [Fact]
    public async Task A_marked_query_runs_with_auto_plans_and_the_next_unmarked_one_with_custom_plans_again_even_after_a_failure()
    {
        await using var db = OneSession();
        Assert.Equal("force_custom_plan", await ModeAsync(db, generic: false));
        Assert.Equal("auto", await ModeAsync(db, generic: true));
        Assert.Equal("auto", await ModeAsync(db, generic: true));
        Assert.Equal("force_custom_plan", await ModeAsync(db, generic: false));
        Assert.Equal("auto", await ModeAsync(db, generic: true));

        // A marked query that fails rolls its SET back with it: the session's mode is then unknown and set again.
        await Assert.ThrowsAsync<PostgresException>(() =>
            db.Database.SqlQueryRaw<int>("SELECT 1 / (SELECT 0) AS \"Value\"").WithGenericPlan().SingleAsync());
        Assert.Equal("force_custom_plan", await ModeAsync(db, generic: false));
        await Assert.ThrowsAsync<PostgresException>(() =>
            db.Database.SqlQueryRaw<int>("SELECT 1 / (SELECT 0) AS \"Value\"").WithGenericPlan().SingleAsync());
        Assert.Equal("auto", await ModeAsync(db, generic: true));

        // A save after a marked query is sent without a SET ahead of it: EF reads its row counts right.
        var company = new Company { Name = $"{CompanyFactory.Token()} plan mode", ResponsibleId = (await app.CreateUserAsync([])).Id };
        db.Companies.Add(company);
        await db.SaveChangesAsync();
        company.City = "Tver";
        await db.SaveChangesAsync();
        Assert.Equal("Tver", await db.Companies.Where(c => c.Id == company.Id).WithGenericPlan().Select(c => c.City).SingleAsync());
        db.Companies.Remove(company);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_marked_lookup_keeps_a_generic_plan_after_its_first_runs_and_an_unmarked_one_is_planned_every_time()
    {
        await using var db = OneSession();
        var ids = await db.Companies.OrderBy(c => c.Id).Select(c => c.Id).Take(3).ToListAsync();
        if (ids.Count == 0)
        {
            var company = new Company { Name = $"{CompanyFactory.Token()} plan lookup", ResponsibleId = (await app.CreateUserAsync([])).Id };
            db.Companies.Add(company);
            await db.SaveChangesAsync();
            ids.Add(company.Id);
        }
        for (var i = 0; i < 12; i++)
        {
            var id = ids[i % ids.Count];
            await db.Companies.Where(c => c.Id == id).WithGenericPlan().Select(c => c.Name).SingleAsync();
            await db.Companies.Where(c => c.Id == id).Select(c => c.Inn).SingleAsync();
        }
        // The statements Npgsql prepared on this session, with how PostgreSQL planned their runs.
        var plans = await db.Database.SqlQueryRaw<PlanCounts>(
            "SELECT statement AS \"Statement\", generic_plans AS \"Generic\", custom_plans AS \"Custom\" FROM pg_prepared_statements").ToListAsync();
        var marked = Assert.Single(plans, p => p.Statement.Contains(GenericPlans.Tag, StringComparison.Ordinal) && p.Statement.Contains("\"Name\"", StringComparison.Ordinal));
        var unmarked = Assert.Single(plans, p => !p.Statement.Contains(GenericPlans.Tag, StringComparison.Ordinal) && p.Statement.Contains("\"Inn\"", StringComparison.Ordinal));
        Assert.True(marked.Generic > 0, $"the marked lookup was planned generically {marked.Generic} times, with its values {marked.Custom} times");
        Assert.Equal(0, unmarked.Generic);
        Assert.True(unmarked.Custom > 0);
    }

    private sealed record PlanCounts(string Statement, long Generic, long Custom);
}
