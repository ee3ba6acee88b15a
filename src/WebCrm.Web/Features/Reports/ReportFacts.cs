using Microsoft.EntityFrameworkCore;
using System.Linq.Expressions;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Common;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reports;

namespace WebCrm.Web.Features.Reports;

/// <summary>
/// One fact a report sums, as a database row: the deal, the business date, the value (money converted to the report's
/// currency, units, or 1), whether the deal is won, the keys of the two dimensions (an id or a text, by dimension) and
/// the interval key of the date. Only scalars, so the report's GROUP BY runs over a flat projection on both providers.
/// </summary>
public sealed class ReportFact
{
    public int DealId { get; set; }
    public decimal? Value { get; set; }
    public bool Won { get; set; }
    public int? I1 { get; set; }
    public string? S1 { get; set; }
    public int? I2 { get; set; }
    public string? S2 { get; set; }
    public int B { get; set; }
}

/// <summary>A row a report sums (a line, a payment) with its deal and, converted, the rates of its date.</summary>
public sealed class Rated<TRow>
{
    public required TRow Row { get; init; }
    public required Deal Deal { get; init; }
    public decimal? Rate { get; init; }
    public decimal? Target { get; init; }
}

/// <summary>How a report is converted: the base currency, the target currency, the rates table.</summary>
public sealed record ReportMoney(int BaseId, int TargetId, int TargetMinorUnits);

/// <summary>
/// Builds the facts of a report as one query over the deals the user sees (<c>DealAccess.Query</c>): which rows a
/// measure counts and by which date, the money conversion at the rate of each fact's own date (the latest rate on or
/// before it, a correlated subquery the database evaluates), the dimension keys and the interval key.
/// </summary>
public sealed class ReportFacts(CrmDbContext db, ReportReceivable receivable)
{
    /// <summary>
    /// The facts of a measure in a period. <paramref name="at"/> are the dates of the receivable (the end of the period or
    /// of each interval; each reported under its own interval's key), measured in one query; other measures bucket each
    /// fact by its own date.
    /// <paramref name="keys"/> keeps only some of the report's dimensions as keys (for totals without a dimension that
    /// counts a deal more than once); the facts stay those of the whole report (lines when it is split by product).
    /// </summary>
    public IQueryable<ReportFact> Build(IQueryable<Deal> deals, ReportDefinition r, DateSpan period, ReportMoney money, IReadOnlyList<DateOnly>? at = null,
        (bool Rows, bool Columns)? keys = null)
    {
        var byProduct = Dimensions(r, null).Any(ReportRules.IsProductDimension) || ReportRules.IsLineMeasure(r.Measure);
        var dims = Dimensions(r, keys);
        var step = r.Measure == Measure.Receivable ? PeriodStep.None : r.Step;
        IQueryable<ReportFact> facts;
        switch (r.Measure)
        {
            case Measure.Payments:
                var paid = db.Payments.Where(p => p.Date >= period.From && p.Date <= period.To);
                var payments = paid.Join(deals, p => p.DealId, d => d.Id, (p, d) => new Rated<Payment> { Row = p, Deal = d });
                payments = WithRates(payments, x => x.Row.CurrencyId, x => x.Row.Date, money);
                facts = payments.Select(Project<Payment>(dims, step, money, (p, d) => p.Amount, (p, d) => p.Date, line: null));
                break;
            case Measure.Receivable:
                facts = Receivable(deals, dims, money, at!, r.Step);
                break;
            default:
                deals = Dated(deals, r.Measure, period);
                if (FromDealTotals(r))
                {
                    // Σ of a deal's lines is its stored lines total (DealMath.Totals): one fact per deal with lines, none read.
                    var rated = WithRates(deals.Where(d => d.Lines.Any()).Select(d => new Rated<Deal> { Row = d, Deal = d }), x => x.Deal.CurrencyId, x => x.Deal.CloseDate!.Value, money);
                    facts = rated.Select(Project<Deal>(dims, step, money, (_, d) => d.LinesTotal, (_, d) => d.CloseDate!.Value, line: null));
                }
                else if (byProduct)
                {
                    var lines = Restricted(db.DealLines.AsQueryable(), r.Restrictions)
                        .Join(deals, l => l.DealId, d => d.Id, (l, d) => new Rated<DealLine> { Row = l, Deal = d });
                    var converted = r.Measure is Measure.Sales or Measure.AverageDeal;
                    if (converted)
                    {
                        lines = WithRates(lines, x => x.Deal.CurrencyId, x => x.Deal.CloseDate!.Value, money);
                    }
                    facts = lines.Select(LineProjection(r.Measure, dims, step, money));
                }
                else
                {
                    facts = deals.Select(DealProjection(r.Measure, dims, step));
                }
                break;
        }
        // The receivable joins the stage responsibles itself, before its per-deal sums.
        return r.Measure == Measure.Receivable ? facts : WithStageResponsible(facts, dims);
    }

