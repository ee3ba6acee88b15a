using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;
using WebCrm.Web.Features.Clients;

namespace WebCrm.FunctionalTests.Clients;

/// <summary>
/// The best match where it meets the rest of the list: a count above <see cref="CompanyList.CountCap"/> (the capped
/// count and the pager past it), a rename through the edit form (the name key follows, so the company moves between the
/// parts), and a saved filter with a quick search term (it opens in the best match, not by name). Every test has its own
/// manager, who sees only his own companies, and its own term.
/// </summary>
public abstract class BestMatchChangesTests(CrmApp app)
{
    private static List<int> Rows(IHtmlDocument doc) =>
        doc.QuerySelectorAll("#companies tbody tr[data-id]").Select(r => int.Parse(r.GetAttribute("data-id")!)).ToList();

    /// <summary>The name key as the test computes it: the trimmed, lower-cased name (the names here are ASCII).</summary>
    private static string Key(string name) => name.Trim().ToLowerInvariant();

    /// <summary>The companies whose key starts with the term, in key order (ordinal, the key's "C" collation) and then id.</summary>
    private static List<int> PrefixOrder(IEnumerable<(int Id, string Name)> companies, string term) =>
        companies.Where(c => Key(c.Name).StartsWith(term, StringComparison.Ordinal))
            .OrderBy(c => Key(c.Name), StringComparer.Ordinal).ThenBy(c => c.Id).Select(c => c.Id).ToList();

    private static string Describe(IEnumerable<int> ids, IReadOnlyDictionary<int, string> names) => string.Join(" | ", ids.Select(id => names[id]));

    private static void Russian(CrmClient client)
    {
        client.Http.DefaultRequestHeaders.AcceptLanguage.Clear();
        client.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ru");
    }

    [Fact]
    public async Task Above_the_cap_the_list_says_more_than_starts_with_the_prefix_part_and_pages_past_the_cap()
    {
        var (me, name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        using var client = await app.SignedInAsync(name);
        var t = CompanyFactory.Token();
        var term = Domain.Common.SearchText.Normalize(t);
        const int size = 200;
        // 230 name-prefix matches (more than a page, so the second page straddles the parts) and enough other matches
        // for 30 more than the cap: the last of the six pages lies past the cap.
        const int prefixCount = 230;
        const int matching = CompanyList.CountCap + 30;
        var seeded = await app.InDbAsync(async db =>
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var companies = new List<Company>();
            for (var i = 0; i < prefixCount; i++)
            {
                // Upper case, a leading space and other suffixes: the key order is not the order of the names.
                var prefixName = (i % 3) switch
                {
                    0 => $"{t.ToUpperInvariant()} {(char)('Z' - i % 26)} {i % 7}",
                    1 => $" {t} {(char)('a' + i % 26)}",
                    _ => $"{t}-{i % 11}",
                };
                companies.Add(new Company { Name = prefixName, ResponsibleId = me });
            }
            for (var i = 0; i < matching - prefixCount; i++)
            {
                // The term inside the name, in another field, or only in a contact person's name.
                companies.Add((i % 4) switch
                {
                    0 or 1 => new Company { Name = $"{(char)('a' + i % 26)} firm {t} {i % 13}", ResponsibleId = me },
                    2 => new Company { Name = $"Works {i % 9}", City = $"{t} city", ResponsibleId = me },
                    _ => new Company { Name = $"Contact firm {i % 5}", ResponsibleId = me, Contacts = [new ContactPerson { FullName = $"Ivanov {t} {i}" }] },
                });
            }
            for (var i = 0; i < 5; i++)
            {
                companies.Add(new Company { Name = $"other {i}", ResponsibleId = me });
            }
            foreach (var c in companies)
            {
                c.RefreshSearchText();
                c.Contacts.ForEach(p => p.RefreshSearchText());
            }
            db.Companies.AddRange(companies);
            await db.SaveChangesAsync();
            return companies.Select(c => (c.Id, c.Name)).ToList();
        });
        var names = seeded.ToDictionary(c => c.Id, c => c.Name);
        var prefix = PrefixOrder(seeded, term);
        Assert.Equal(prefixCount, prefix.Count);
        // The rest in the database's own name order (its collation), as the list orders it; every seeded match that is not a prefix one.
        var restIds = seeded.Where(c => !c.Name.StartsWith("other ", StringComparison.Ordinal)).Select(c => c.Id).Except(prefix).ToList();
        var rest = await app.InDbAsync(db => db.Companies.Where(c => restIds.Contains(c.Id)).OrderBy(c => c.Name).ThenBy(c => c.Id).Select(c => c.Id).ToListAsync());
        Assert.Equal(matching - prefixCount, rest.Count);
        var expected = prefix.Concat(rest).ToList();

        var url = $"/clients?q={Uri.EscapeDataString(t)}&size={size}";
        var first = await client.PageAsync(url);
        Assert.Equal($"more than {CompanyList.CountCap} found", first.QuerySelector("#total")!.TextContent.Trim());
        Assert.Contains($"of more than {CompanyList.CountCap}", first.QuerySelector("#row-count")!.TextContent);
        // The first page is prefix matches only, in key order.
        var firstRows = Rows(first);
        Assert.True(prefix.Take(size).SequenceEqual(firstRows),
            $"first page: expected {Describe(prefix.Take(size), names)}; listed {Describe(firstRows, names)}");
        Assert.Equal("STRONG", first.QuerySelector("#best-match")!.TagName);

        // The pager's "next" links, followed to the end: five counted pages and the one past the cap, which the pager
        // offers because the fifth is full; together every match once, in the best-match order.
        var listed = new List<int>(firstRows);
        var doc = first;
        var pages = 1;
        while (doc.QuerySelector(".pagination a[rel=next]")?.GetAttribute("href") is { } next)
        {
            Assert.Contains("sort=match", next);
            Assert.Contains($"page={pages + 1}", next);
            doc = await client.PageAsync(next);
            pages++;
            listed.AddRange(Rows(doc));
            Assert.True(pages <= 7, "the pager never stops offering a next page");
        }
        Assert.Equal(6, pages);
        Assert.Contains($"{CompanyList.CountCap + 1}–{matching} of more than {CompanyList.CountCap}", doc.QuerySelector("#row-count")!.TextContent);
        Assert.True(expected.SequenceEqual(listed), $"expected {Describe(expected, names)}; listed {Describe(listed, names)}");

        // The same in Russian.
        Russian(client);
        var ru = await client.PageAsync(url);
        Assert.Equal($"найдено более {CompanyList.CountCap}", ru.QuerySelector("#total")!.TextContent.Trim());
        Assert.Contains($"из более чем {CompanyList.CountCap}", ru.QuerySelector("#row-count")!.TextContent);
        Assert.Equal(firstRows, Rows(ru));
    }

