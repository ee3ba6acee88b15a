using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Common;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reports;

namespace WebCrm.Web.Features.Reports;

/// <summary>Σ of the payments of one group in one currency on one date, as the database sums them.</summary>
public sealed class DatedSum
{
    public int? I1 { get; set; }
    public string? S1 { get; set; }
    public int? I2 { get; set; }
    public string? S2 { get; set; }
    public int CurrencyId { get; set; }
    public DateOnly Date { get; set; }
    public decimal Sum { get; set; }
}

/// <summary>
/// Payments received, summed by the database per group, payment currency and date — no rate looked up or multiplied
/// per payment — and converted here: each sum × the rate of its currency on its date ÷ the rate of the report's
/// currency on that date (the latest rates on or before it, <see cref="DealMath.RateOn"/>; 1 for the base currency; a
/// sum without a needed rate is left out, as the per-payment conversion leaves a payment out), then keyed by interval.
/// The same result as converting every payment on its own date (<see cref="ReportFacts"/>, which the drill-down keeps),
/// at a fraction of the cost: a year holds some 350,000 payments but only a few hundred dates.
/// </summary>
public sealed class ReportPayments(CrmDbContext db)
{
    /// <summary>Whether the payments of a report can be summed this way: not split by stage responsible (a join of its own).</summary>
    public static bool Applies(ReportDefinition r, Dimension[] dims) =>
        r.Measure == Measure.Payments && !dims.Contains(Dimension.StageResponsible);

    /// <summary>Whether every dimension of the report is a key stored beside each payment (<see cref="Payment.CompanyRegionId"/>, <see cref="Payment.DealResponsibleId"/>).</summary>
    public static bool FromStoredKeys(Dimension[] dims) => dims.All(d => d is Dimension.None or Dimension.Region or Dimension.Salesperson);

    /// <param name="everyDeal">
    /// <paramref name="deals"/> is every deal (the user sees all and the report narrows nothing): every payment is then a
    /// payment of a visible deal, as each belongs to a deal, so with stored keys the payments are summed without the deals.
    /// </param>
    public async Task<List<ReportAggregate>> AggregateAsync(IQueryable<Deal> deals, bool everyDeal, Dimension[] dims, DateSpan period, ReportMoney money,
        PeriodStep step, CancellationToken ct)
    {
        var rows = await (FromStoredKeys(dims) ? Stored(deals, everyDeal, dims, period) : Grouped(deals, dims, period)).ToListAsync(ct);
        var rate = await RatesAsync(rows.Select(x => x.CurrencyId).Append(money.TargetId), period, money.BaseId, ct);
        var cells = new Dictionary<(int?, string?, int?, string?, int), decimal>();
        foreach (var row in rows)
        {
            if (rate(row.CurrencyId, row.Date) is not { } r || rate(money.TargetId, row.Date) is not { } t)
            {
                continue;
            }
            var value = money.TargetId == money.BaseId ? row.Sum * r : row.Sum * r / t;
            var key = (row.I1, row.S1, row.I2, row.S2, ReportPeriods.KeyOf(row.Date, step));
            cells[key] = cells.GetValueOrDefault(key) + value;
        }
        return cells.Select(c => new ReportAggregate { I1 = c.Key.Item1, S1 = c.Key.Item2, I2 = c.Key.Item3, S2 = c.Key.Item4, B = c.Key.Item5, Sum = c.Value })
            .ToList();
    }

    private IQueryable<DatedSum> Grouped(IQueryable<Deal> deals, Dimension[] dims, DateSpan period)
    {
        var (from, to) = (period.From, period.To);
        var paid = db.Payments.Where(p => p.Date >= from && p.Date <= to)
            .Join(deals, p => p.DealId, d => d.Id, (p, d) => new Rated<Payment> { Row = p, Deal = d });
        var x = Expression.Parameter(typeof(Rated<Payment>), "x");
        var row = Expression.Property(x, nameof(Rated<Payment>.Row));
        var deal = Expression.Property(x, nameof(Rated<Payment>.Deal));
        var bindings = ReportFacts.KeyBindings(dims, deal, null)
            .Select(b => (MemberBinding)Expression.Bind(typeof(DatedSum).GetProperty(b.Member.Name)!, ((MemberAssignment)b).Expression))
            .Append(Expression.Bind(typeof(DatedSum).GetProperty(nameof(DatedSum.CurrencyId))!, Expression.Property(row, nameof(Payment.CurrencyId))))
            .Append(Expression.Bind(typeof(DatedSum).GetProperty(nameof(DatedSum.Date))!, Expression.Property(row, nameof(Payment.Date))))
            .Append(Expression.Bind(typeof(DatedSum).GetProperty(nameof(DatedSum.Sum))!, Expression.Property(row, nameof(Payment.Amount))));
        var flat = paid.Select(Expression.Lambda<Func<Rated<Payment>, DatedSum>>(Expression.MemberInit(Expression.New(typeof(DatedSum)), bindings), x));
        return flat.GroupBy(s => new { s.I1, s.S1, s.I2, s.S2, s.CurrencyId, s.Date })
            .Select(g => new DatedSum { I1 = g.Key.I1, S1 = g.Key.S1, I2 = g.Key.I2, S2 = g.Key.S2, CurrencyId = g.Key.CurrencyId, Date = g.Key.Date, Sum = g.Sum(s => s.Sum) });
    }