    /// <summary>
    /// Sales (and the average deal) not split or narrowed by product sum whole deals: each deal's stored lines total is
    /// the sum of its lines, so the facts are the deals themselves.
    /// </summary>
    private static bool FromDealTotals(ReportDefinition r) =>
        r.Measure is Measure.Sales or Measure.AverageDeal
        && !Dimensions(r, null).Any(ReportRules.IsProductDimension)
        && !r.Restrictions.Any(x => ReportRules.IsProductDimension(x.Dimension));

    /// <summary>The report's row and column dimensions (None for no columns, or for one <paramref name="keys"/> leaves out).</summary>
    public static Dimension[] Dimensions(ReportDefinition r, (bool Rows, bool Columns)? keys) =>
    [
        keys?.Rows == false ? Dimension.None : r.Rows,
        keys?.Columns == false || !ReportRules.UsesColumns(r) ? Dimension.None : r.Columns,
    ];

    /// <summary>The deals a deal-dated measure counts in the period, by close or start date.</summary>
    private static IQueryable<Deal> Dated(IQueryable<Deal> deals, Measure m, DateSpan p) => m switch
    {
        Measure.DealsOpened => deals.Where(d => d.StartDate >= p.From && d.StartDate <= p.To),
        Measure.DealsLost => deals.Where(d => d.Status == DealStatus.Lost && d.CloseDate >= p.From && d.CloseDate <= p.To),
        Measure.WinRate => deals.Where(d => d.Status != DealStatus.Open && d.CloseDate >= p.From && d.CloseDate <= p.To),
        _ => deals.Where(d => d.Status == DealStatus.Won && d.CloseDate >= p.From && d.CloseDate <= p.To),
    };

    private static Expression<Func<Deal, DateOnly>> DateOf(Measure m) => m == Measure.DealsOpened
        ? d => d.StartDate
        : d => d.CloseDate!.Value;

    private static Expression<Func<Rated<DealLine>, ReportFact>> LineProjection(Measure m, Dimension[] dims, PeriodStep step, ReportMoney money)
    {
        var date = DateOf(m);
        Expression<Func<DealLine, Deal, DateOnly>> lineDate = (l, d) => DateOnly.MinValue;
        var dateBody = ExpressionRewriter.Replace(date.Body, date.Parameters[0], lineDate.Parameters[1]);
        var dated = Expression.Lambda<Func<DealLine, Deal, DateOnly>>(dateBody, lineDate.Parameters);
        return m switch
        {
            Measure.QuantitySold => Project<DealLine>(dims, step, null, (l, d) => l.Quantity, dated, line: true),
            Measure.Sales or Measure.AverageDeal => Project<DealLine>(dims, step, money, (l, d) => l.Amount, dated, line: true),
            // Deal counts split by product: the deals that contain it (counted once however many lines they have).
            _ => Project<DealLine>(dims, step, null, (l, d) => 1m, dated, line: true),
        };
    }

    private static Expression<Func<Deal, ReportFact>> DealProjection(Measure m, Dimension[] dims, PeriodStep step)
    {
        var date = DateOf(m);
        var p = date.Parameters[0];
        var bindings = new List<MemberBinding>
        {
            Bind(nameof(ReportFact.DealId), Expression.Property(p, nameof(Deal.Id))),
            Bind(nameof(ReportFact.Value), Expression.Constant(1m, typeof(decimal?))),
            Bind(nameof(ReportFact.Won), WonOf(p)),
            Bind(nameof(ReportFact.B), Splice(ReportPeriods.KeyExpression(step), date.Body)),
        };
        bindings.AddRange(KeyBindings(dims, p, null));
        return Expression.Lambda<Func<Deal, ReportFact>>(Expression.MemberInit(Expression.New(typeof(ReportFact)), bindings), p);
    }

