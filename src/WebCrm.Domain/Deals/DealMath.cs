namespace WebCrm.Domain.Deals;

/// <summary>
/// A deal's money by the receivable rule (<see cref="DealMath.Totals"/>): lines total, paid, shipped, the receivable
/// (debt, never negative), the advance (paid beyond shipped, never negative) and, for an open deal, what is still
/// to be paid (expected revenue, not a debt).
/// </summary>
public sealed record DealTotals(decimal LinesTotal, decimal Paid, decimal Shipped, decimal Debt, decimal Advance, decimal ToBePaid)
{
    public static readonly DealTotals Zero = new(0, 0, 0, 0, 0, 0);
}

/// <summary>An accounting document of a deal as the receivable rule sees it: its amount and whether its type counts as a shipment.</summary>
public readonly record struct ShipmentDocument(decimal Amount, bool CountsAsShipment);

/// <summary>A converted amount with the rate used (target units per source unit) and the date of the rate (null when no rate was needed).</summary>
public sealed record Conversion(decimal Amount, decimal Rate, DateOnly? RateDate);

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
public static partial class DealMath
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

    /// <summary>
    /// The receivable rule, the one place it is written:
    /// <list type="bullet">
    /// <item><b>Shipped</b> = the sum of the documents whose type counts as a shipment; a <b>won</b> deal without any
    /// counts its whole amount (lines total) as shipped at its close date; an open or lost deal without any has shipped nothing.</item>
    /// <item><b>Debt</b> (receivable) = shipped − paid, never below zero.</item>
    /// <item><b>Advance</b> = paid − shipped when the client paid more than was shipped, never below zero.</item>
    /// <item><b>To be paid</b> (open deals only) = lines total − paid, never below zero: expected revenue, not a debt.</item>
    /// </list>
    /// Every sum is rounded to the deal currency's minor unit.
    /// </summary>
    public static DealTotals Totals(DealStatus status, IEnumerable<decimal> lineAmounts, IEnumerable<decimal> paymentsInDealCurrency,
        IEnumerable<ShipmentDocument> documents, int minorUnits)
    {
        var lines = Round(lineAmounts.Sum(), minorUnits);
        var paid = Round(paymentsInDealCurrency.Sum(), minorUnits);
        var shipments = documents.Where(d => d.CountsAsShipment).Select(d => d.Amount).ToList();
        var shipped = shipments.Count > 0 ? Round(shipments.Sum(), minorUnits) : status == DealStatus.Won ? lines : 0m;
        return new DealTotals(lines, paid, shipped,
            Debt: Math.Max(0m, shipped - paid),
            Advance: Math.Max(0m, paid - shipped),
            ToBePaid: status == DealStatus.Open ? Math.Max(0m, lines - paid) : 0m);
    }

    /// <summary>The rate of a currency on a date: the latest one on or before it; the base currency is always 1.</summary>
    public static decimal? RateOn(int currencyId, DateOnly date, int baseCurrencyId, IEnumerable<DatedRate> rates) =>
        RateOnDated(currencyId, date, baseCurrencyId, rates)?.Rate;

    /// <summary>The latest rate of a currency on or before a date, with its date; the base currency is always 1 (no date).</summary>
    public static DatedRate? RateOnDated(int currencyId, DateOnly date, int baseCurrencyId, IEnumerable<DatedRate> rates) =>
        currencyId == baseCurrencyId
            ? new DatedRate(currencyId, date, 1m)
            : rates.Where(r => r.CurrencyId == currencyId && r.Date <= date).OrderByDescending(r => r.Date).FirstOrDefault();

    /// <summary>Digits kept of a stored conversion rate (target units per source unit).</summary>
    public const int RateDecimals = 10;

    /// <summary>
    /// Converts an amount between currencies through the base currency at the rates of <paramref name="date"/>,
    /// rounded once at the end to the target's minor unit. Null when a needed rate is missing.
    /// </summary>
    public static decimal? Convert(decimal amount, int fromCurrencyId, int toCurrencyId, DateOnly date, int toMinorUnits,
        int baseCurrencyId, IEnumerable<DatedRate> rates) =>
        ConvertWithRate(amount, fromCurrencyId, toCurrencyId, date, toMinorUnits, baseCurrencyId, rates)?.Amount;

    /// <summary>
    /// <see cref="Convert"/> that also tells the rate used (target units per source unit, from-rate ÷ to-rate, kept to
    /// <see cref="RateDecimals"/> digits) and the date of the quote: the non-base currency's rate date, or the earlier
    /// of the two when neither is the base currency (the stalest quote used); null when no rate was needed.
    /// </summary>
    public static Conversion? ConvertWithRate(decimal amount, int fromCurrencyId, int toCurrencyId, DateOnly date, int toMinorUnits,
        int baseCurrencyId, IEnumerable<DatedRate> rates)
    {
        if (fromCurrencyId == toCurrencyId)
        {
            return new Conversion(Round(amount, toMinorUnits), 1m, null);
        }
        var list = rates as IReadOnlyCollection<DatedRate> ?? rates.ToList();
        var from = RateOnDated(fromCurrencyId, date, baseCurrencyId, list);
        var to = RateOnDated(toCurrencyId, date, baseCurrencyId, list);
        if (from is null || to is null || to.Rate <= 0)
        {
            return null;
        }
        DateOnly? rateDate = (fromCurrencyId == baseCurrencyId, toCurrencyId == baseCurrencyId) switch
        {
            (true, _) => to.Date,
            (_, true) => from.Date,
            _ => from.Date < to.Date ? from.Date : to.Date,
        };
        return new Conversion(Round(amount * from.Rate / to.Rate, toMinorUnits), Math.Round(from.Rate / to.Rate, RateDecimals, Rounding), rateDate);
    }

    /// <summary>
    /// A sum of amounts in several currencies expressed in the base currency: Σ amount × rate (rate = units of the base
    /// currency per unit of the amount's currency), rounded once at the end to the base currency's minor unit. The
    /// database computes the same sum, unrounded, where it filters or sorts on it.
    /// </summary>
    public static decimal ToBase(IEnumerable<(decimal Amount, decimal Rate)> amounts, int baseMinorUnits) =>
        Round(amounts.Sum(a => a.Amount * a.Rate), baseMinorUnits);
}
