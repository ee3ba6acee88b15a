using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;
using WebCrm.Web.Features.Clients;

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
            // Matches of someone else's: never listed to me. So many of his contact persons match that a page by name
            // walks my companies (CompanyQuickSearch.ManyContacts) — and, 10 of them matching only through a contact
            // person, finds fewer than a page there, so the rest of that part is read too.
            Add($"{t} firm 0", "city 0", 1, other);
            Add("firm 9", "city 0", 2, other).Contacts.AddRange(
                Enumerable.Range(0, CompanyQuickSearch.ManyContacts).Select(i => new ContactPerson { FullName = $"Petrov {t} {i}" }));
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

    /// <summary>
    /// A page by name that walks the name order for the contact part (<see cref="CompanyQuickSearch.FirstMatches"/>) lists
    /// what the earlier shape listed — when the walk finds the page's share, when it finds fewer (the rest is read without
    /// the companies it found), when it finds none, and when too few contact persons match for a walk — both directions,
    /// each page, ties in the names. Small limits here stand for the app's (4,000 companies walked, 300 contact persons).
    /// </summary>
    [Fact]
    public async Task A_page_by_name_that_walks_for_the_contact_part_lists_what_the_union_of_ids_listed()
    {
        var (me, _) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        var (other, _) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        var t = CompanyFactory.Token();
        await app.InDbAsync(async db =>
        {
            for (var i = 0; i < 30; i++)
            {
                // Kinds: own text; a contact only; own text and a contact; nothing. Names repeat (ties), and the
                // contact-only companies are spread over the name order, more of them late than early.
                var kind = i % 4;
                var c = new Company { Name = kind is 0 or 2 ? $"{t} n{i % 7}" : $"n{(kind == 1 ? i % 5 : i % 3)} {t[..5]}", ResponsibleId = me };
                if (kind is 1 or 2)
                {
                    c.Contacts.Add(new ContactPerson { FullName = $"Ivanova {t} {i}" });
                }
                db.Companies.Add(c);
            }
            var theirs = new Company { Name = $"n0 {t[..5]}", ResponsibleId = other };
            theirs.Contacts.Add(new ContactPerson { FullName = $"Ivanova {t}" });
            db.Companies.Add(theirs);
            return await db.SaveChangesAsync();
        });
        var term = WebCrm.Domain.Common.SearchText.Normalize(t);
        var outcomes = new HashSet<string>();
        foreach (var desc in new[] { false, true })
        {
            IQueryable<Company> Sorted(IQueryable<Company> q) => desc ? q.OrderByDescending(c => c.Name).ThenByDescending(c => c.Id) : q.OrderBy(c => c.Name).ThenBy(c => c.Id);
            var (expected, order) = await app.InDbAsync(async db =>
            {
                var matching = db.Companies.Where(c => c.SearchText.Contains(term)).Select(c => c.Id)
                    .Union(db.ContactPersons.Where(p => p.SearchText.Contains(term)).Select(p => p.CompanyId));
                var found = await Sorted(db.Companies.Where(c => c.ResponsibleId == me && matching.Contains(c.Id))).Select(c => c.Id).ToListAsync();
                // My companies in the page's order, each marked when it matches only through a contact person.
                var mine = await Sorted(db.Companies.Where(c => c.ResponsibleId == me))
                    .Select(c => !c.SearchText.Contains(term) && db.ContactPersons.Any(p => p.CompanyId == c.Id && p.SearchText.Contains(term))).ToListAsync();
                return (found, mine);
            });
            Assert.Equal(23, expected.Count);
            foreach (var (walked, many) in new[] { (3, 1), (6, 1), (12, 1), (100, 1), (12, 1000) })
            {
                foreach (var take in new[] { 2, 5 })
                {
                    for (var page = 1; page * take <= 25; page++)
                    {
                        var needed = page * take;
                        var listed = await app.InDbAsync(db =>
                        {
                            var search = new CompanyQuickSearch(db, walked, many);
                            var visible = db.Companies.Where(c => c.ResponsibleId == me);
                            return Sorted(search.FirstMatches(visible, term, Sorted, needed)).Skip(needed - take).Take(take).Select(c => c.Id).ToListAsync();
                        });
                        var want = expected.Skip(needed - take).Take(take).ToList();
                        Assert.True(want.SequenceEqual(listed), $"desc {desc}, walked {walked}, many {many}, take {take}, page {page}: expected {string.Join(",", want)}, listed {string.Join(",", listed)}");
                        var inWalk = order.Take(walked).Count(x => x);
                        outcomes.Add(many > 1 ? "no walk" : inWalk >= needed ? "walk found the page" : inWalk > 0 ? "walk found fewer" : "walk found none");
                    }
                }
            }
        }
        Assert.Equal(["no walk", "walk found fewer", "walk found none", "walk found the page"], outcomes.Order());
    }
}

public sealed class QuickSearchShapeTestsSqlite(SqliteApp app) : QuickSearchShapeTests(app);
public sealed class QuickSearchShapeTestsPostgreSql(PostgreSqlApp app) : QuickSearchShapeTests(app);
