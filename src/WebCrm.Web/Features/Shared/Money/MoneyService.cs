using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;

namespace WebCrm.Web.Features.Shared.Money;

/// <summary>Settings of money everywhere (configuration section <c>Money</c>).</summary>
public sealed class MoneyOptions
{
    /// <summary>ISO code of the base currency: exchange rates are quoted in it and totals (company debt) are shown in it.</summary>
    public string BaseCurrency { get; set; } = "RUB";
    /// <summary>ISO code of the second reporting currency (reports show totals in both).</summary>
    public string SecondCurrency { get; set; } = "USD";
}

/// <summary>A currency for display: code, name in the UI language, symbol (₽, $) and digits of its minor unit.</summary>
public sealed record CurrencyInfo(int Id, string Code, string Name, string Symbol, int MinorUnits);

/// <summary>A sum in the base currency and the currencies that had no rate (their amounts are left out).</summary>
public sealed record BaseSum(decimal Total, IReadOnlyList<string> MissingRates);

/// <summary>
/// The one place for currencies and rates: the base and second currency, the rate of a currency on a date,
/// conversions and sums in the base currency, in memory and as database expressions. The arithmetic is the domain's
/// (<see cref="DealMath"/>); this service only loads what it needs.
/// <para>
/// <b>Which currency is the base</b> (one rule, <see cref="BaseCandidates"/>): the currency whose code is
/// <c>Money:BaseCurrency</c>; when no currency has that code, the first currency in the list order (sort order, then
/// id) — active or not, since old amounts stay in it.
/// The <b>second currency</b> is the one with the code <c>Money:SecondCurrency</c>, else the first other than the
/// base in list order, else none.
/// </para>
/// <para>
/// <b>Rates</b> are units of the base currency per unit of a currency (<see cref="ExchangeRate"/>); the rate on a date
/// is the latest one on or before it; the base currency's rate is always 1.
/// </para>
/// </summary>
public sealed class MoneyService(CrmDbContext db, ReferenceCache cache, IOptions<MoneyOptions> options, TimeProvider clock)
{
    private CurrencyInfo? _base;
    private bool _secondLoaded;
    private CurrencyInfo? _second;

    /// <summary>Today in the server's time zone: the date whose rates value today's debts.</summary>
    public DateOnly Today => Numbers.Today(clock);

    /// <summary>Currencies in base-currency preference order: the configured code first, then list order. The first one is the base.</summary>
    private static IEnumerable<Currency> BaseCandidates(ReferenceData data, string code) =>
        data.Currencies.OrderBy(c => c.Code == code ? 0 : 1);

    private static CurrencyInfo Info(Currency c) => new(c.Id, c.Code, FormText.IsRussian ? c.NameRu : c.NameEn, c.Symbol, c.MinorUnits);

    /// <remarks>Currencies and rates come from the <see cref="ReferenceCache"/> (no round trip on a page).</remarks>
    public async Task<CurrencyInfo> BaseCurrencyAsync(CancellationToken ct = default) =>
        _base ??= Info(BaseCandidates(await cache.GetAsync(), options.Value.BaseCurrency).FirstOrDefault()
            ?? throw new InvalidOperationException("There are no currencies: the reference seeder adds them at start."));

    public async Task<int> BaseCurrencyIdAsync(CancellationToken ct = default) => (await BaseCurrencyAsync(ct)).Id;

    /// <summary>The second reporting currency; null when there is only one currency.</summary>
    public async Task<CurrencyInfo?> SecondCurrencyAsync(CancellationToken ct = default)
    {
        if (!_secondLoaded)
        {
            var baseId = await BaseCurrencyIdAsync(ct);
            var code = options.Value.SecondCurrency;
            var second = (await cache.GetAsync()).Currencies.Where(c => c.Id != baseId).OrderBy(c => c.Code == code ? 0 : 1).FirstOrDefault();
            _second = second is null ? null : Info(second);
            _secondLoaded = true;
        }
        return _second;
    }


