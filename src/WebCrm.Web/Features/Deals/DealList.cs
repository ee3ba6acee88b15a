using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.Web.Features.Clients;
using WebCrm.Web.Features.Shared.Money;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Deals;

/// <summary>The deal list: visibility, filters, sorting and paging in the database; the CSV rows; the company picker.</summary>
public sealed class DealList(
    DealAccess access,
    CompanyAccess companies,
    DealFilter filter,
    ReferenceLookup lookup,
    ListCounts counts,
    TimeProvider clock)
{
    public async Task<DealListViewModel> ListAsync(DealListQuery query, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = UserAccess.From(principal);
        DealListLegacyFilters.MergeInto(query);
        var spec = query.ApplyBuilderAction();
        // The page's rows walk the sort index with the rule's per-page shape; the count reads the key-set shape (the
        // same deals) in key order. An exact count of tens of thousands of visible deals costs more than the page
        // itself and tells the user nothing a "more than 1,000" would not; beyond the cap the pager offers the next
        // page while pages are full. Ordered so the capped count is well defined (and EF does not warn of a limit
        // without an order). The count rides along with the page's rows in the same command; only an empty page past
        // the first needs its own.
        // The whole list in start-date order (the list as it opens) reads each part of the rule down its own index.
        var byParts = SortsByStart(query) && string.IsNullOrWhiteSpace(query.Q) && query.CompanyId is null && !spec.HasConditions && !access.SeesAll(user);
        var forPage = byParts
            ? access.QueryForStartPage(user, query.Desc, (int)Math.Min((long)Math.Max(1, query.Page) * query.Take, int.MaxValue))
            : access.QueryForPage(user);
        var filtered = await filter.ApplyAsync(Filtered(forPage, query, user), spec, user);
        var deals = filtered.Query;
        var counted = (await filter.ApplyAsync(Filtered(access.Query(user), query, user), spec, user)).Query
            .OrderBy(d => d.Id).Take(DealListQuery.CountCap + 1);
        // A manager with more matching deals of his own than the cap needs no count of the rest: his own deals are
        // read from the (responsible, start, id) index, the whole rule only when they are fewer.
        var own = access.QueryOwnBranch(user) is { } ownDeals
            ? (await filter.ApplyAsync(Filtered(ownDeals, query, user), spec, user)).Query
                .OrderBy(d => d.StartDate).ThenBy(d => d.Id).Take(DealListQuery.CountCap + 1)
            : null;
        // A count kept from a moment ago (another page of the same filter, the same list again) is not read again.
        var countKey = ListCounts.Key("deals", user, add =>
        {
            add("q", query.Q);
            add("company", query.CompanyId?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            query.AppendTo(add);
        });
        var (rows, count) = await counts.PageAsync(countKey, query, DealListQuery.CountCap,
            withCount => PageAsync(deals, withCount ? counted : null, own, query, byParts, ct), () => counted.CountAsync(ct));
        var capped = count > DealListQuery.CountCap;
        var total = Math.Min(count, DealListQuery.CountCap);
        return new DealListViewModel
        {
            Query = query,
            Rows = rows,
            Total = total,
            TotalIsCapped = capped,
            CompanyName = query.CompanyId is { } cid
                ? await companies.NameAsync(cid, user, ct)
                : null,
            Filter = new FilterBuilderModel("/deals/filter-builder", spec, await filter.FieldsAsync(user), filtered.Problems, filtered.TooLarge),
            CanCreate = user.Has(Permissions.Deals.Create),
            CanExport = user.Has(Permissions.Deals.Export),
        };
    }

    /// <summary>
    /// One page of rows and, in the same command, the capped count (0 when the page is empty). When his own deals alone
    /// pass the cap the count is "more than the cap" without counting them a second time.
    /// </summary>
    private async Task<(List<DealRow> Rows, int Count)> PageAsync(IQueryable<Deal> deals, IQueryable<Deal>? counted, IQueryable<Deal>? own,
        DealListQuery query, bool byParts, CancellationToken ct)
    {
        var rows = Project(Sorted(deals, query).Skip((query.Page - 1) * query.Take).Take(query.Take));
        // Read by the rule's parts, a page has one plan whatever the user: each part down its index to a limit written in
        // the SQL, then at most three pages of keys sorted. PostgreSQL may keep that plan rather than make it anew.
        if (byParts && counted is null)
        {
            rows = rows.WithGenericPlan();
        }
        var names = await lookup.DataAsync();
        var ru = FormText.IsRussian;
        if (counted is null)
        {
            return ((await rows.ToListAsync(ct)).Select(r => Named(r, names, ru)).ToList(), 0);
        }
        var page = await (own is null
                ? rows.Select(r => new { Row = r, Count = counted.Count() })
                : rows.Select(r => new { Row = r, Count = own.Count() > DealListQuery.CountCap ? DealListQuery.CountCap + 1 : counted.Count() }))
            .ToListAsync(ct);
        return (page.Select(p => Named(p.Row, names, ru)).ToList(), page.Count == 0 ? 0 : page[0].Count);
    }

    /// <summary>Rows for the CSV export: the same visibility, filters and sort as the list, without paging.</summary>
    public async Task<IAsyncEnumerable<DealRow>> ExportRowsAsync(DealListQuery query, ClaimsPrincipal principal)
    {
        var user = UserAccess.From(principal);
        DealListLegacyFilters.MergeInto(query);
        var deals = (await filter.ApplyAsync(Filtered(access.Query(user), query, user), query.Spec(), user)).Query;
        return Named(Project(Sorted(deals, query)).AsAsyncEnumerable(), await lookup.DataAsync(), FormText.IsRussian);
    }

    /// <summary>The condition builder alone, for an in-place (htmx) update.</summary>
    public async Task<FilterBuilderModel> BuilderAsync(DealListQuery query, ClaimsPrincipal principal)
    {
        DealListLegacyFilters.MergeInto(query);
        return new("/deals/filter-builder", query.ApplyBuilderAction(), await filter.FieldsAsync(UserAccess.From(principal)), [], false);
    }

    /// <summary>
    /// A row as the database gives it: the responsible, the current stage and the currency as ids, named from the
    /// reference cache (<see cref="Named(DealRowData, Shared.ReferenceData, bool)"/>) like the company list's rows. Two
    /// subqueries per row and a join less to plan and run on every page.
    /// </summary>
    private sealed record DealRowData(int Id, string Title, int CompanyId, string CompanyName, string ResponsibleId, DealStatus Status,
        int? CurrentStageId, DateOnly StartDate, DateOnly? EndDate, decimal LinesTotal, decimal PaidTotal, decimal ShippedTotal, decimal Debt,
        decimal Advance, int CurrencyId, bool Overdue);

    private IQueryable<DealRowData> Project(IQueryable<Deal> deals)
    {
        var today = Numbers.Today(clock);
        return deals.Select(d => new DealRowData(d.Id, d.Title, d.CompanyId, d.Company!.Name, d.ResponsibleId, d.Status, d.CurrentStageId,
            d.StartDate, d.EndDate, d.LinesTotal, d.PaidTotal, d.ShippedTotal, d.Debt, d.Advance, d.CurrencyId,
            d.Status == DealStatus.Open && d.Stages.Any(s => s.CompletedOn == null && s.PlannedEnd < today)));
    }

    private static DealRow Named(DealRowData r, Shared.ReferenceData names, bool ru) => new(r.Id, r.Title, r.CompanyId, r.CompanyName,
        names.UserName(r.ResponsibleId), r.Status, names.ItemName(r.CurrentStageId, ru), r.StartDate, r.EndDate, r.LinesTotal, r.PaidTotal,
        r.ShippedTotal, r.Debt, r.Advance, names.CurrencyCode(r.CurrencyId) ?? "", r.Overdue);

    private static async IAsyncEnumerable<DealRow> Named(IAsyncEnumerable<DealRowData> rows, Shared.ReferenceData names, bool ru)
    {
        await foreach (var r in rows)
        {
            yield return Named(r, names, ru);
        }
    }

    /// <summary>The quick search and the company the list is opened for; every other filter is a condition of the builder.</summary>
    private IQueryable<Deal> Filtered(IQueryable<Deal> deals, DealListQuery q, UserAccess user)
    {
        if (!string.IsNullOrWhiteSpace(q.Q))
        {
            // A search matches only what the user may see of each deal: the deal's own text, its company's name (shown
            // in every row) and the rest of the company's search text (legal name, INN, phone, email, city) only for
            // companies he may open; otherwise a stage responsible could guess another client's INN letter by letter.
            var term = Domain.Common.SearchText.Normalize(q.Q);
            var openable = companies.Search(q.Q, user).Select(c => c.Id);
            deals = deals.Where(d => d.SearchText.Contains(term) || d.Company!.Name.ToLower().Contains(term) || openable.Contains(d.CompanyId));
        }
        if (q.CompanyId is { } companyId)
        {
            deals = deals.Where(d => d.CompanyId == companyId);
        }
        return deals;
    }

    private static readonly Dictionary<string, Func<IQueryable<Deal>, bool, IOrderedQueryable<Deal>>> Sorts = new()
    {
        ["title"] = (q, d) => d ? q.OrderByDescending(x => x.Title) : q.OrderBy(x => x.Title),
        ["company"] = (q, d) => d ? q.OrderByDescending(x => x.Company!.Name) : q.OrderBy(x => x.Company!.Name),
        // With its own tie on the key: the order the rule's page shape reads its parts in.
        ["start"] = DealVisibility.InStartOrder,
        ["end"] = (q, d) => d ? q.OrderByDescending(x => x.EndDate) : q.OrderBy(x => x.EndDate),
        ["status"] = (q, d) => d ? q.OrderByDescending(x => x.Status) : q.OrderBy(x => x.Status),
        ["amount"] = (q, d) => d ? q.OrderByDescending(x => x.LinesTotal) : q.OrderBy(x => x.LinesTotal),
        ["paid"] = (q, d) => d ? q.OrderByDescending(x => x.PaidTotal) : q.OrderBy(x => x.PaidTotal),
        ["debt"] = (q, d) => d ? q.OrderByDescending(x => x.Debt) : q.OrderBy(x => x.Debt),
        ["advance"] = (q, d) => d ? q.OrderByDescending(x => x.Advance) : q.OrderBy(x => x.Advance),
    };


    private static IQueryable<Deal> Sorted(IQueryable<Deal> deals, DealListQuery query)
    {
        // By start date the tie is in the order already (newest first: the latest start, then the latest added of a
        // day, one index read backwards); every other order ends with the key.
        var byStart = SortsByStart(query);
        var sorted = Sorts[query.Sort!](deals, query.Desc);
        return byStart ? sorted : sorted.ThenBy(d => d.Id);
    }

    /// <summary>Whether the list is sorted by start date (then by key), an unknown or missing sort read as that one.</summary>
    private static bool SortsByStart(DealListQuery query)
    {
        if (query.Sort is null || !Sorts.ContainsKey(query.Sort))
        {
            query.Sort = "start";
        }
        return query.Sort == "start";
    }

    // ---- pickers ----

    public async Task<IReadOnlyList<PickerItem>> CompaniesAsync(string? q, ClaimsPrincipal principal, CancellationToken ct) =>
        await companies.Search(q, UserAccess.From(principal)).OrderBy(c => c.Name).ThenBy(c => c.Id).Take(20)
            .Select(c => new PickerItem(c.Id, c.Name, c.City)).ToListAsync(ct);
}
