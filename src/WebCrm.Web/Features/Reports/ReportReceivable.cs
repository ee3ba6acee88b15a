using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Common;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reports;

namespace WebCrm.Web.Features.Reports;

/// <summary>A deal with the keys of the report's dimensions (once per stage responsible when split by them).</summary>
public sealed class DealKeys
{
    public required Deal Deal { get; init; }
    public int? I1 { get; init; }
    public string? S1 { get; init; }
    public int? I2 { get; init; }
    public string? S2 { get; init; }
}

/// <summary>A stored debt span (<see cref="DealDebtPeriod"/>) with the keys of its deal.</summary>
public sealed class OwedSpan
{
    public required DealKeys Owner { get; init; }
    public required DealDebtPeriod Span { get; init; }
}

/// <summary>
/// Σ debt of the spans of one group and deal currency that hold from the moment keyed <see cref="First"/> (the first
/// moment when the spans began by it) until before the moment keyed <see cref="End"/> (<see cref="Open"/>: past the last).
/// </summary>
public sealed class SpanSums
{
    public const int Open = int.MaxValue;

    public int? I1 { get; set; }
    public string? S1 { get; set; }
    public int? I2 { get; set; }
    public string? S2 { get; set; }
    public int CurrencyId { get; set; }
    public int First { get; set; }
    public int End { get; set; }
    public decimal Debt { get; set; }
}

/// <summary>
/// The receivable at moments (the end of each interval) from the stored debt history (<see cref="DealDebtPeriod"/>,
/// written by the debt rule <see cref="DealMath.DebtHistory"/> with every change of a deal): a deal owes at a moment
/// the debt of its span that holds on that day. The database reads the spans that hold at one of the moments at
/// least (begun by the last, not ended by the first) once, each with the interval keys of its first and of its end,
/// and sums them per group, deal currency and that pair of keys — its cost grows with the debts, not with the
/// moments; the sums are then spread over the moments they cover and converted at each moment's rates (the latest on
/// or before it, 1 for the base currency).
/// </summary>
public sealed class ReportReceivable(CrmDbContext db)
{
    /// <summary>The debts of the deals at the moments, grouped by the dimension keys, one aggregate per group and moment with a debt.</summary>
    public async Task<List<ReportAggregate>> AggregateAsync(IQueryable<Deal> deals, Dimension[] dims, ReportMoney money, IReadOnlyList<DateOnly> moments,
        PeriodStep step, CancellationToken ct)
    {
        var at = moments.Distinct().Order().ToArray();
        var index = at.Select((m, j) => (Key: ReportPeriods.KeyOf(m, step), j)).ToDictionary(x => x.Key, x => x.j);
        if (index.Count != at.Length)
        {
            throw new ArgumentException("Each moment must end an interval of its own.", nameof(moments));
        }
        var rows = await Grouped(deals, dims, at, step).ToListAsync(ct);
        var rate = await RatesAsync(rows.Select(x => x.CurrencyId).Append(money.TargetId), at, money.BaseId, ct);
        var cells = new Dictionary<(int?, string?, int?, string?, int), decimal>();
        foreach (var row in rows)
        {
            var end = row.End == SpanSums.Open ? at.Length : index[row.End];
            for (var j = index[row.First]; j < end; j++)
            {
                if (rate(row.CurrencyId, j) is not { } r || rate(money.TargetId, j) is not { } t)
                {
                    continue;
                }
                var value = money.TargetId == money.BaseId ? row.Debt * r : row.Debt * r / t;
                var key = (row.I1, row.S1, row.I2, row.S2, ReportPeriods.KeyOf(at[j], step));
                cells[key] = cells.GetValueOrDefault(key) + value;
            }
        }
        return cells.Select(c => new ReportAggregate { I1 = c.Key.Item1, S1 = c.Key.Item2, I2 = c.Key.Item3, S2 = c.Key.Item4, B = c.Key.Item5, Sum = c.Value })
            .ToList();
    }

