using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Security;

namespace WebCrm.Web.Features.Deals;

public sealed record CompanyDealRow(int Id, string Title, DealStatus Status, string? CurrentStage, string CurrencyCode,
    decimal Amount, decimal Paid, decimal Debt, bool CountsInDebt);

public sealed record BoughtProductRow(int ProductId, string Product, string? Unit, decimal Quantity, string CurrencyCode, decimal Amount, DateOnly LastPurchase);

/// <summary>The company card's "Deals and debt" and "Products and services bought" sections.</summary>
public sealed class CompanyDealsSection
{
    public IReadOnlyList<CompanyDealRow> Deals { get; init; } = [];
    public IReadOnlyList<BoughtProductRow> Products { get; init; } = [];
    public decimal TotalDebt { get; init; }
    public string BaseCurrencyCode { get; init; } = "";
    /// <summary>The date whose rates convert the debts: today (the latest rate on or before it).</summary>
    public DateOnly RatesDate { get; init; }
    /// <summary>Currencies of counted deals that have no rate on or before <see cref="RatesDate"/>; their debt is left out of the total.</summary>
    public IReadOnlyList<string> MissingRates { get; init; } = [];
    public bool CanSeeDeals { get; init; }
    public bool CanCreate { get; init; }
}

/// <summary>
/// A company's deals and debt, as far as the user may see them.
/// <para>
/// <b>Which deals:</b> the company's deals that pass <see cref="DealVisibility"/> for the user — seeing the company is
/// not enough. A manager who owns the company sees all its deals (the rule's third branch); someone who sees the
/// company through "view all clients" but only his own deals sees just those; without a Deals right, none.
/// </para>
/// <para>
/// <b>Total debt</b> is in the base currency (<c>Deals:BaseCurrency</c>) and counts open and won deals; a lost deal's
/// unpaid lines are not owed and are left out. Each deal's stored debt (in its own currency) is multiplied by the
/// rate of that currency on <b>today's date</b> — the latest rate on or before today, as
/// <see cref="DealMath.RateOn"/> picks it — and the sum is rounded once to the base currency's minor unit. The
/// company list's "total debt" filter and its sort by debt compute the same sum in the database
/// (<see cref="DebtInBase"/>, a correlated subquery over the stored debts), unrounded; the two differ by less
/// than half a minor unit. A deal whose currency has no rate yet counts as nothing (the card names the currency).
/// </para>
/// </summary>
public sealed class CompanyDealsService(CrmDbContext db, IOptions<DealsOptions> options, TimeProvider clock)
{
    private static bool Ru => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ru";

    public DateOnly Today => Numbers.Today(clock);

    public string BaseCurrencyCode => options.Value.BaseCurrency;

    /// <summary>The deals the user may see, as a query other queries nest as a subquery.</summary>
    public IQueryable<Deal> VisibleDeals(UserAccess user) => DealVisibility.Instance.Apply(db.Deals.AsNoTracking(), user);

    /// <summary>company => its visible open or won deals' debt in the base currency at today's rates; 0 without deals.</summary>
    public Expression<Func<Company, decimal?>> DebtInBase(UserAccess user)
    {
        var deals = VisibleDeals(user);
        var rates = db.ExchangeRates.AsNoTracking();
        var baseCode = BaseCurrencyCode;
        var today = Today;
        return c => deals.Where(d => d.CompanyId == c.Id && d.Status != DealStatus.Lost)
            .Sum(d => (decimal?)(d.Debt * (d.Currency!.Code == baseCode
                ? 1m
                : rates.Where(r => r.CurrencyId == d.CurrencyId && r.Date <= today).OrderByDescending(r => r.Date)
                    .Select(r => (decimal?)r.Rate).FirstOrDefault()))) ?? 0m;
    }

    /// <summary>company => it has at least one open deal the user may see.</summary>
    public Expression<Func<Company, bool>> HasOpenDeals(UserAccess user)
    {
        var deals = VisibleDeals(user);
        return c => deals.Any(d => d.CompanyId == c.Id && d.Status == DealStatus.Open);
    }

