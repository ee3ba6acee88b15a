using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Security;
using WebCrm.Web.Features.Shared.Money;

namespace WebCrm.Web.Features.Deals;

[ModuleEntryPoint]
public sealed record CompanyDealRow(int Id, string Title, DealStatus Status, string? CurrentStage, string CurrencyCode,
    decimal Amount, decimal Paid, decimal Debt, decimal Advance);

[ModuleEntryPoint]
public sealed record BoughtProductRow(int ProductId, string Product, string? Unit, decimal Quantity, string CurrencyCode, decimal Amount, DateOnly LastPurchase);

/// <summary>The company's next step: the current stage of its open deal that is due first.</summary>
[ModuleEntryPoint]
public sealed record CompanyNextStep(int DealId, string DealTitle, string Stage, DateOnly? Due, bool Overdue);

/// <summary>The company card's "Deals and debt" and "Products and services bought" sections.</summary>
[ModuleEntryPoint]
public sealed class CompanyDealsSection
{
    public IReadOnlyList<CompanyDealRow> Deals { get; init; } = [];
    public IReadOnlyList<BoughtProductRow> Products { get; init; } = [];
    /// <summary>Whether <see cref="Products"/> was read (the card reads it only when its tab is open).</summary>
    public bool ProductsLoaded { get; init; }
    public decimal TotalDebt { get; init; }
    /// <summary>What the client paid beyond what was shipped, over the visible deals, in the base currency.</summary>
    public decimal TotalAdvance { get; init; }
    public string BaseCurrencyCode { get; init; } = "";
    public int BaseMinorUnits { get; init; } = 2;
    /// <summary>The date whose rates convert the debts: today (the latest rate on or before it).</summary>
    public DateOnly RatesDate { get; init; }
    /// <summary>Currencies of deals with a debt or advance that have no rate on or before <see cref="RatesDate"/>; they are left out of the totals.</summary>
    public IReadOnlyList<string> MissingRates { get; init; } = [];
    public bool CanSeeDeals { get; init; }
    public bool CanCreate { get; init; }
    public CompanyNextStep? NextStep { get; init; }

    public string Money(decimal amount) => amount.ToString("N" + BaseMinorUnits, CultureInfo.CurrentCulture);
}

/// <summary>
/// A company's deals and debt, as far as the user may see them.
/// <para>
/// <b>Which deals:</b> the company's deals that pass <see cref="DealVisibility"/> for the user — seeing the company is
/// not enough. A manager who owns the company sees all its deals (the rule's third branch); someone who sees the
/// company through "view all clients" but only his own deals sees just those; without a Deals right, none.
/// </para>
/// <para>
/// <b>Total debt</b> is the sum of those deals' stored receivables (<see cref="Deal.Debt"/>, by the rule of
/// <see cref="DealMath.Totals"/>: shipped − paid, never negative; a lost deal's is normally 0, an open deal without
/// shipments owes nothing), each in its own currency times that currency's rate on <b>today's date</b>, summed in the
/// base currency (<c>Money:BaseCurrency</c>) and rounded once (<see cref="MoneyService.SumInBaseAsync"/>). The company
/// list's debt column, filter and sort compute the same sum in the database (<see cref="MoneyService.DebtInBaseAsync"/>),
/// unrounded; the two differ by less than half a minor unit. A deal whose currency has no rate yet counts as nothing
/// (the card names the currency). The total advance is summed the same way.
/// </para>
/// </summary>
[ModuleEntryPoint]
public sealed class CompanyDealsService(CrmDbContext db, DealAccess access, MoneyService money, ReferenceLookup lookup)
{
    public DateOnly Today => money.Today;

    /// <summary>The deals the user may see, as a query other queries nest as a subquery.</summary>
    public IQueryable<Deal> VisibleDeals(UserAccess user) => access.QueryPerCompany(user);

    /// <summary>Whether the user sees any deals (the company list and card show debt only then).</summary>
    public bool SeesDeals(UserAccess user) => access.SeesDeals(user);

    /// <summary>company => its visible deals' debt in the base currency at today's rates; 0 without deals.</summary>
    public Task<Expression<Func<Company, decimal?>>> DebtInBaseAsync(UserAccess user, CancellationToken ct = default) =>
        money.DebtInBaseAsync(VisibleDeals(user), Today, ct);