    /// <summary>
    /// The payments summed by their stored keys: the period's payments (of the visible deals, unless every deal is
    /// visible) read from <c>IX_Payments_Report_Region</c> without a join to their deals or companies.
    /// </summary>
    private IQueryable<DatedSum> Stored(IQueryable<Deal> deals, bool everyDeal, Dimension[] dims, DateSpan period)
    {
        var (from, to) = (period.From, period.To);
        var paid = db.Payments.Where(p => p.Date >= from && p.Date <= to);
        if (!everyDeal)
        {
            var visible = deals.Select(d => d.Id);
            paid = paid.Where(p => visible.Contains(p.DealId));
        }
        var p = Expression.Parameter(typeof(Payment), "p");
        Expression Int(Dimension d) => d == Dimension.Region
            ? Expression.Property(p, nameof(Payment.CompanyRegionId))
            : Expression.Constant(null, typeof(int?));
        Expression Text(Dimension d) => d == Dimension.Salesperson
            ? Expression.Property(p, nameof(Payment.DealResponsibleId))
            : Expression.Constant(null, typeof(string));
        MemberBinding Bind(string member, Expression value) => Expression.Bind(typeof(DatedSum).GetProperty(member)!, value);
        var projection = Expression.Lambda<Func<Payment, DatedSum>>(Expression.MemberInit(Expression.New(typeof(DatedSum)),
            Bind(nameof(DatedSum.I1), Int(dims[0])), Bind(nameof(DatedSum.S1), Text(dims[0])),
            Bind(nameof(DatedSum.I2), Int(dims[1])), Bind(nameof(DatedSum.S2), Text(dims[1])),
            Bind(nameof(DatedSum.CurrencyId), Expression.Property(p, nameof(Payment.CurrencyId))),
            Bind(nameof(DatedSum.Date), Expression.Property(p, nameof(Payment.Date))),
            Bind(nameof(DatedSum.Sum), Expression.Property(p, nameof(Payment.Amount)))), p);
        return paid.Select(projection).GroupBy(s => new { s.Date, s.I1, s.S1, s.CurrencyId, s.I2, s.S2 })
            .Select(g => new DatedSum { I1 = g.Key.I1, S1 = g.Key.S1, I2 = g.Key.I2, S2 = g.Key.S2, CurrencyId = g.Key.CurrencyId, Date = g.Key.Date, Sum = g.Sum(s => s.Sum) });
    }

    /// <summary>The rate of each currency on each day of the period (the latest on or before it; 1 for the base; null without one).</summary>
    private async Task<Func<int, DateOnly, decimal?>> RatesAsync(IEnumerable<int> currencies, DateSpan period, int baseId, CancellationToken ct)
    {
        var ids = currencies.Where(c => c != baseId).Distinct().ToList();
        var (from, to) = (period.From, period.To);
        List<DatedRate> rates = ids.Count == 0 ? [] : await db.ExchangeRates.AsNoTracking().Where(r => ids.Contains(r.CurrencyId) && r.Date >= from && r.Date <= to)
            .Select(r => new DatedRate(r.CurrencyId, r.Date, r.Rate)).ToListAsync(ct);
        foreach (var id in ids)
        {
            if (await db.ExchangeRates.AsNoTracking().Where(r => r.CurrencyId == id && r.Date < from).OrderByDescending(r => r.Date)
                .Select(r => new DatedRate(r.CurrencyId, r.Date, r.Rate)).FirstOrDefaultAsync(ct) is { } before)
            {
                rates.Add(before);
            }
        }
        var byCurrency = rates.GroupBy(r => r.CurrencyId).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Date).ToList());
        var cache = new Dictionary<(int, DateOnly), decimal?>();
        return (currency, day) =>
        {
            if (currency == baseId)
            {
                return 1m;
            }
            if (!cache.TryGetValue((currency, day), out var rate))
            {
                rate = byCurrency.TryGetValue(currency, out var list) ? DealMath.RateOn(currency, day, baseId, list) : null;
                cache[(currency, day)] = rate;
            }
            return rate;
        };
    }
}
