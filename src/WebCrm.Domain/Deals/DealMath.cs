namespace WebCrm.Domain.Deals;

public sealed record DealTotals(decimal LinesTotal, decimal Paid, decimal Debt);

/// <summary>A dated rate to the base currency, as <see cref="DealMath.Convert"/> needs it.</summary>
public sealed record DatedRate(int CurrencyId, DateOnly Date, decimal Rate);

/// <summary>
/// The money arithmetic of a deal, in one place: the card shows what these functions return and the stored totals
/// that lists filter, sort and sum in the database are written from them, so the two always agree.
/// </summary>
/// <remarks>
/// Rounding is <b>commercial</b> (half away from zero, <see cref="MidpointRounding.AwayFromZero"/>), not banker's:
/// Russian accounting and the 1C documents a deal is reconciled with round amounts that way, and an invoice line of
/// 0.125 ₽ must read 0.13 in both. Banker's rounding only pays off when summing very many midpoint values, which
/// does not happen here because every line and payment is rounded once, on its own, and totals are plain sums of
/// already-rounded amounts (so a total never needs rounding again and equals the database SUM).
/// </remarks>
public static class DealMath
{
    public const MidpointRounding Rounding = MidpointRounding.AwayFromZero;

    /// <summary>Rounds to the currency's minor unit (2 for kopecks and cents, 0 for yen…).</summary>
    public static decimal Round(decimal amount, int minorUnits) => Math.Round(amount, Math.Clamp(minorUnits, 0, 4), Rounding);

    /// <summary>Quantity × unit price less the discount (percent), rounded to the minor unit.</summary>
    public static decimal LineAmount(decimal quantity, decimal unitPrice, decimal discountPercent, int minorUnits)
    {
        if (discountPercent is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(discountPercent), "A discount is between 0 and 100 percent.");
        }
        return Round(quantity * unitPrice * (100m - discountPercent) / 100m, minorUnits);
    }

    /// <summary>Lines total, payments total and debt (lines − payments; negative when the client overpaid).</summary>
    public static DealTotals Totals(IEnumerable<decimal> lineAmounts, IEnumerable<decimal> paymentsInDealCurrency, int minorUnits)
    {
        var lines = Round(lineAmounts.Sum(), minorUnits);
        var paid = Round(paymentsInDealCurrency.Sum(), minorUnits);
        return new DealTotals(lines, paid, lines - paid);
    }

    /// <summary>The rate of a currency on a date: the latest one on or before it; the base currency is always 1.</summary>
    public static decimal? RateOn(int currencyId, DateOnly date, int baseCurrencyId, IEnumerable<DatedRate> rates) =>
        currencyId == baseCurrencyId
            ? 1m
            : rates.Where(r => r.CurrencyId == currencyId && r.Date <= date).OrderByDescending(r => r.Date).Select(r => (decimal?)r.Rate).FirstOrDefault();

    /// <summary>
    /// Converts an amount between currencies through the base currency at the rates of <paramref name="date"/>,
    /// rounded once at the end to the target's minor unit. Null when a needed rate is missing.
    /// </summary>
    public static decimal? Convert(decimal amount, int fromCurrencyId, int toCurrencyId, DateOnly date, int toMinorUnits,
        int baseCurrencyId, IEnumerable<DatedRate> rates)
    {
        if (fromCurrencyId == toCurrencyId)
        {
            return Round(amount, toMinorUnits);
        }
        var list = rates as IReadOnlyCollection<DatedRate> ?? rates.ToList();
        var from = RateOn(fromCurrencyId, date, baseCurrencyId, list);
        var to = RateOn(toCurrencyId, date, baseCurrencyId, list);
        if (from is not { } f || to is not { } t || t <= 0)
        {
            return null;
        }
        return Round(amount * f / t, toMinorUnits);
    }

    /// <summary>
    /// A sum of amounts in several currencies expressed in the base currency: Σ amount × rate (rate = units of the base
    /// currency per unit of the amount's currency), rounded once at the end to the base currency's minor unit. The
    /// database computes the same sum, unrounded, where it filters or sorts on it.
    /// </summary>
    public static decimal ToBase(IEnumerable<(decimal Amount, decimal Rate)> amounts, int baseMinorUnits) =>
        Round(amounts.Sum(a => a.Amount * a.Rate), baseMinorUnits);
}