    /// <summary>
    /// The spans that hold at one of the moments at least, summed per group, deal currency, the key of the first moment
    /// they hold at (the first moment's for a span begun by it) and the key of the interval they end in (open past the last).
    /// </summary>
    private IQueryable<SpanSums> Grouped(IQueryable<Deal> deals, Dimension[] dims, DateOnly[] at, PeriodStep step)
    {
        var first = Parameter(at[0]);
        var last = Parameter(at[^1]);
        var firstKey = ReportPeriods.KeyOf(at[0], step);
        var x = Expression.Parameter(typeof(OwedSpan), "x");
        var span = Expression.Property(x, nameof(OwedSpan.Span));
        var from = Expression.Property(span, nameof(DealDebtPeriod.From));
        var until = Expression.Property(span, nameof(DealDebtPeriod.Until));
        var key = ReportPeriods.KeyExpression(step);
        Expression KeyOf(Expression date) => ExpressionRewriter.Replace(key.Body, key.Parameters[0], date);
        // Begun by the first moment: held from it. Ended after the last (or never): held to the end.
        var firstOf = Expression.Condition(Expression.LessThanOrEqual(from, first), Expression.Constant(firstKey), KeyOf(from));
        var endOf = Expression.Condition(
            Expression.OrElse(Expression.Equal(until, Expression.Constant(null, typeof(DateOnly?))),
                Expression.GreaterThan(until, Expression.Convert(last, typeof(DateOnly?)))),
            Expression.Constant(SpanSums.Open), KeyOf(Expression.Property(until, nameof(Nullable<DateOnly>.Value))));
        var owner = Expression.Property(x, nameof(OwedSpan.Owner));
        var bindings = new List<MemberBinding>();
        foreach (var name in new[] { nameof(SpanSums.I1), nameof(SpanSums.S1), nameof(SpanSums.I2), nameof(SpanSums.S2) })
        {
            bindings.Add(Bind(name, Expression.Property(owner, name)));
        }
        bindings.Add(Bind(nameof(SpanSums.CurrencyId), Expression.Property(Expression.Property(owner, nameof(DealKeys.Deal)), nameof(Deal.CurrencyId))));
        bindings.Add(Bind(nameof(SpanSums.First), firstOf));
        bindings.Add(Bind(nameof(SpanSums.End), endOf));
        bindings.Add(Bind(nameof(SpanSums.Debt), Expression.Property(span, nameof(DealDebtPeriod.Debt))));
        var flat = Spans(deals, dims, at[0], at[^1])
            .Select(Expression.Lambda<Func<OwedSpan, SpanSums>>(Expression.MemberInit(Expression.New(typeof(SpanSums)), bindings), x));
        return flat.GroupBy(s => new { s.I1, s.S1, s.I2, s.S2, s.CurrencyId, s.First, s.End })
            .Select(g => new SpanSums
            {
                I1 = g.Key.I1, S1 = g.Key.S1, I2 = g.Key.I2, S2 = g.Key.S2, CurrencyId = g.Key.CurrencyId, First = g.Key.First, End = g.Key.End,
                Debt = g.Sum(s => s.Debt),
            });
    }

    /// <summary>
    /// The stored debt spans of the visible deals that hold on some day from <paramref name="from"/> to
    /// <paramref name="to"/> (begun by its end, not ended by its start), each with its deal's keys.
    /// </summary>
    public IQueryable<OwedSpan> Spans(IQueryable<Deal> deals, Dimension[] dims, DateOnly from, DateOnly to)
    {
        var first = new Moment(from);
        var last = new Moment(to);
        return from s in db.DealDebtPeriods
               where s.From <= last.Value && (s.Until == null || s.Until > first.Value)
               join o in Owners(deals, dims) on s.DealId equals o.Deal.Id
               select new OwedSpan { Owner = o, Span = s };
    }

