using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;
using WebCrm.Web.Features.Deals;

namespace WebCrm.FunctionalTests.Deals;

/// <summary>
/// A manager's deal list as it opens (start-date order, no search or filter) reads the rule's three parts down their own
/// indexes, "the deals of his companies" by the copy of the company's responsible stored on each deal. Every page, either
/// way, must be the page this test computes from the deals, companies and stages as stored — and stay so after each change
/// that moves the copy (a company given to him, a deal moved away, a deal added), made through the app's forms. The copy
/// itself equals the company's responsible after each change; wiped, the list loses his companies' deals; rebuilt by the
/// rebuild command's service, it is whole again.
/// </summary>
public abstract class DealCompanyResponsibleTests(CrmApp app)
{
    private static string S(int v) => v.ToString(CultureInfo.InvariantCulture);

    private sealed record Stored(int Id, DateOnly Start, string Responsible, int CompanyId, string CompanyResponsible, string? Copy, bool StageOfMine);

    [Fact]
    public async Task The_list_by_parts_equals_the_rule_on_every_page_after_every_change_of_the_company_responsible()
    {
        var (me, myName) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        var (other, _) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        var (_, directorName) = await app.CreateUserAsync(RoleTemplates.Director.Permissions);
        using var client = await app.SignedInAsync(myName);
        using var director = await app.SignedInAsync(directorName);
        var t = CompanyFactory.Token();
        var mine = await app.CreateCompanyAsync(me, $"{t} mine");
        var theirs = await app.CreateCompanyAsync(other, $"{t} theirs");
        var later = await app.CreateCompanyAsync(other, $"{t} later");
        var companies = new[] { mine.Id, theirs.Id, later.Id };
        var rub = await app.InDbAsync(async db =>
        {
            var currency = await db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync();
            var stages = await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.DealStage && r.IsActive).OrderBy(r => r.SortOrder)
                .Select(r => r.Id).Take(3).ToListAsync();
            var random = new Random(7);
            Deal New(int i, int companyId, string responsible, string? stageResponsible)
            {
                // Twenty days for 150 deals: many share a start date (the order's tie on the key).
                var start = new DateOnly(2026, 2, 1).AddDays(random.Next(20));
                return new Deal
                {
                    CompanyId = companyId, ResponsibleId = responsible, Title = $"{t} {i:D3}", StartDate = start, CurrencyId = currency,
                    Stages = stages.Select((s, k) => new DealStage
                    {
                        StageId = s, Position = k + 1, DealStartDate = start,
                        ResponsibleId = k == 1 && stageResponsible is not null ? stageResponsible : responsible,
                    }).ToList(),
                };
            }
            var deals = new List<Deal>();
            for (var i = 0; i < 150; i++)
            {
                deals.Add((i % 5) switch
                {
                    0 => New(i, theirs.Id, me, null),           // his own
                    1 => New(i, mine.Id, other, null),          // of his company
                    2 => New(i, theirs.Id, other, me),          // with a stage of his
                    3 => New(i, later.Id, other, null),         // of a company that becomes his
                    _ => New(i, theirs.Id, other, null),        // not his
                });
            }
            db.Deals.AddRange(deals);
            await db.SaveChangesAsync();
            return currency;
        });

        await AssertListAsync(client, me, companies, "deals added");

        // The company becomes his (the director's edit form): its deals are his to see, on every page.
        var company = await app.InDbAsync(db => db.Companies.AsNoTracking().SingleAsync(c => c.Id == later.Id));
        var edited = await director.PostFormAsync($"/clients/{later.Id}/edit", new Dictionary<string, string>
        {
            ["Name"] = company.Name, ["ResponsibleId"] = me, ["ConcurrencyStamp"] = company.ConcurrencyStamp.ToString(),
        }, $"/clients/{later.Id}/edit");
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        var nowVisible = await AssertListAsync(client, me, companies, "a company given to him");
        Assert.True(nowVisible >= 120, $"{nowVisible} deals visible");

        // A deal of his company moved to someone else's company (the deal's edit form) leaves his list.
        var moved = await app.InDbAsync(db => db.Deals.AsNoTracking().Where(d => d.CompanyId == mine.Id).OrderBy(d => d.Id).FirstAsync());
        var response = await director.PostFormAsync($"/deals/{moved.Id}/edit", new Dictionary<string, string>
        {
            ["Title"] = moved.Title, ["CompanyId"] = S(theirs.Id), ["StartDate"] = moved.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["CurrencyId"] = S(moved.CurrencyId), ["ResponsibleId"] = other, ["ConcurrencyStamp"] = moved.ConcurrencyStamp.ToString(),
        }, $"/deals/{moved.Id}/edit");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(nowVisible - 1, await AssertListAsync(client, me, companies, "a deal moved to another company"));