    public async Task<CompanyDealsSection> SectionAsync(int companyId, UserAccess user, CancellationToken ct)
    {
        var canCreate = user.Has(Permissions.Deals.Create);
        if (!DealVisibility.Instance.SeesOwn(user))
        {
            return new CompanyDealsSection { BaseCurrencyCode = BaseCurrencyCode, RatesDate = Today, CanCreate = canCreate };
        }
        var ru = Ru;
        var today = Today;
        var visible = VisibleDeals(user).Where(d => d.CompanyId == companyId);
        var deals = await visible.OrderBy(d => d.Status).ThenByDescending(d => d.StartDate).ThenByDescending(d => d.Id)
            .Select(d => new
            {
                d.Id, d.Title, d.Status, d.CurrencyId, Currency = d.Currency!.Code, d.LinesTotal, d.PaidTotal, d.Debt,
                Stage = db.ReferenceItems.Where(r => r.Id == d.CurrentStageId).Select(r => ru ? r.NameRu : r.NameEn).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var baseCurrency = await db.Currencies.AsNoTracking().Where(c => c.Code == BaseCurrencyCode)
            .Select(c => new { c.Id, c.Code, c.MinorUnits }).FirstOrDefaultAsync(ct);
        var counted = deals.Where(d => d.Status != DealStatus.Lost).ToList();
        var currencyIds = counted.Select(d => d.CurrencyId).Where(c => c != baseCurrency?.Id).Distinct().ToList();
        var rates = new List<DatedRate>();
        foreach (var currencyId in currencyIds)
        {
            var rate = await db.ExchangeRates.AsNoTracking().Where(r => r.CurrencyId == currencyId && r.Date <= today)
                .OrderByDescending(r => r.Date).Select(r => new DatedRate(r.CurrencyId, r.Date, r.Rate)).FirstOrDefaultAsync(ct);
            if (rate is not null)
            {
                rates.Add(rate);
            }
        }
        var baseId = baseCurrency?.Id ?? -1;
        var converted = counted.Select(d => (d.Currency, Rate: DealMath.RateOn(d.CurrencyId, today, baseId, rates), d.Debt)).ToList();
        var products = await db.DealLines.AsNoTracking()
            .Where(x => x.Deal!.CompanyId == companyId && x.Deal.Status == DealStatus.Won && visible.Any(d => d.Id == x.DealId))
            .GroupBy(x => new { x.ProductId, x.Product!.Name, x.Deal!.CurrencyId, Currency = x.Deal.Currency!.Code })
            .Select(g => new
            {
                g.Key.ProductId, g.Key.Name, g.Key.Currency,
                Quantity = g.Sum(x => x.Quantity),
                Amount = g.Sum(x => x.Amount),
                Last = g.Max(x => x.Deal!.CloseDate ?? x.Deal.StartDate),
                UnitId = g.Max(x => x.Product!.UnitId),
            })
            .ToListAsync(ct);
        var unitIds = products.Where(p => p.UnitId != null).Select(p => p.UnitId!.Value).Distinct().ToList();
        var units = await db.ReferenceItems.AsNoTracking().Where(r => unitIds.Contains(r.Id))
            .ToDictionaryAsync(r => r.Id, r => ru ? r.NameRu : r.NameEn, ct);
        return new CompanyDealsSection
        {
            Deals = deals.Select(d => new CompanyDealRow(d.Id, d.Title, d.Status, d.Status == DealStatus.Open ? d.Stage : null, d.Currency,
                d.LinesTotal, d.PaidTotal, d.Debt, d.Status != DealStatus.Lost)).ToList(),
            Products = products.OrderByDescending(p => p.Last).ThenBy(p => p.Name, StringComparer.CurrentCulture)
                .Select(p => new BoughtProductRow(p.ProductId, p.Name, p.UnitId is { } u && units.TryGetValue(u, out var n) ? n : null,
                    p.Quantity, p.Currency, p.Amount, p.Last)).ToList(),
            TotalDebt = DealMath.ToBase(converted.Where(c => c.Rate is not null).Select(c => (c.Debt, c.Rate!.Value)), baseCurrency?.MinorUnits ?? 2),
            BaseCurrencyCode = baseCurrency?.Code ?? BaseCurrencyCode,
            RatesDate = today,
            MissingRates = converted.Where(c => c.Rate is null).Select(c => c.Currency).Distinct().Order().ToList(),
            CanSeeDeals = true,
            CanCreate = canCreate,
        };
    }
}