    /// <summary>The rate of a currency to the base on a date: the latest on or before it (1, dated that day, for the base); null when none.</summary>
    /// <param name="fresh">Read the rate from the database rather than the <see cref="ReferenceCache"/>: for a value that
    /// is stored (a payment's conversion), where a rate entered a moment ago on another app instance must count.</param>
    public async Task<DatedRate?> RateOnAsync(int currencyId, DateOnly date, CancellationToken ct = default, bool fresh = false)
    {
        var baseId = await BaseCurrencyIdAsync(ct);
        if (currencyId == baseId)
        {
            return new DatedRate(currencyId, date, 1m);
        }
        return fresh
            ? await db.ExchangeRates.AsNoTracking().Where(r => r.CurrencyId == currencyId && r.Date <= date)
                .OrderByDescending(r => r.Date).Select(r => new DatedRate(r.CurrencyId, r.Date, r.Rate)).FirstOrDefaultAsync(ct)
            : (await cache.GetAsync()).RateOn(currencyId, date);
    }

    private async Task<List<DatedRate>> RatesOnAsync(IEnumerable<int> currencyIds, DateOnly date, CancellationToken ct, bool fresh = false)
    {
        var rates = new List<DatedRate>();
        foreach (var id in currencyIds.Distinct())
        {
            if (await RateOnAsync(id, date, ct, fresh) is { } rate)
            {
                rates.Add(rate);
            }
        }
        return rates;
    }

    /// <summary>
    /// Converts an amount at the rates of a date (<see cref="DealMath.ConvertWithRate"/>), rounded to the target's
    /// minor unit, with the rate used and its date; null when a needed rate is missing.
    /// </summary>
    public async Task<Conversion?> ConvertAsync(decimal amount, int fromCurrencyId, int toCurrencyId, DateOnly date, CancellationToken ct = default)
    {
        var baseId = await BaseCurrencyIdAsync(ct);
        var minor = await db.Currencies.AsNoTracking().Where(c => c.Id == toCurrencyId).Select(c => c.MinorUnits).SingleAsync(ct);
        var rates = await RatesOnAsync([fromCurrencyId, toCurrencyId], date, ct, fresh: true);
        return DealMath.ConvertWithRate(amount, fromCurrencyId, toCurrencyId, date, minor, baseId, rates);
    }

    /// <summary>
    /// Amounts in several currencies summed in the base currency at the rates of a date (<see cref="DealMath.ToBase"/>:
    /// Σ amount × rate, rounded once to the base's minor unit). Currencies without a rate are left out and named.
    /// </summary>
    public async Task<BaseSum> SumInBaseAsync(IEnumerable<(int CurrencyId, string Code, decimal Amount)> amounts, DateOnly date, CancellationToken ct = default)
    {
        var list = amounts.ToList();
        var baseCurrency = await BaseCurrencyAsync(ct);
        var rates = await RatesOnAsync(list.Select(a => a.CurrencyId), date, ct);
        var rated = list.Select(a => (a.Code, a.Amount, Rate: DealMath.RateOn(a.CurrencyId, date, baseCurrency.Id, rates))).ToList();
        return new BaseSum(DealMath.ToBase(rated.Where(a => a.Rate is not null).Select(a => (a.Amount, a.Rate!.Value)), baseCurrency.MinorUnits),
            rated.Where(a => a.Rate is null && a.Amount != 0).Select(a => a.Code).Distinct().Order().ToList());
    }

    /// <summary>
    /// company => the stored debt (receivable) of the given deals of the company, in the base currency at the rates of
    /// <paramref name="date"/> (Σ Debt × rate, unrounded; 0 without deals; a deal whose currency has no rate counts as
    /// nothing). The database form of <see cref="SumInBaseAsync"/> over <see cref="Deal.Debt"/>: the company list
    /// filters and sorts on it and the card shows the same sum rounded.
    /// </summary>
    /// <remarks>The base currency is resolved first and enters the SQL as a parameter: as a subquery inside the
    /// per-deal sum it was evaluated for every deal of every listed company.</remarks>
    public async Task<Expression<Func<Company, decimal?>>> DebtInBaseAsync(IQueryable<Deal> deals, DateOnly date, CancellationToken ct = default)
    {
        var rates = db.ExchangeRates.AsNoTracking();
        var baseId = await BaseCurrencyIdAsync(ct);
        return c => deals.Where(d => d.CompanyId == c.Id)
            .Sum(d => (decimal?)(d.Debt * (d.CurrencyId == baseId
                ? 1m
                : rates.Where(r => r.CurrencyId == d.CurrencyId && r.Date <= date).OrderByDescending(r => r.Date)
                    .Select(r => (decimal?)r.Rate).FirstOrDefault()))) ?? 0m;
    }
}