        // A deal added at his company by someone else (the new deal form), the earliest of all: first on his list.
        var created = await director.PostFormAsync("/deals/new", new Dictionary<string, string>
        {
            ["Title"] = $"{t} added", ["CompanyId"] = S(mine.Id), ["StartDate"] = "2026-01-15", ["CurrencyId"] = S(rub), ["ResponsibleId"] = other,
        }, "/deals/new");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var added = int.Parse(created.Headers.Location!.OriginalString.Split('/').Last(), CultureInfo.InvariantCulture);
        Assert.Equal(nowVisible, await AssertListAsync(client, me, companies, "a deal added at his company"));
        Assert.Equal(S(added), Ids(await client.PageAsync("/deals"))[0]);

        // The list reads the copies: wiped, his companies' deals are gone from it; rebuilt, they are back.
        await app.InDbAsync(db => db.Deals.Where(d => companies.Contains(d.CompanyId)).ExecuteUpdateAsync(s => s.SetProperty(d => d.CompanyResponsibleId, (string?)null)));
        var wiped = await StoredAsync(me, companies);
        var listed = await AllPagesAsync(client, "/deals");
        Assert.DoesNotContain(wiped, d => d.CompanyResponsible == me && d.Responsible != me && !d.StageOfMine && listed.Contains(S(d.Id)));
        Assert.True(listed.Count < nowVisible, "wiped copies: his companies' deals are not listed");
        var rebuilt = await app.WithServiceAsync<DealRecalculation, int>(r => r.RebuildCompanyResponsibleAsync(CancellationToken.None));
        Assert.True(rebuilt >= 151, $"{rebuilt} deals rebuilt");
        Assert.Equal(nowVisible, await AssertListAsync(client, me, companies, "rebuilt"));
    }

    private Task<List<Stored>> StoredAsync(string me, int[] companies) => app.InDbAsync(db => db.Deals.AsNoTracking()
        .Where(d => companies.Contains(d.CompanyId))
        .Select(d => new Stored(d.Id, d.StartDate, d.ResponsibleId, d.CompanyId, d.Company!.ResponsibleId, d.CompanyResponsibleId,
            d.Stages.Any(s => s.ResponsibleId == me)))
        .ToListAsync());

    /// <summary>
    /// Every copy equals its company's responsible, and every page of his list, earliest and newest first, is the page
    /// computed here from the stored rows by the rule. Returns how many deals he sees.
    /// </summary>
    private async Task<int> AssertListAsync(CrmClient client, string me, int[] companies, string step)
    {
        var stored = await StoredAsync(me, companies);
        Assert.All(stored, d => Assert.True(d.Copy == d.CompanyResponsible, $"{step}: deal {d.Id} keeps {d.Copy}, its company's responsible is {d.CompanyResponsible}"));
        var visible = stored.Where(d => d.Responsible == me || d.CompanyResponsible == me || d.StageOfMine).ToList();
        var earliest = visible.OrderBy(d => d.Start).ThenBy(d => d.Id).Select(d => S(d.Id)).ToList();
        var newest = visible.OrderByDescending(d => d.Start).ThenByDescending(d => d.Id).Select(d => S(d.Id)).ToList();
        Assert.Equal(earliest, await AllPagesAsync(client, "/deals"));
        Assert.Equal(newest, await AllPagesAsync(client, "/deals?Sort=start&Desc=true"));
        // A page size other than the default cuts the same order in other places.
        Assert.Equal(earliest.Skip(25).Take(25), Ids(await client.PageAsync("/deals?Size=25&Page=2")));
        return visible.Count;
    }

    private static async Task<List<string>> AllPagesAsync(CrmClient client, string url)
    {
        var all = new List<string>();
        for (var page = 1; page <= 10; page++)
        {
            var ids = Ids(await client.PageAsync($"{url}{(url.Contains('?') ? '&' : '?')}Page={page}"));
            all.AddRange(ids);
            if (ids.Count < DealListQuery.PageSize)
            {
                break;
            }
        }
        return all;
    }

    private static List<string> Ids(AngleSharp.Dom.IDocument page) =>
        page.QuerySelectorAll("#deals tbody tr[data-id]").Select(r => r.GetAttribute("data-id")!).ToList();
}

public sealed class DealCompanyResponsibleTestsSqlite(SqliteApp app) : DealCompanyResponsibleTests(app);
public sealed class DealCompanyResponsibleTestsPostgreSql(PostgreSqlApp app) : DealCompanyResponsibleTests(app);