    /// <summary>
    /// A fact from a row joined to its deal: amount (× the rate of its currency ÷ the rate of the report's currency on its
    /// date when <paramref name="converted"/> is set, see <see cref="WithRates"/>), date, keys.
    /// </summary>
    private static Expression<Func<Rated<TRow>, ReportFact>> Project<TRow>(Dimension[] dims, PeriodStep step, ReportMoney? converted,
        Expression<Func<TRow, Deal, decimal>> amount, Expression<Func<TRow, Deal, DateOnly>> date, bool? line)
    {
        var x = Expression.Parameter(typeof(Rated<TRow>), "x");
        var row = Expression.Property(x, nameof(Rated<TRow>.Row));
        var deal = Expression.Property(x, nameof(Rated<TRow>.Deal));
        Expression Use<T>(Expression<Func<TRow, Deal, T>> e) =>
            ExpressionRewriter.Replace(ExpressionRewriter.Replace(e.Body, e.Parameters[0], row), e.Parameters[1], deal);
        var dateBody = Use(date);
        Expression value = Expression.Convert(Use(amount), typeof(decimal?));
        if (converted is not null)
        {
            value = Expression.Multiply(value, Expression.Property(x, nameof(Rated<TRow>.Rate)));
            if (converted.TargetId != converted.BaseId)
            {
                value = Expression.Divide(value, Expression.Property(x, nameof(Rated<TRow>.Target)));
            }
        }
        var bindings = new List<MemberBinding>
        {
            Bind(nameof(ReportFact.DealId), Expression.Property(deal, nameof(Deal.Id))),
            Bind(nameof(ReportFact.Value), value),
            Bind(nameof(ReportFact.Won), WonOf(deal)),
            Bind(nameof(ReportFact.B), Splice(ReportPeriods.KeyExpression(step), dateBody)),
        };
        bindings.AddRange(KeyBindings(dims, deal, line == true ? row : null));
        return Expression.Lambda<Func<Rated<TRow>, ReportFact>>(Expression.MemberInit(Expression.New(typeof(ReportFact)), bindings), x);
    }

    /// <summary>
    /// The rows with the rates of their currency and of the report's currency on their dates: each joined to the rate
    /// dated that very day (a hash join on currency and date; daily rates cover nearly every fact), and only for a date
    /// without a rate of its own the latest one before it, looked up then. The base currency's rate is 1; a missing rate
    /// is null, so SUM leaves the row out.
    /// </summary>
    private IQueryable<Rated<TRow>> WithRates<TRow>(IQueryable<Rated<TRow>> rows,
        Expression<Func<Rated<TRow>, int>> currency, Expression<Func<Rated<TRow>, DateOnly>> date, ReportMoney money)
    {
        var rates = db.ExchangeRates.AsQueryable();
        var baseId = money.BaseId;
        var targetId = money.TargetId;
        Expression<Func<Rated<TRow>, T>> Of<T>(Expression<Func<Rated<TRow>, int, DateOnly, T>> e) =>
            Expression.Lambda<Func<Rated<TRow>, T>>(ExpressionRewriter.Replace(ExpressionRewriter.Replace(e.Body, e.Parameters[1],
                ExpressionRewriter.Replace(currency.Body, currency.Parameters[0], e.Parameters[0])), e.Parameters[2],
                ExpressionRewriter.Replace(date.Body, date.Parameters[0], e.Parameters[0])), e.Parameters[0]);

        rows = rows.GroupJoin(rates, Of((x, c, d) => new { C = c, D = d }), r => new { C = r.CurrencyId, D = r.Date }, (x, rs) => new { x, rs })
            .SelectMany(g => g.rs.DefaultIfEmpty(), (g, r) => new Rated<TRow> { Row = g.x.Row, Deal = g.x.Deal, Rate = (decimal?)r!.Rate, Target = 1m })
            .Select(Of((x, c, d) => new Rated<TRow>
            {
                Row = x.Row,
                Deal = x.Deal,
                Rate = c == baseId ? 1m
                    : x.Rate ?? rates.Where(r => r.CurrencyId == c && r.Date <= d).OrderByDescending(r => r.Date).Select(r => (decimal?)r.Rate).FirstOrDefault(),
                Target = x.Target,
            }));
        if (targetId == baseId)
        {
            return rows;
        }
        return rows.GroupJoin(rates.Where(t => t.CurrencyId == targetId), Of((x, c, d) => d), t => t.Date, (x, ts) => new { x, ts })
            .SelectMany(g => g.ts.DefaultIfEmpty(), (g, t) => new Rated<TRow> { Row = g.x.Row, Deal = g.x.Deal, Rate = g.x.Rate, Target = (decimal?)t!.Rate })
            .Select(Of((x, c, d) => new Rated<TRow>
            {
                Row = x.Row,
                Deal = x.Deal,
                Rate = x.Rate,
                Target = x.Target ?? rates.Where(r => r.CurrencyId == targetId && r.Date <= d).OrderByDescending(r => r.Date).Select(r => (decimal?)r.Rate).FirstOrDefault(),
            }));
    }