    /// <summary>company => it has at least one open deal the user may see.</summary>
    public Expression<Func<Company, bool>> HasOpenDeals(UserAccess user)
    {
        var deals = VisibleDeals(user);
        return c => deals.Any(d => d.CompanyId == c.Id && d.Status == DealStatus.Open);
    }

    /// <summary>
    /// The deals section (one command) and, with <paramref name="withProducts"/>, the products bought (one more; the card
    /// loads them only when their tab is open, else from <see cref="ProductsAsync"/> when the tab is first shown).
    /// </summary>
    public async Task<CompanyDealsSection> SectionAsync(int companyId, UserAccess user, CancellationToken ct, bool withProducts = true)
    {
        var canCreate = user.Has(Permissions.Deals.Create);
        var baseCurrency = await money.BaseCurrencyAsync(ct);
        var today = Today;
        if (!access.SeesDeals(user))
        {
            return new CompanyDealsSection { BaseCurrencyCode = baseCurrency.Code, RatesDate = today, CanCreate = canCreate };
        }
        var ru = FormText.IsRussian;
        var data = await lookup.DataAsync();
        // One company's deals by its id: the same plan whatever the company (the rule's user only narrows them).
        var visible = VisibleDeals(user).Where(d => d.CompanyId == companyId).WithGenericPlan();
        // One look at each deal's current stage, not two: its planned end, NoEnd when it has none, null when the
        // current stage is completed or missing. Stage names come from the reference cache.
        var deals = (await visible.OrderBy(d => d.Status).ThenByDescending(d => d.StartDate).ThenByDescending(d => d.Id)
            .Select(d => new
            {
                d.Id, d.Title, d.Status, d.CurrencyId, Currency = d.Currency!.Code, d.LinesTotal, d.PaidTotal, d.Debt, d.Advance,
                d.CurrentStageId,
                CurrentStage = d.Stages.Where(s => s.StageId == d.CurrentStageId && s.CompletedOn == null)
                    .Select(s => (DateOnly?)(s.PlannedEnd ?? NoEnd)).FirstOrDefault(),
            })
            .ToListAsync(ct))
            .Select(d => new
            {
                d.Id, d.Title, d.Status, d.CurrencyId, d.Currency, d.LinesTotal, d.PaidTotal, d.Debt, d.Advance, d.CurrentStageId,
                Stage = data.ItemName(d.CurrentStageId, ru),
                CurrentStageOpen = d.CurrentStage is not null,
                CurrentStageEnd = d.CurrentStage == NoEnd ? null : d.CurrentStage,
            })
            .ToList();
        var debt = await money.SumInBaseAsync(deals.Select(d => (d.CurrencyId, d.Currency, d.Debt)), today, ct);
        var advance = await money.SumInBaseAsync(deals.Select(d => (d.CurrencyId, d.Currency, d.Advance)), today, ct);
        var products = withProducts ? await ProductsAsync(companyId, user, ct) : [];
        // The next step: the open visible deal whose current, uncompleted stage ends soonest (no end date last),
        // from the deals already read rather than a command of its own.
        var next = deals.Where(d => d.Status == DealStatus.Open && d.CurrentStageOpen)
            .OrderBy(d => d.CurrentStageEnd == null).ThenBy(d => d.CurrentStageEnd).ThenBy(d => d.Id)
            .Select(d => new { DealId = d.Id, d.Title, Stage = data.ItemName(d.CurrentStageId, ru) ?? "", PlannedEnd = d.CurrentStageEnd })
            .FirstOrDefault();
        return new CompanyDealsSection
        {
            Deals = deals.Select(d => new CompanyDealRow(d.Id, d.Title, d.Status, d.Status == DealStatus.Open ? d.Stage : null, d.Currency,
                d.LinesTotal, d.PaidTotal, d.Debt, d.Advance)).ToList(),
            Products = products,
            ProductsLoaded = withProducts,
            TotalDebt = debt.Total,
            TotalAdvance = advance.Total,
            BaseCurrencyCode = baseCurrency.Code,
            BaseMinorUnits = baseCurrency.MinorUnits,
            RatesDate = today,
            MissingRates = debt.MissingRates.Union(advance.MissingRates).Order().ToList(),
            CanSeeDeals = true,
            CanCreate = canCreate,
            NextStep = next is null ? null : new CompanyNextStep(next.DealId, next.Title, next.Stage, next.PlannedEnd, next.PlannedEnd < today),
        };
    }

