using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Clients;

/// <summary>
/// The quick search's default order, the best match: the companies whose name starts with the term first, in name-key
/// order, then every other match (own text or a contact person) by name; read in parts, so the pages across the boundary
/// must still list every match once, in that order. An explicit sort by name keeps the plain name order.
/// </summary>
public abstract class BestMatchTests(CrmApp app)
{
    private const int Size = 25;

    private static List<int> Rows(AngleSharp.Html.Dom.IHtmlDocument doc) =>
        doc.QuerySelectorAll("#companies tbody tr[data-id]").Select(r => int.Parse(r.GetAttribute("data-id")!)).ToList();

    [Fact]
    public async Task Name_prefix_matches_come_first_in_key_order_then_the_others_by_name_across_pages()
    {
        var (me, name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        var (other, _) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        using var client = await app.SignedInAsync(name);
        var t = CompanyFactory.Token();
        var term = Domain.Common.SearchText.Normalize(t);
        await app.InDbAsync(async db =>
        {
            var companies = new List<Company>();
            // 30 whose name starts with the term (upper case, other suffixes, a leading space), names repeating for the id to break ties.
            for (var i = 0; i < 30; i++)
            {
                var prefixName = (i % 3) switch { 0 => $"{t.ToUpperInvariant()} {(char)('z' - i % 7)}", 1 => $" {t}ё {i % 4}", _ => $"{t}Zeta {i % 5}" };
                companies.Add(new Company { Name = prefixName, ResponsibleId = me });
            }
            // 22 with the term inside the name or another field, 8 found only through a contact person, 5 not found.
            for (var i = 0; i < 22; i++)
            {
                companies.Add(i % 2 == 0
                    ? new Company { Name = $"{(char)('a' + i % 6)} firm {t}", ResponsibleId = me }
                    : new Company { Name = $"Ё works {i % 3}", City = $"{t} city", ResponsibleId = me });
            }
            for (var i = 0; i < 8; i++)
            {
                companies.Add(new Company { Name = $"contact firm {i % 3}", ResponsibleId = me, Contacts = [new ContactPerson { FullName = $"Petrov {t} {i}" }] });
            }
            for (var i = 0; i < 5; i++)
            {
                companies.Add(new Company { Name = $"other {i}", ResponsibleId = me });
            }
            // Someone else's matches, one of each part: never listed to me.
            companies.Add(new Company { Name = $"{t} foreign", ResponsibleId = other });
            companies.Add(new Company { Name = $"foreign {t}", ResponsibleId = other });
            db.Companies.AddRange(companies);
            return await db.SaveChangesAsync();
        });

        var (prefix, rest, byName) = await app.InDbAsync(async db =>
        {
            var matching = db.Companies.Where(c => c.SearchText.Contains(term)).Select(c => c.Id)
                .Union(db.ContactPersons.Where(p => p.SearchText.Contains(term)).Select(p => p.CompanyId));
            var found = await db.Companies.Where(c => c.ResponsibleId == me && matching.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToListAsync();
            // The key computed here, not read: trimmed and lower-cased name.
            var keyed = found.Select(c => (c.Id, c.Name, Key: c.Name.Trim().ToLowerInvariant())).ToList();
            var prefixIds = keyed.Where(c => c.Key.StartsWith(term, StringComparison.Ordinal))
                .OrderBy(c => c.Key, StringComparer.Ordinal).ThenBy(c => c.Id).Select(c => c.Id).ToList();
            // The rest in the database's own name order (its collation), as the list by name orders.
            var restIds = keyed.Select(c => c.Id).Except(prefixIds).ToList();
            var restSorted = await db.Companies.Where(c => restIds.Contains(c.Id)).OrderBy(c => c.Name).ThenBy(c => c.Id).Select(c => c.Id).ToListAsync();
            var all = await db.Companies.Where(c => c.ResponsibleId == me && matching.Contains(c.Id)).OrderBy(c => c.Name).ThenBy(c => c.Id).Select(c => c.Id).ToListAsync();
            return (prefixIds, restSorted, all);
        });
        Assert.Equal(30, prefix.Count);
        Assert.Equal(30, rest.Count);

        var listed = new List<int>();
        for (var page = 1; page <= 3; page++)
        {
            var doc = await client.PageAsync($"/clients?q={Uri.EscapeDataString(t)}&size={Size}&page={page}");
            if (page == 1)
            {
                Assert.Contains("60", doc.QuerySelector("#total")!.TextContent);
                Assert.Equal("STRONG", doc.QuerySelector("#best-match")!.TagName);
                // Paging links carry the order.
                Assert.Contains(doc.QuerySelectorAll("a[href*='page=2']"), a => a.GetAttribute("href")!.Contains("sort=match"));
            }
            listed.AddRange(Rows(doc));
        }
        var expected = prefix.Concat(rest).ToList();
        Assert.True(expected.SequenceEqual(listed), $"expected {string.Join(",", expected)}, listed {string.Join(",", listed)}");

        // The same order in the CSV export: its lines name the companies in the list's order.
        var csv = await (await client.GetAsync($"/clients/export?q={Uri.EscapeDataString(t)}")).Content.ReadAsStringAsync();
        var names = await app.InDbAsync(db => db.Companies.Where(c => expected.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name));
        var cursor = 0;
        foreach (var id in expected)
        {
            var at = csv.IndexOf(names[id].Trim(), cursor, StringComparison.Ordinal);
            Assert.True(at >= 0, $"company {id} ({names[id]}) is not in the export after the one before it");
            cursor = at + names[id].Trim().Length;
        }

        // An explicit sort by name: the plain name order, as before.
        var byNameListed = new List<int>();
        for (var page = 1; page <= 3; page++)
        {
            var doc = await client.PageAsync($"/clients?q={Uri.EscapeDataString(t)}&sort=name&size={Size}&page={page}");
            Assert.Equal("A", doc.QuerySelector("#best-match")!.TagName);
            byNameListed.AddRange(Rows(doc));
        }
        Assert.Equal(byName, byNameListed);
    }

    [Fact]
    public async Task The_name_key_follows_the_name_and_the_migration_fill_computes_the_same_key()
    {
        var names = new[] { "  ЁЛКА Ltd ", "Ёжик и Ко", "MiXeD Case Ltd", "\u00A0Nbsp\u2003name\u3000", "Straße GmbH", "\tТАБ\n", "İstanbul Ş" };
        var t = CompanyFactory.Token();
        var ids = await app.InDbAsync(async db =>
        {
            var made = names.Select(n => new Company { Name = n + " " + t, ResponsibleId = "" }).ToList();
            foreach (var c in made)
            {
                c.ResponsibleId = await db.Users.Select(u => u.Id).OrderBy(u => u).FirstAsync();
            }
            db.Companies.AddRange(made);
            await db.SaveChangesAsync();
            return made.Select(c => c.Id).ToList();
        });
        var expected = names.Select(n => (n + " " + t).Trim().ToLowerInvariant()).ToList();
        Assert.Equal(expected, await app.InDbAsync(db => KeysAsync(db, ids)));

        // A rename refreshes the key in the same save.
        await app.InDbAsync(async db =>
        {
            var c = await db.Companies.SingleAsync(c => c.Id == ids[0]);
            c.Name = "Renamed ЁЛКА " + t;
            return await db.SaveChangesAsync();
        });
        Assert.Equal("renamed ёлка " + t.ToLowerInvariant(), (await app.InDbAsync(db => KeysAsync(db, ids)))[0]);
        expected[0] = "renamed ёлка " + t.ToLowerInvariant();

        // The migration's SQL fill, run on these rows after emptying their key, gives the C# key.
        await app.InDbAsync(async db =>
        {
            var fill = (db.Database.IsNpgsql() ? CompanyNameKeys.FillPostgreSql : CompanyNameKeys.FillSqlite).TrimEnd(';');
            var idList = string.Join(",", ids);
#pragma warning disable EF1002 // the ids are integers of this test, the fill is the migration's constant
            await db.Database.ExecuteSqlRawAsync($"UPDATE \"Companies\" SET \"NameKey\" = 'x' WHERE \"Id\" IN ({idList})");
            return await db.Database.ExecuteSqlRawAsync($"{fill} WHERE \"Id\" IN ({idList})");
#pragma warning restore EF1002
        });
        Assert.Equal(expected, await app.InDbAsync(db => KeysAsync(db, ids)));
    }

    private static async Task<List<string>> KeysAsync(CrmDbContext db, List<int> ids)
    {
        var keys = await db.Companies.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.NameKey }).ToDictionaryAsync(c => c.Id, c => c.NameKey);
        return ids.Select(id => keys[id]).ToList();
    }
}

public sealed class BestMatchTestsSqlite(SqliteApp app) : BestMatchTests(app);
public sealed class BestMatchTestsPostgreSql(PostgreSqlApp app) : BestMatchTests(app);