    /// <summary>Renames a company the way the edit page does: every field of its form as shown, the name changed, the form's token.</summary>
    private static async Task RenameAsync(CrmClient client, int id, string newName)
    {
        var url = $"/clients/{id}/edit";
        var form = (await client.PageAsync(url)).QuerySelector($"form[action='{url}']");
        Assert.NotNull(form);
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var e in form.QuerySelectorAll("input[name], select[name], textarea[name]"))
        {
            var field = e.GetAttribute("name")!;
            if (e.HasAttribute("disabled") || field == "__RequestVerificationToken")
            {
                continue;
            }
            switch (e)
            {
                case IHtmlInputElement { Type: "checkbox" or "radio" } box:
                    if (box.IsChecked)
                    {
                        fields.Add(new(field, box.Value));
                    }
                    break;
                case IHtmlSelectElement select:
                    fields.AddRange(select.SelectedOptions.Select(o => new KeyValuePair<string, string>(field, o.Value)));
                    break;
                case IHtmlTextAreaElement area:
                    fields.Add(new(field, area.Value));
                    break;
                default:
                    fields.Add(new(field, e.GetAttribute("value") ?? ""));
                    break;
            }
        }
        Assert.Single(fields, f => f.Key == "Name");
        fields = fields.Select(f => f.Key == "Name" ? new KeyValuePair<string, string>("Name", newName) : f).ToList();
        var saved = await client.PostFormAsync(url, fields, url);
        if (saved.StatusCode != HttpStatusCode.Redirect || saved.Headers.Location?.OriginalString != $"/clients/{id}")
        {
            var body = await saved.Content.ReadAsStringAsync();
            Assert.Fail($"saving {url} answered {(int)saved.StatusCode} {saved.Headers.Location}: {body[..Math.Min(body.Length, 1500)]}");
        }
    }

    [Fact]
    public async Task A_rename_in_the_edit_form_moves_the_company_into_the_prefix_part_in_key_order_and_out_of_it_again()
    {
        var (me, name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        using var client = await app.SignedInAsync(name);
        var t = CompanyFactory.Token();
        var term = Domain.Common.SearchText.Normalize(t);
        var upper = t.ToUpperInvariant();
        // Prefix names in upper and lower case (by name, on an ordinal collation, the upper-case ones would come first);
        // the others found by name or city, each name starting with its own capital letter, so any collation orders them alike.
        var seeded = new List<(int Id, string Name)>();
        foreach (var (companyName, city) in new[]
                 {
                     ($"{t} b one", (string?)null), ($"{t} y two", null), ($"{upper} D three", null),
                     ($"Alpha {t}", null), ("Mike works", $"{t} town"), ("Zeta X", $"{t} town"), ("Quiet firm", null),
                 })
        {
            var c = await app.CreateCompanyAsync(me, companyName, c => c.City = city);
            seeded.Add((c.Id, c.Name));
        }
        var zeta = seeded.Single(c => c.Name == "Zeta X").Id;
        var url = $"/clients?q={Uri.EscapeDataString(t)}";

        // The order the test expects with the companies under the names it gave them: prefix part in key order, then the
        // others (every company here but "Quiet firm" matches) by name.
        List<int> Expected()
        {
            var matches = seeded.Where(c => c.Name != "Quiet firm").ToList();
            var prefix = PrefixOrder(matches, term);
            var rest = matches.Where(c => !prefix.Contains(c.Id)).OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => c.Id);
            return prefix.Concat(rest).ToList();
        }
        async Task AssertOrderAsync(string when)
        {
            var names = seeded.ToDictionary(c => c.Id, c => c.Name);
            var doc = await client.PageAsync(url);
            var expected = Expected();
            var listed = Rows(doc);
            Assert.True(expected.SequenceEqual(listed), $"{when}: expected {Describe(expected, names)}; listed {Describe(listed, names)}");
            Assert.Equal("STRONG", doc.QuerySelector("#best-match")!.TagName);
        }
        void Renamed(int id, string newName) => seeded[seeded.FindIndex(c => c.Id == id)] = (id, newName);

        await AssertOrderAsync("before the renames");
        Assert.Equal(zeta, Expected()[^1]);

        // Into the prefix part: between "… d three" and "… y two" by its key, though its name is in upper case.
        var intoPrefix = $"{upper} M Zeta";
        await RenameAsync(client, zeta, intoPrefix);
        Renamed(zeta, intoPrefix);
        Assert.Equal(2, Expected().IndexOf(zeta));
        await AssertOrderAsync("after the rename into the prefix part");

        // Out of it again: still found by its city, now among the others by name.
        await RenameAsync(client, zeta, "Omega Y");
        Renamed(zeta, "Omega Y");
        Assert.Equal(5, Expected().IndexOf(zeta));
        await AssertOrderAsync("after the rename out of the prefix part");
    }

    [Fact]
    public async Task A_filter_saved_with_a_quick_search_term_opens_in_the_best_match()
    {
        var (me, name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        using var client = await app.SignedInAsync(name);
        var t = CompanyFactory.Token();
        var term = Domain.Common.SearchText.Normalize(t);
        // By name the others ("Alpha …", "Beta", "Gamma") would come before every "t…" name; by key the upper-case
        // prefix name is in the middle of the prefix part.
        var seeded = await app.InDbAsync(async db =>
        {
            var companies = new List<Company>
            {
                new() { Name = $"{t.ToUpperInvariant()} K", ResponsibleId = me },
                new() { Name = $"{t} c", ResponsibleId = me },
                new() { Name = $" {t} q", ResponsibleId = me },
                new() { Name = $"Alpha {t}", ResponsibleId = me },
                new() { Name = "Beta", City = $"{t} city", ResponsibleId = me },
                new() { Name = "Gamma", ResponsibleId = me, Contacts = [new ContactPerson { FullName = $"Petrov {t}" }] },
                new() { Name = "Delta", ResponsibleId = me },
            };
            db.Companies.AddRange(companies);
            await db.SaveChangesAsync();
            return companies.Select(c => (c.Id, c.Name)).ToList();
        });
        var names = seeded.ToDictionary(c => c.Id, c => c.Name);
        var prefix = PrefixOrder(seeded, term);
        Assert.Equal(3, prefix.Count);
        var rest = seeded.Where(c => c.Name is not "Delta" && !prefix.Contains(c.Id)).OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => c.Id);
        var expected = prefix.Concat(rest).ToList();

        // Saved the way the page saves it: the "Save this filter" form of the list searched by the term.
        var searched = $"/clients?q={Uri.EscapeDataString(t)}";
        var action = (await client.PageAsync(searched)).QuerySelector("form[action^='/clients/filters?']")?.GetAttribute("action");
        Assert.NotNull(action);
        var saved = await client.PostFormAsync(action, new { filterName = $"{t} saved" }, searched);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var opened = saved.Headers.Location!.OriginalString;
        Assert.StartsWith("/clients?saved=", opened);
        var id = int.Parse(opened["/clients?saved=".Length..]);

        void AssertBestMatch(IHtmlDocument doc, string label, string how)
        {
            Assert.Equal(t, doc.QuerySelector("#q")!.GetAttribute("value"));
            var listed = Rows(doc);
            Assert.True(expected.SequenceEqual(listed), $"{how}: expected {Describe(expected, names)}; listed {Describe(listed, names)}");
            var order = doc.QuerySelector("#best-match")!;
            Assert.Equal("STRONG", order.TagName);
            Assert.Equal(label, order.TextContent.Trim());
        }

        // Opened by the link the save leads to, and chosen in the list's own form (which carries the list's current
        // sort, by name, and no term): the saved term and order replace them.
        AssertBestMatch(await client.PageAsync(opened), "Best match", "opened by link");
        AssertBestMatch(await client.PageAsync($"/clients?q=&saved={id}&apply-saved=1&sort=name"), "Best match", "applied in the form");
        Russian(client);
        AssertBestMatch(await client.PageAsync(opened), "Лучшее совпадение", "opened by link in Russian");
    }
}

public sealed class BestMatchChangesTestsSqlite(SqliteApp app) : BestMatchChangesTests(app);
public sealed class BestMatchChangesTestsPostgreSql(PostgreSqlApp app) : BestMatchChangesTests(app);
