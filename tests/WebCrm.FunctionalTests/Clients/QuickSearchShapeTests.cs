using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Clients;

/// <summary>
/// The quick search is two disjoint parts — companies matching by their own text, then those matched only by a contact
/// person (UNION ALL, so a page stops early) — and must list exactly what the earlier shape, the visible companies whose
/// id is in the union of both sets of ids, listed: the same companies, once each, in the same order under every sort
/// and direction, ties included, across pages.
/// </summary>
public abstract class QuickSearchShapeTests(CrmApp app)
{
    private const int Size = 25;

    private static readonly Dictionary<string, Expression<Func<Company, object?>>> Keys = new()
    {
        ["name"] = c => c.Name,
        ["city"] = c => c.City,
        ["inn"] = c => c.Inn,
        ["phone"] = c => c.Phone,
        ["created"] = c => c.CreatedAtUtc,
        ["region"] = c => c.Region!.SortOrder,
        ["responsible"] = c => c.ResponsibleId,
    };

    [Fact]
    public async Task The_two_part_search_lists_what_the_union_of_ids_listed_in_every_sort_and_direction()
    {
        var (me, name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        var (other, _) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        using var client = await app.SignedInAsync(name);
        var t = CompanyFactory.Token();
        await app.InDbAsync(async db =>
        {
            var regions = await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.Region).OrderBy(r => r.Id).Select(r => (int?)r.Id).Take(2).ToListAsync();
            var companies = new List<Company>();
            Company Add(string companyName, string? city, int i, string responsible)
            {
                var c = new Company { Name = companyName, City = city, ResponsibleId = responsible, RegionId = i % 3 == 0 ? null : regions[i % 2],
                    Inn = i % 4 == 0 ? null : $"77{i % 5:D8}", Phone = i % 2 == 0 ? "+7 495 000-00-00" : null };
                companies.Add(c);
                return c;
            }
            for (var i = 0; i < 40; i++)
            {
                // Own text only; own text and a contact; a contact only (one or two matching contacts); no match at all.
                // Names and cities repeat, so every sort has ties for the id to break.
                var kind = i % 4;
                var companyName = kind == 2 ? $"firm {i % 3} {t[..4]}" : kind == 3 ? $"other {i % 3}" : $"{t} firm {i % 3}";
                var c = Add(companyName, i % 5 == 0 ? null : $"city {i % 2}", i, me);
                if (kind is 1 or 2)
                {
                    c.Contacts.Add(new ContactPerson { FullName = $"Petrov {t} {i}" });
                    if (i % 3 == 0)
                    {
                        c.Contacts.Add(new ContactPerson { FullName = $"Sidorov {t} {i}" });
                    }
                }
                if (kind == 3)
                {
                    c.Contacts.Add(new ContactPerson { FullName = $"Ivanov {i}" });
                }
            }
            // Matches of someone else's: never listed to me.
            Add($"{t} firm 0", "city 0", 1, other);
            Add("firm 9", "city 0", 2, other).Contacts.Add(new ContactPerson { FullName = $"Petrov {t}" });
            db.Companies.AddRange(companies);
            return await db.SaveChangesAsync();
        });

        var term = WebCrm.Domain.Common.SearchText.Normalize(t);
        var checkedSorts = 0;
        foreach (var (sort, key) in Keys)
        {
            foreach (var desc in new[] { false, true })
            {
                var expected = await app.InDbAsync(db =>
                {
                    // The earlier shape: the visible (here: my) companies whose id is in the union of the two sets of ids.
                    var matching = db.Companies.Where(c => c.SearchText.Contains(term)).Select(c => c.Id)
                        .Union(db.ContactPersons.Where(p => p.SearchText.Contains(term)).Select(p => p.CompanyId));
                    var found = db.Companies.Where(c => c.ResponsibleId == me && matching.Contains(c.Id));
                    var sorted = desc ? found.OrderByDescending(key).ThenByDescending(c => c.Id) : found.OrderBy(key).ThenBy(c => c.Id);
                    return sorted.Select(c => c.Id).ToListAsync();
                });
                var listed = new List<int>();
                for (var page = 1; page <= 2; page++)
                {
                    var doc = await client.PageAsync($"/clients?q={Uri.EscapeDataString(t)}&sort={sort}&desc={desc}&size={Size}&page={page}");
                    listed.AddRange(doc.QuerySelectorAll("#companies tbody tr[data-id]").Select(r => int.Parse(r.GetAttribute("data-id")!)));
                }
                // 30 of the 40 match (kinds 0, 1 and 2): two pages of 25, the second part of each page from either part.
                Assert.Equal(30, expected.Count);
                Assert.True(expected.SequenceEqual(listed), $"sort {sort}, desc {desc}: expected {string.Join(",", expected)}, listed {string.Join(",", listed)}");
                checkedSorts++;
            }
        }
        Assert.Equal(Keys.Count * 2, checkedSorts);
    }
}

public sealed class QuickSearchShapeTestsSqlite(SqliteApp app) : QuickSearchShapeTests(app);
public sealed class QuickSearchShapeTestsPostgreSql(PostgreSqlApp app) : QuickSearchShapeTests(app);