    /// <summary>
    /// Each deal with its dimension keys; split by stage responsible, once per responsible (a left join: "not set" when
    /// none), in the slot of that dimension.
    /// </summary>
    public IQueryable<DealKeys> Owners(IQueryable<Deal> deals, Dimension[] dims)
    {
        var slot = Array.IndexOf(dims, Dimension.StageResponsible);
        var d = Expression.Parameter(typeof(Deal), "d");
        var user = Expression.Parameter(typeof(string), "user");
        var bindings = new List<MemberBinding> { Expression.Bind(typeof(DealKeys).GetProperty(nameof(DealKeys.Deal))!, d) };
        foreach (var k in ReportFacts.KeyBindings(dims, d, null).Cast<MemberAssignment>())
        {
            var stageUser = slot >= 0 && k.Member.Name == (slot == 0 ? nameof(DealKeys.S1) : nameof(DealKeys.S2));
            bindings.Add(Expression.Bind(typeof(DealKeys).GetProperty(k.Member.Name)!, stageUser ? user : k.Expression));
        }
        var keyed = Expression.Lambda<Func<Deal, string?, DealKeys>>(Expression.MemberInit(Expression.New(typeof(DealKeys)), bindings), d, user);
        if (slot < 0)
        {
            return deals.Select(ExpressionRewriter.Bind<Deal, string?, DealKeys>(keyed, _ => null));
        }
        var pairs = db.DealStages.Where(s => s.ResponsibleId != null).Select(s => new { s.DealId, s.ResponsibleId }).Distinct();
        var withUsers = from x in deals
                        join s in pairs on x.Id equals s.DealId into users
                        from s in users.DefaultIfEmpty()
                        select new DealUser { Deal = x, User = s.ResponsibleId };
        var u = Expression.Parameter(typeof(DealUser), "u");
        var body = ExpressionRewriter.Replace(ExpressionRewriter.Replace(keyed.Body, d, Expression.Property(u, nameof(DealUser.Deal))),
            user, Expression.Property(u, nameof(DealUser.User)));
        return withUsers.Select(Expression.Lambda<Func<DealUser, DealKeys>>(body, u));
    }

    private sealed class DealUser
    {
        public required Deal Deal { get; init; }
        public string? User { get; init; }
    }

    /// <summary>
    /// The rate of each currency at each moment as <see cref="ReportFacts"/> converts (the latest on or before it; 1 for
    /// the base; null without one) by the moment's index, from the rates dated within the moments plus the latest before the first.
    /// </summary>
    private async Task<Func<int, int, decimal?>> RatesAsync(IEnumerable<int> currencies, IReadOnlyList<DateOnly> moments, int baseId, CancellationToken ct)
    {
        var ids = currencies.Where(c => c != baseId).Distinct().ToList();
        var rates = new List<DatedRate>();
        if (ids.Count > 0)
        {
            var first = moments[0];
            var last = moments[^1];
            rates.AddRange(await db.ExchangeRates.AsNoTracking().Where(r => ids.Contains(r.CurrencyId) && r.Date >= first && r.Date <= last)
                .Select(r => new DatedRate(r.CurrencyId, r.Date, r.Rate)).ToListAsync(ct));
            foreach (var id in ids)
            {
                if (await db.ExchangeRates.AsNoTracking().Where(r => r.CurrencyId == id && r.Date < first).OrderByDescending(r => r.Date)
                    .Select(r => new DatedRate(r.CurrencyId, r.Date, r.Rate)).FirstOrDefaultAsync(ct) is { } before)
                {
                    rates.Add(before);
                }
            }
        }
        // Each currency's rate at each moment, looked up once (the report spreads many sums over the same moments).
        var table = ids.Append(baseId).Distinct().ToDictionary(c => c, c => moments.Select(m => DealMath.RateOn(c, m, baseId, rates)).ToArray());
        return (currency, moment) => table.TryGetValue(currency, out var byMoment) ? byMoment[moment] : null;
    }

    /// <summary>A moment as a query parameter (the same query shape for any dates, so it is compiled once).</summary>
    internal static Expression Parameter(DateOnly moment) =>
        Expression.Property(Expression.Constant(new Moment(moment)), nameof(Moment.Value));

    private sealed record Moment(DateOnly Value);

    private static MemberAssignment Bind(string member, Expression value) =>
        Expression.Bind(typeof(SpanSums).GetProperty(member)!, value);
}