    /// <summary>A current stage without a planned end, told apart from no open current stage in one scalar subquery.</summary>
    private static readonly DateOnly NoEnd = DateOnly.MaxValue;

    /// <summary>
    /// The won deals' lines the user may see of the company, flat (grouped by the callers): the visible deals joined to
    /// their lines, so the deals table is read once.
    /// </summary>
    private IQueryable<BoughtLine> Bought(int companyId, UserAccess user) =>
        VisibleDeals(user).Where(d => d.CompanyId == companyId && d.Status == DealStatus.Won)
            .SelectMany(d => d.Lines, (d, x) => new BoughtLine
            {
                ProductId = x.ProductId, Name = x.Product!.Name, UnitId = x.Product.UnitId, CurrencyId = d.CurrencyId, Currency = d.Currency!.Code,
                Quantity = x.Quantity, Amount = x.Amount, Date = d.CloseDate ?? d.StartDate,
            });

    private sealed class BoughtLine
    {
        public int ProductId { get; init; }
        public string Name { get; init; } = "";
        public int? UnitId { get; init; }
        public int CurrencyId { get; init; }
        public string Currency { get; init; } = "";
        public decimal Quantity { get; init; }
        public decimal Amount { get; init; }
        public DateOnly Date { get; init; }
    }

    /// <summary>The products and services the company bought in the won deals the user may see, by product and currency, last purchase first.</summary>
    public async Task<IReadOnlyList<BoughtProductRow>> ProductsAsync(int companyId, UserAccess user, CancellationToken ct)
    {
        if (!access.SeesDeals(user))
        {
            return [];
        }
        // Flat rows first, then the grouping: aggregates over navigations inside the group (the product's unit, the
        // deal's close date) were translated as two correlated subqueries re-running the whole join once per group.
        var products = await Bought(companyId, user)
            .GroupBy(x => new { x.ProductId, x.Name, x.UnitId, x.CurrencyId, x.Currency })
            .Select(g => new
            {
                g.Key.ProductId, g.Key.Name, g.Key.Currency, g.Key.UnitId,
                Quantity = g.Sum(x => x.Quantity),
                Amount = g.Sum(x => x.Amount),
                Last = g.Max(x => x.Date),
            })
            .ToListAsync(ct);
        var data = await lookup.DataAsync();
        var ru = FormText.IsRussian;
        return products.OrderByDescending(p => p.Last).ThenBy(p => p.Name, StringComparer.CurrentCulture)
            .Select(p => new BoughtProductRow(p.ProductId, p.Name, data.ItemName(p.UnitId, ru), p.Quantity, p.Currency, p.Amount, p.Last)).ToList();
    }

    /// <summary>
    /// The number of rows of <see cref="ProductsAsync"/> (the tab's count) as one <see cref="Shared.PartRow"/> in
    /// <see cref="Shared.PartRow.L1"/>, for a card's parts command; no row when the user sees no deals.
    /// </summary>
    public IQueryable<Shared.PartRow> ProductCountPart(int companyId, UserAccess user, int part)
    {
        var seen = access.SeesDeals(user);
        var bought = Bought(companyId, user);
        return db.Companies.AsNoTracking().Where(c => c.Id == companyId && seen).Select(c => new Shared.PartRow
        {
            Part = part, Id = c.Id, T1 = null, T2 = null, T3 = null, T4 = null, T5 = null, T6 = null, T7 = null,
            D1 = Shared.PartRow.NoDate, D2 = Shared.PartRow.NoDate, D3 = Shared.PartRow.NoDate, At = Shared.PartRow.NoTime, N1 = 0m, N2 = 0m, N3 = 0m, N4 = 0m,
            L1 = bought.Select(x => new { x.ProductId, x.CurrencyId }).Distinct().Count(), B1 = false, B2 = false,
        });
    }
}
