using System.Globalization;
using System.Linq.Expressions;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Common;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Security;
using WebCrm.Web.Features.Clients.Filtering;
using WebCrm.Web.Features.Deals;

namespace WebCrm.Web.Features.Clients;

/// <summary>The company list and its CSV export: visibility, quick search, filter, saved filter, sort, page and row shape.</summary>
public sealed class CompanyList(CrmDbContext db, CompanyAccess access, CompanyFilter filter, SavedFilters savedFilters, CompanyDealsService deals,
    Shared.Money.MoneyService money, Shared.ReferenceLookup lookup, Shared.ListCounts counts)
{
    public async Task<CompanyListViewModel> ListAsync(CompanyListQuery query, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = UserAccess.From(principal);
        await savedFilters.ApplyAsync(query, user, ct);
        var spec = query.ApplyBuilderAction();
        var term = ChooseSort(query);
        var filtered = query.Sort == BestMatch ? await filter.ApplyAsync(access.Query(user), query.Spec(), user) : await FilteredAsync(query, user);
        var debt = await deals.DebtInBaseAsync(user, ct);
        if (query.Sort == BestMatch)
        {
            var match = new BestMatchParts(filtered.Query.Where(c => c.NameKey.StartsWith(term!)),
                filtered.Query.Where(c => c.SearchText.Contains(term!) && !c.NameKey.StartsWith(term!)),
                ByContactOnly(filtered.Query, term!));
            filtered = filtered with { Query = match.Prefix.Concat(match.Rest) };
            return await ViewModelAsync(query, user, spec, filtered, debt,
                (counted, ct) => BestMatchPageAsync(match, counted, query, term!, user, debt, ct), ct);
        }
        var companies = filtered.Query;
        return await ViewModelAsync(query, user, spec, filtered, debt,
            (counted, ct) => PageAsync(companies, counted, query, user, debt, ct), ct);
    }

    private async Task<CompanyListViewModel> ViewModelAsync(CompanyListQuery query, UserAccess user, FilterSpec spec, FilterOutcome<Company> filtered,
        Expression<Func<Company, decimal?>> debt, Func<IQueryable<Company>?, CancellationToken, Task<(List<CompanyRow> Rows, int Total)>> pageAsync,
        CancellationToken ct)
    {
        var companies = filtered.Query;
        // Counted up to a cap, like the deal list: an exact count of a million companies costs more than the page and
        // tells the user nothing "more than 1,000" does not; beyond the cap the pager offers the next page while pages
        // are full. Ordered by key so the capped count is well defined. The count rides along with the page's rows in
        // the same command; only an empty page past the first needs its own.
        // A count kept from a moment ago (another page of the same search, the same list again) is not read again.
        var counted = companies.OrderBy(c => c.Id).Take(CountCap + 1);
        var countKey = Shared.ListCounts.Key(query.Sort == BestMatch ? "companies:match" : "companies", user, add =>
        {
            add("q", query.Q);
            query.AppendTo(add);
        });
        var (rows, total) = await counts.PageAsync(countKey, query, CountCap,
            withCount => pageAsync(withCount ? counted : null, ct), () => counted.CountAsync(ct));
        var saved = await savedFilters.OptionsAsync(user);
        return new CompanyListViewModel
        {
            Query = query,
            Rows = rows,
            Total = Math.Min(total, CountCap),
            TotalIsCapped = total > CountCap,
            Filter = new FilterBuilderModel("/clients/filter-builder", spec, await filter.FieldsAsync(user), filtered.Problems, filtered.TooLarge),
            SavedFilters = saved,
            CanCreate = user.Has(Permissions.Clients.Create),
            CanExport = user.Has(Permissions.Clients.Export),
            CanShareFilters = SavedFilterVisibility.MayShare(user),
            ShowDebt = deals.SeesDeals(user),
            BaseCurrencyCode = deals.SeesDeals(user) ? (await money.BaseCurrencyAsync(ct)).Code : null,
        };
    }

    /// <summary>The list counts matching companies up to this number and then says "more than".</summary>
    public const int CountCap = 1000;

    /// <summary>One page of rows and, in the same command, the capped number of matches (0 when the page is empty, or without <paramref name="counted"/>).</summary>
    private async Task<(List<CompanyRow> Rows, int Total)> PageAsync(IQueryable<Company> companies, IQueryable<Company>? counted, CompanyListQuery query,
        UserAccess user, Expression<Func<Company, decimal?>> debt, CancellationToken ct)
    {
        // The page's ids first, then their rows: finding the ids needs only the sort key, the id and what the conditions
        // test, which an index may hold (the city index carries the name, so "name contains" by city reads the index
        // alone: 46 pages instead of 3,800 company rows at a million); the rest of a row is read for the page's rows only.
        var ids = Sorted(companies, query, debt).Skip((query.Page - 1) * query.Take).Take(query.Take).Select(c => c.Id);
        var rows = Project(Sorted(access.Query(user).Where(c => ids.Contains(c.Id)), query, debt), user, debt);
        // Every company in a sort's order, no search or filter, none of the rule's user in it: one plan serves every such
        // page (its offset is in the SQL), so PostgreSQL may keep it rather than plan it anew for every request. So does
        // a manager's own companies by name, read down the (responsible, name, id) index whoever he is and however many
        // he has; in another order the best plan for three companies is not the one for four thousand.
        if (counted is null && string.IsNullOrWhiteSpace(query.Q) && query.C.Count == 0
            && (user.Has(Permissions.Clients.ViewAll) || query.Sort == "name"))
        {
            rows = rows.WithGenericPlan();
        }
        return await WithCountAsync(rows, counted, ct);
    }

    /// <summary>The page's rows with, when <paramref name="counted"/> is given, the capped count in the same command.</summary>
    private async Task<(List<CompanyRow> Rows, int Total)> WithCountAsync(IQueryable<CompanyRowData> rows, IQueryable<Company>? counted, CancellationToken ct)
    {
        if (counted is null)
        {
            return (await NamedAsync(await rows.ToListAsync(ct)), 0);
        }
        var page = await rows.Select(r => new { Row = r, Total = counted.Count() }).ToListAsync(ct);
        return (await NamedAsync(page.Select(p => p.Row)), page.Count == 0 ? 0 : page[0].Total);
    }

    /// <summary>The quick search's default order: names that start with the term first (in name-key order), then the other matches by name.</summary>
    public const string BestMatch = "match";

    /// <summary>
    /// The normalised term, or null without one. A term with no sort chosen gets the best match; the best match without a
    /// term means nothing and falls back to the name.
    /// </summary>
    private static string? ChooseSort(CompanyListQuery query)
    {
        var term = string.IsNullOrWhiteSpace(query.Q) ? null : Domain.Common.SearchText.Normalize(query.Q);
        if (term is not null && string.IsNullOrEmpty(query.Sort))
        {
            query.Sort = BestMatch;
        }
        else if (term is null && query.Sort == BestMatch)
        {
            query.Sort = null;
        }
        return term;
    }

    /// <summary>
    /// The best match's disjoint parts: the name-key prefix matches and every other match (<see cref="Rest"/>), which are
    /// the companies whose own search text holds the term elsewhere and those found only through a contact person.
    /// </summary>
    private sealed record BestMatchParts(IQueryable<Company> Prefix, IQueryable<Company> RestByText, IQueryable<Company> RestByContact)
    {
        public IQueryable<Company> Rest => RestByText.Concat(RestByContact);

        /// <summary>
        /// The rest's first <paramref name="take"/> companies by name while <paramref name="open"/> holds: each of its two
        /// parts ordered and cut on its own, then the two merged. The first companies of a union are among the first of
        /// each part, and so each part may take its own way: a common surname (28,500 contact persons at a million
        /// companies) walks the name index and looks up contact persons until a page is found (38 ms), where the whole
        /// union sorted by name fetched every company found through a contact person first (490 ms). A rare term still
        /// starts from the trigram index, as PostgreSQL plans each run with its term.
        /// </summary>
        public IQueryable<int> RestFirst(int take, Expression<Func<Company, bool>> open) =>
            RestByText.Where(open).OrderBy(c => c.Name).ThenBy(c => c.Id).Take(take)
                .Concat(RestByContact.Where(open).OrderBy(c => c.Name).ThenBy(c => c.Id).Take(take))
                .OrderBy(c => c.Name).ThenBy(c => c.Id).Take(take).Select(c => c.Id);
    }

    /// <summary>
    /// A best-match page read in parts, each in its own index order, so the rest's sort by name (every match of a common
    /// term) is never started while prefix rows fill the page: first the prefix part's page, with the capped total (its
    /// count reads the prefix part first, so it stops inside the name-key index when that part alone reaches the cap).
    /// </summary>
    private async Task<(List<CompanyRow> Rows, int Total)> BestMatchPageAsync(BestMatchParts parts, IQueryable<Company>? counted, CompanyListQuery query,
        string term, UserAccess user, Expression<Func<Company, decimal?>> debt, CancellationToken ct)
    {
        var skip = (query.Page - 1) * query.Take;
        // One command for any page (with its saved filters and the layout's badge, the list's three round trips): the
        // prefix part's rows at the page's offset and, each behind a gate on the prefix part's count read from the name-key
        // index (evaluated once, before the part it guards), either the rest's first rows, when the page straddles the end
        // of the prefix part, or the whole order at the page's offset, when the page lies past the prefix part (which then
        // has fewer rows than the offset). So the rest's sort by name is never started while prefix rows fill the page.
        var pageTake = query.Take;
        var prefixOrdered = parts.Prefix.OrderBy(c => c.NameKey).ThenBy(c => c.Id);
        var prefixIds = prefixOrdered.Skip(skip).Take(pageTake).Select(c => c.Id);
        IQueryable<int> pageIds;
        if (skip == 0)
        {
            // The first page (most quick searches stop there) cannot lie past the prefix part, so it needs neither the "past"
            // branch nor the straddle's second gate: the same rows with about a third less SQL for PostgreSQL to plan, which
            // under load cost more than running it (3 ms of planning against 2.5 ms of execution for "техно" at 100k).
            pageIds = prefixIds.Concat(parts.RestFirst(pageTake, _ => prefixOrdered.Take(pageTake).Count() < pageTake));
        }
        else
        {
            var straddling = parts.RestFirst(pageTake,
                _ => prefixOrdered.Take(skip + pageTake).Count() < skip + pageTake && prefixOrdered.Take(skip + 1).Count() > skip);
            var past = Sorted(parts.Prefix.Concat(parts.Rest).Where(_ => prefixOrdered.Take(skip + 1).Count() <= skip), query, debt, term)
                .Skip(skip).Take(pageTake).Select(c => c.Id);
            pageIds = prefixIds.Concat(straddling).Concat(past);
        }
        return await WithCountAsync(Project(Sorted(access.Query(user).Where(c => pageIds.Contains(c.Id)), query, debt, term).Take(pageTake), user, debt),
            counted, ct);
    }

    /// <summary>Rows for the CSV export: the same visibility, search, filter and sort as the list, without paging.</summary>
    public async Task<IAsyncEnumerable<CompanyRow>> ExportRowsAsync(CompanyListQuery query, ClaimsPrincipal principal)
    {
        var user = UserAccess.From(principal);
        await savedFilters.ApplyAsync(query, user, default);
        var term = ChooseSort(query);
        var companies = (await FilteredAsync(query, user)).Query;
        var debt = await deals.DebtInBaseAsync(user);
        return Named(Project(Sorted(companies, query, debt, term), user, debt).AsAsyncEnumerable(), await lookup.DataAsync(), FormText.Language == "ru");
    }

    /// <summary>The filter builder alone, for an in-place (htmx) update after a change of field or a builder button.</summary>
    public async Task<FilterBuilderModel> BuilderAsync(CompanyListQuery query, ClaimsPrincipal principal)
    {
        var user = UserAccess.From(principal);
        var spec = query.ApplyBuilderAction();
        return new FilterBuilderModel("/clients/filter-builder", spec, await filter.FieldsAsync(user), [], false);
    }

    internal async Task<FilterOutcome<Company>> FilteredAsync(CompanyListQuery query, UserAccess user)
    {
        var companies = access.Query(user);
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            companies = QuickSearch(companies, Domain.Common.SearchText.Normalize(query.Q));
        }
        return await filter.ApplyAsync(companies, query.Spec(), user);
    }

    /// <summary>
    /// The companies whose own search text contains the term, followed by those found only through a contact person:
    /// two disjoint parts (UNION ALL), so each is read in the page's sort order and the database stops after a page —
    /// a set of ids built first (a UNION, which removes duplicates) meant finding every match (14,000 companies at a
    /// million for "техно") before sorting any. Each part is served by its trigram index on PostgreSQL.
    /// </summary>
    internal IQueryable<Company> QuickSearch(IQueryable<Company> visible, string term) =>
        visible.Where(c => c.SearchText.Contains(term)).Concat(ByContactOnly(visible, term));

    /// <summary>The quick search's matches found only through a contact person: its second part, and the best match's last.</summary>
    private IQueryable<Company> ByContactOnly(IQueryable<Company> visible, string term) =>
        visible.Where(c => !c.SearchText.Contains(term) && db.ContactPersons.Any(p => p.CompanyId == c.Id && p.SearchText.Contains(term)));

    /// <summary>What a sort needs beyond the company row: the debt sum depends on the deals the user may see.</summary>
    private sealed record SortContext(Expression<Func<Company, decimal?>> Debt, string Term);

    private static readonly Dictionary<string, Func<IQueryable<Company>, bool, SortContext, IOrderedQueryable<Company>>> Sorts = new()
    {
        // The best match in one ORDER BY, for the CSV export (the list reads its two parts separately, see BestMatchPageAsync).
        [BestMatch] = (q, _, x) => q.OrderBy(c => c.NameKey.StartsWith(x.Term) ? 0 : 1).ThenBy(c => c.NameKey.StartsWith(x.Term) ? c.NameKey : "")
            .ThenBy(c => c.Name),
        ["name"] = (q, d, _) => d ? q.OrderByDescending(c => c.Name) : q.OrderBy(c => c.Name),
        ["inn"] = (q, d, _) => d ? q.OrderByDescending(c => c.Inn) : q.OrderBy(c => c.Inn),
        ["city"] = (q, d, _) => d ? q.OrderByDescending(c => c.City) : q.OrderBy(c => c.City),
        ["phone"] = (q, d, _) => d ? q.OrderByDescending(c => c.Phone) : q.OrderBy(c => c.Phone),
        ["created"] = (q, d, _) => d ? q.OrderByDescending(c => c.CreatedAtUtc) : q.OrderBy(c => c.CreatedAtUtc),
        ["region"] = (q, d, _) => d ? q.OrderByDescending(c => c.Region!.SortOrder) : q.OrderBy(c => c.Region!.SortOrder),
        ["type"] = (q, d, _) => d ? q.OrderByDescending(c => c.Type!.SortOrder) : q.OrderBy(c => c.Type!.SortOrder),
        ["responsible"] = (q, d, _) => d ? q.OrderByDescending(c => c.ResponsibleId) : q.OrderBy(c => c.ResponsibleId),
        // Total debt in the base currency over the deals the user may see (CompanyDealsService.DebtInBaseAsync).
        ["debt"] = (q, d, x) => d ? q.OrderByDescending(x.Debt) : q.OrderBy(x.Debt),
    };

    /// <summary>
    /// Sort by an allow-listed column only, then by id in the same direction so paging is stable and a descending page
    /// is an index read backwards (the name and city indexes end in the id).
    /// </summary>
    private static IQueryable<Company> Sorted(IQueryable<Company> companies, CompanyListQuery query, Expression<Func<Company, decimal?>> debt,
        string? term = null)
    {
        if (query.Sort == BestMatch)
        {
            query.Desc = false;
            return Sorts[BestMatch](companies, false, new SortContext(debt, term!)).ThenBy(c => c.Id);
        }
        if (query.Sort is null || !Sorts.TryGetValue(query.Sort, out var sort))
        {
            query.Sort = "name";
            sort = Sorts["name"];
        }
        var sorted = sort(companies, query.Desc, new SortContext(debt, ""));
        return query.Desc ? sorted.ThenByDescending(c => c.Id) : sorted.ThenBy(c => c.Id);
    }

    /// <summary>
    /// A row as the database gives it: the responsible, region and type as ids, named from the reference cache
    /// (<see cref="Named(CompanyRowData, Shared.ReferenceData, bool)"/>). Two joins and a subquery per row less made the
    /// list's command about 0.3 ms quicker to plan and 0.3 ms quicker to run at 100k companies; the names are the cache's,
    /// like everywhere else (on another instance a rename shows within the cache's lifetime).
    /// </summary>
    private sealed record CompanyRowData(int Id, string Name, string? Inn, string? City, int? RegionId, int? TypeId, string ResponsibleId,
        string? Phone, DateTime CreatedAtUtc, decimal? Debt);

    private IQueryable<CompanyRowData> Project(IQueryable<Company> companies, UserAccess user, Expression<Func<Company, decimal?>> debt)
    {
        Expression<Func<Company, decimal?, CompanyRowData>> shape = (c, debt) => new CompanyRowData(c.Id, c.Name, c.Inn, c.City,
            c.RegionId, c.TypeId, c.ResponsibleId, c.Phone, c.CreatedAtUtc, debt);
        if (deals.SeesDeals(user))
        {
            return companies.Select(ExpressionRewriter.Bind(shape, debt));
        }
        return companies.Select(ExpressionRewriter.Bind(shape, c => null));
    }

    private static CompanyRow Named(CompanyRowData r, Shared.ReferenceData names, bool ru) => new(r.Id, r.Name, r.Inn, r.City,
        names.ItemName(r.RegionId, ru), names.ItemName(r.TypeId, ru), names.UserName(r.ResponsibleId), r.Phone, r.CreatedAtUtc, r.Debt);

    private async Task<List<CompanyRow>> NamedAsync(IEnumerable<CompanyRowData> rows)
    {
        var names = await lookup.DataAsync();
        var ru = FormText.Language == "ru";
        return rows.Select(r => Named(r, names, ru)).ToList();
    }

    private static async IAsyncEnumerable<CompanyRow> Named(IAsyncEnumerable<CompanyRowData> rows, Shared.ReferenceData names, bool ru)
    {
        await foreach (var r in rows)
        {
            yield return Named(r, names, ru);
        }
    }
}
