using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Foundation;

/// <summary>
/// A capped count (<c>OrderBy(key).Take(cap).Count()</c>) goes to the database without the ORDER BY inside it
/// (<see cref="WebCrm.Data.CappedCounts"/>), so the database may stop at the cap-th match in any order, and it still
/// equals the exact count under the cap and the cap above it. Orders that change a result are kept.
/// </summary>
public abstract class CappedCountTests(CrmApp app)
{
    private const int Cap = 3;

    private async Task<string> CompaniesAsync(int count)
    {
        var (me, _) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        var t = CompanyFactory.Token();
        await app.InDbAsync(async db =>
        {
            // Names against the id order, so "the first three by name" and "the first three by id" differ.
            db.Companies.AddRange(Enumerable.Range(0, count).Select(i => new Company { Name = $"{t} {count - i:D2}", ResponsibleId = me }));
            return await db.SaveChangesAsync();
        });
        return t;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public async Task The_capped_count_is_the_exact_count_under_the_cap_and_the_cap_above_it(int matches)
    {
        var t = await CompaniesAsync(matches);
        var (topLevel, asColumn, exact) = await app.InDbAsync(async db =>
        {
            var found = db.Companies.Where(c => c.Name.StartsWith(t));
            var capped = found.OrderBy(c => c.Name).Take(Cap);
            var column = await db.Companies.Where(c => c.Id == db.Companies.Min(x => x.Id))
                .Select(c => capped.Count()).SingleAsync();
            return (await capped.CountAsync(), column, await found.CountAsync());
        });
        Assert.Equal(matches, exact);
        Assert.Equal(Math.Min(matches, Cap), topLevel);
        Assert.Equal(Math.Min(matches, Cap), asColumn);
    }

    [Fact]
    public async Task The_count_goes_without_its_order_but_orders_that_change_a_result_stay()
    {
        var t = await CompaniesAsync(5);
        await app.InDbAsync(async db =>
        {
            var found = db.Companies.Where(c => c.Name.StartsWith(t));
            var capped = found.OrderBy(c => c.Name).Take(Cap);
            // A page with its capped count as a column: the page keeps its order, the count loses its own.
            var page = found.OrderBy(c => c.Id).Take(2).Select(c => new { c.Id, Total = capped.Count() });
            var sql = page.ToQueryString();
            Assert.Equal(1, Occurrences(sql, "ORDER BY"));
            Assert.Equal(2, Occurrences(sql, "LIMIT"));
            Assert.True(sql.LastIndexOf("ORDER BY", StringComparison.Ordinal) > sql.LastIndexOf("count(*)", StringComparison.OrdinalIgnoreCase),
                $"the ORDER BY left must be the page's own:\n{sql}");

            // The sum of the first three by name, and a count of those of them that match something, depend on which three.
            var sumSql = db.Companies.Where(c => c.Id > 0).Select(c => capped.Sum(x => x.Id)).ToQueryString();
            Assert.Equal(1, Occurrences(sumSql, "ORDER BY"));
            var filteredSql = db.Companies.Where(c => c.Id > 0).Select(c => capped.Count(x => x.Name.EndsWith("1"))).ToQueryString();
            Assert.Equal(1, Occurrences(filteredSql, "ORDER BY"));

            // And they are computed over the first three by name: 01, 02 and 03, the last three ids.
            var ids = await found.OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();
            var firstThreeByName = ids.TakeLast(Cap).Sum();
            Assert.Equal(firstThreeByName, await found.Where(c => c.Id == ids[0]).Select(c => capped.Sum(x => x.Id)).SingleAsync());
            Assert.Equal(1, await found.Where(c => c.Id == ids[0]).Select(c => capped.Count(x => x.Name.EndsWith("1"))).SingleAsync());
            return 0;
        });
    }

    private static int Occurrences(string text, string what)
    {
        var n = 0;
        for (var i = text.IndexOf(what, StringComparison.OrdinalIgnoreCase); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.OrdinalIgnoreCase))
        {
            n++;
        }
        return n;
    }
}

public sealed class CappedCountTestsSqlite(SqliteApp app) : CappedCountTests(app);
public sealed class CappedCountTestsPostgreSql(PostgreSqlApp app) : CappedCountTests(app);
