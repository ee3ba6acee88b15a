namespace WebCrm.Domain.Deals;

/// <summary>An amount on a date (a payment in the deal's currency).</summary>
public readonly record struct DatedAmount(DateOnly Date, decimal Amount);

/// <summary>An accounting document on its date, as the receivable rule sees it.</summary>
public readonly record struct DatedDocument(DateOnly Date, ShipmentDocument Document);

/// <summary>What the receivable rule needs of a deal to read its debt on any day.</summary>
public sealed record DebtFacts(DealStatus Status, DateOnly StartDate, DateOnly? CloseDate, IReadOnlyCollection<decimal> LineAmounts,
    IReadOnlyCollection<DatedAmount> Payments, IReadOnlyCollection<DatedDocument> Documents, int MinorUnits);

/// <summary>One span of a deal's receivable: from a day (inclusive) until the next change (exclusive; null: still owed).</summary>
public readonly record struct DebtSpan(DateOnly From, DateOnly? Until, decimal Debt);

public static partial class DealMath
{
    /// <summary>
    /// The receivable rule (<see cref="Totals"/>) read on a day: nothing before the deal started; the payments and
    /// documents dated on or before the day; the lines total counts as shipped only for a deal won by then that has no
    /// shipment document at all (a deal with shipment documents is shipped by them alone, so nothing before the first).
    /// </summary>
    public static decimal DebtOn(DateOnly day, DebtFacts deal)
    {
        if (day < deal.StartDate)
        {
            return 0m;
        }
        var shipments = deal.Documents.Where(d => d.Document.CountsAsShipment).ToList();
        var wonByThen = deal.Status == DealStatus.Won && deal.CloseDate is { } close && close <= day && shipments.Count == 0;
        return Totals(wonByThen ? DealStatus.Won : DealStatus.Open, deal.LineAmounts,
            deal.Payments.Where(p => p.Date <= day).Select(p => p.Amount),
            shipments.Where(d => d.Date <= day).Select(d => d.Document), deal.MinorUnits).Debt;
    }

    /// <summary>
    /// A deal's receivable over time as the spans in which it owes (debt above zero), read with <see cref="DebtOn"/> on
    /// every day its debt can change (its start, its close when won, each payment and document date): the debt on any
    /// day is the span's that holds it, or 0. Reports sum these spans at the end of each interval.
    /// </summary>
    public static IReadOnlyList<DebtSpan> DebtHistory(DebtFacts deal)
    {
        var days = deal.Payments.Select(p => p.Date).Concat(deal.Documents.Select(d => d.Date))
            .Append(deal.StartDate).Concat(deal.Status == DealStatus.Won && deal.CloseDate is { } c ? [c] : [])
            .Select(d => d < deal.StartDate ? deal.StartDate : d).Distinct().Order().ToList();
        var spans = new List<DebtSpan>();
        DateOnly? from = null;
        var owed = 0m;
        foreach (var day in days)
        {
            var debt = DebtOn(day, deal);
            if (debt == owed)
            {
                continue;
            }
            if (from is { } f && owed > 0m)
            {
                spans.Add(new DebtSpan(f, day, owed));
            }
            (from, owed) = (day, debt);
        }
        if (from is { } last && owed > 0m)
        {
            spans.Add(new DebtSpan(last, null, owed));
        }
        return spans;
    }
}

/// <summary>
/// A stored span of a deal's receivable (<see cref="DealMath.DebtHistory"/>): derived data, rewritten by
/// <see cref="Deal.Recalculate"/> with the stored totals on every change of the deal, so the reports' receivable at any
/// date is a sum over these rows instead of a replay of every payment and document.
/// </summary>
public class DealDebtPeriod
{
    public int DealId { get; set; }
    public Deal? Deal { get; set; }
    /// <summary>The first day of the span.</summary>
    public DateOnly From { get; set; }
    /// <summary>The day the debt changes again (not part of the span); null while it is still owed.</summary>
    public DateOnly? Until { get; set; }
    /// <summary>In the deal's currency, above zero.</summary>
    public decimal Debt { get; set; }
}