    /// <summary>
    /// amount × rate(currency, date) ÷ rate(target, date): through the base currency at the latest rates on or before the
    /// fact's date (1 for the base currency); null when a needed rate is missing, so SUM leaves it out.
    /// </summary>
    private Expression Converted(Expression amount, Expression currencyId, Expression date, ReportMoney money)
    {
        var rates = db.ExchangeRates.AsQueryable();
        var baseId = money.BaseId;
        Expression<Func<int, DateOnly, decimal?>> rateOf = (c, day) => c == baseId
            ? 1m
            : rates.Where(x => x.CurrencyId == c && x.Date <= day).OrderByDescending(x => x.Date).Select(x => (decimal?)x.Rate).FirstOrDefault();
        Expression Rate(Expression c, Expression day) =>
            ExpressionRewriter.Replace(ExpressionRewriter.Replace(rateOf.Body, rateOf.Parameters[0], c), rateOf.Parameters[1], day);
        var result = Expression.Multiply(amount, Rate(currencyId, date));
        return money.TargetId == money.BaseId
            ? result
            : Expression.Divide(result, Rate(Expression.Constant(money.TargetId), date));
    }

    /// <summary>
    /// The receivable of each visible deal at each moment, as facts (the drill-down's: one row per deal and moment with a
    /// debt): the debt of its stored span that holds on that day (<see cref="ReportReceivable.Spans"/>), converted at the
    /// rates of that moment; keyed by the moment's interval. The table itself sums the same spans per group
    /// (<see cref="ReportReceivable.AggregateAsync"/>).
    /// </summary>
    private IQueryable<ReportFact> Receivable(IQueryable<Deal> deals, Dimension[] dims, ReportMoney money, IReadOnlyList<DateOnly> moments, PeriodStep step)
    {
        IQueryable<ReportFact>? all = null;
        foreach (var moment in moments.Distinct().Order())
        {
            var at = ReportReceivable.Parameter(moment);
            var x = Expression.Parameter(typeof(OwedSpan), "x");
            var owner = Expression.Property(x, nameof(OwedSpan.Owner));
            var deal = Expression.Property(owner, nameof(DealKeys.Deal));
            var debt = Expression.Convert(Expression.Property(Expression.Property(x, nameof(OwedSpan.Span)), nameof(DealDebtPeriod.Debt)), typeof(decimal?));
            var bindings = new List<MemberBinding>
            {
                Bind(nameof(ReportFact.DealId), Expression.Property(deal, nameof(Deal.Id))),
                Bind(nameof(ReportFact.Value), Converted(debt, Expression.Property(deal, nameof(Deal.CurrencyId)), at, money)),
                Bind(nameof(ReportFact.Won), WonOf(deal)),
                Bind(nameof(ReportFact.B), Expression.Constant(ReportPeriods.KeyOf(moment, step))),
            };
            foreach (var key in new[] { nameof(ReportFact.I1), nameof(ReportFact.S1), nameof(ReportFact.I2), nameof(ReportFact.S2) })
            {
                bindings.Add(Bind(key, Expression.Property(owner, key)));
            }
            var projection = Expression.Lambda<Func<OwedSpan, ReportFact>>(Expression.MemberInit(Expression.New(typeof(ReportFact)), bindings), x);
            var facts = receivable.Spans(deals, dims, moment, moment).Select(projection);
            all = all is null ? facts : all.Concat(facts);
        }
        return all ?? db.Deals.Where(d => false).Select(d => new ReportFact { DealId = d.Id });
    }

    /// <summary>A deal counts under every user responsible for one of its stages (once per user).</summary>
    private IQueryable<ReportFact> WithStageResponsible(IQueryable<ReportFact> facts, Dimension[] dims)
    {
        var slot = Array.IndexOf(dims, Dimension.StageResponsible);
        if (slot < 0)
        {
            return facts;
        }
        var pairs = db.DealStages.Where(s => s.ResponsibleId != null).Select(s => new { s.DealId, s.ResponsibleId }).Distinct();
        // A left join: a deal without any stage responsible counts under "not set" instead of vanishing.
        return slot == 0
            ? from f in facts
              join s in pairs on f.DealId equals s.DealId into users
              from s in users.DefaultIfEmpty()
              select new ReportFact { DealId = f.DealId, Value = f.Value, Won = f.Won, I1 = null, S1 = s.ResponsibleId, I2 = f.I2, S2 = f.S2, B = f.B }
            : from f in facts
              join s in pairs on f.DealId equals s.DealId into users
              from s in users.DefaultIfEmpty()
              select new ReportFact { DealId = f.DealId, Value = f.Value, Won = f.Won, I1 = f.I1, S1 = f.S1, I2 = null, S2 = s.ResponsibleId, B = f.B };
    }

    /// <summary>Lines narrowed by product and product-group restrictions (a line measure counts only the lines that pass).</summary>
    private static IQueryable<DealLine> Restricted(IQueryable<DealLine> lines, IReadOnlyList<DimensionRestriction> restrictions)
    {
        foreach (var x in restrictions.Where(x => ReportRules.IsProductDimension(x.Dimension)))
        {
            var ids = ReportKeys.Ids(x.Values);
            lines = (x.Dimension, x.Exclude) switch
            {
                (Dimension.Product, false) => lines.Where(l => ids.Contains(l.ProductId)),
                (Dimension.Product, true) => lines.Where(l => !ids.Contains(l.ProductId)),
                (_, false) => lines.Where(l => l.Product!.GroupId != null && ids.Contains(l.Product.GroupId.Value)),
                _ => lines.Where(l => l.Product!.GroupId == null || !ids.Contains(l.Product.GroupId.Value)),
            };
        }
        return lines;
    }

    internal static IEnumerable<MemberBinding> KeyBindings(Dimension[] dims, Expression deal, Expression? line)
    {
        for (var i = 0; i < 2; i++)
        {
            var (intKey, textKey) = ReportKeys.Of(dims[i]);
            Expression? ints = intKey switch
            {
                null => null,
                LambdaExpression k when k.Parameters[0].Type == typeof(DealLine) => line is null ? null : Splice(k, line),
                LambdaExpression k => Splice(k, deal),
            };
            Expression? texts = textKey is null ? null : Splice(textKey, deal);
            yield return Bind(i == 0 ? nameof(ReportFact.I1) : nameof(ReportFact.I2), ints ?? Expression.Constant(null, typeof(int?)));
            yield return Bind(i == 0 ? nameof(ReportFact.S1) : nameof(ReportFact.S2), texts ?? Expression.Constant(null, typeof(string)));
        }
    }

    private static Expression WonOf(Expression deal) =>
        Expression.Equal(Expression.Property(deal, nameof(Deal.Status)), Expression.Constant(DealStatus.Won));

    private static Expression Splice(LambdaExpression lambda, Expression argument) =>
        ExpressionRewriter.Replace(lambda.Body, lambda.Parameters[0], argument);

    private static MemberAssignment Bind(string member, Expression value) =>
        Expression.Bind(typeof(ReportFact).GetProperty(member)!, value.Type == typeof(ReportFact).GetProperty(member)!.PropertyType
            ? value
            : Expression.Convert(value, typeof(ReportFact).GetProperty(member)!.PropertyType));
}
