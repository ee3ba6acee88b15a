using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Common;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reports;

namespace WebCrm.Web.Features.Reports;

/// <summary>
/// Sums at up to <see cref="Width"/> moments, one column each, as one row of a grouped query: per deal (its shipment
/// documents or its payments dated on or before each moment), or per group of a report (the debts at each moment).
/// </summary>
public sealed class MomentSums
{
    /// <summary>The most moments one query measures; a longer list runs in several queries.</summary>
    public const int Width = 40;

    public int DealId { get; set; }
    public int Count { get; set; }
    public int? I1 { get; set; }
    public string? S1 { get; set; }
    public int? I2 { get; set; }
    public string? S2 { get; set; }
    public int CurrencyId { get; set; }
    // One column per moment, named by its index.
    public decimal? V0 { get; set; } public decimal? V1 { get; set; } public decimal? V2 { get; set; } public decimal? V3 { get; set; }
    public decimal? V4 { get; set; } public decimal? V5 { get; set; } public decimal? V6 { get; set; } public decimal? V7 { get; set; }
    public decimal? V8 { get; set; } public decimal? V9 { get; set; } public decimal? V10 { get; set; } public decimal? V11 { get; set; }
    public decimal? V12 { get; set; } public decimal? V13 { get; set; } public decimal? V14 { get; set; } public decimal? V15 { get; set; }
    public decimal? V16 { get; set; } public decimal? V17 { get; set; } public decimal? V18 { get; set; } public decimal? V19 { get; set; }
    public decimal? V20 { get; set; } public decimal? V21 { get; set; } public decimal? V22 { get; set; } public decimal? V23 { get; set; }
    public decimal? V24 { get; set; } public decimal? V25 { get; set; } public decimal? V26 { get; set; } public decimal? V27 { get; set; }
    public decimal? V28 { get; set; } public decimal? V29 { get; set; } public decimal? V30 { get; set; } public decimal? V31 { get; set; }
    public decimal? V32 { get; set; } public decimal? V33 { get; set; } public decimal? V34 { get; set; } public decimal? V35 { get; set; }
    public decimal? V36 { get; set; } public decimal? V37 { get; set; } public decimal? V38 { get; set; } public decimal? V39 { get; set; }

    public static string Slot(int index) => "V" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static readonly System.Reflection.PropertyInfo[] Slots =
        Enumerable.Range(0, Width).Select(i => typeof(MomentSums).GetProperty(Slot(i))!).ToArray();

    public decimal? this[int index] => (decimal?)Slots[index].GetValue(this);
}

/// <summary>A deal with the keys of the report's dimensions (once per stage responsible when split by them).</summary>
public sealed class DealKeys
{
    public required Deal Deal { get; init; }
    public int? I1 { get; init; }
    public string? S1 { get; init; }
    public int? I2 { get; init; }
    public string? S2 { get; init; }
}

/// <summary>A deal with its keys, its shipment documents' sums and its payments' sums at each moment (null when it has none).</summary>
public sealed class DebtBasis
{
    public required DealKeys Owner { get; init; }
    public MomentSums? Shipped { get; init; }
    public MomentSums? Paid { get; init; }
}

/// <summary>
/// The receivable at moments (the end of each interval) by the groundwork debt rule (<see cref="DealMath.Totals"/>), set
/// based: the database sums each deal's shipment documents and payments at every moment in one pass over each table
/// (a grouped query with one conditional sum per moment), joins those sums to the deals and sums the debts per report
/// group and deal currency, one column per moment. At a moment a deal that started by then owes
/// shipped − paid when positive: shipped = its shipment documents dated on or before it when it has any shipment
/// documents, else its lines total when it was won by then, else 0; paid = its payments dated on or before it (in the
/// deal's currency). Money is converted here, after the database summed it per currency: Σ debt × rate(currency) ÷
/// rate(target) at the moment, the latest rates on or before it (1 for the base currency).
/// </summary>
public sealed class ReportReceivable(CrmDbContext db)
{
    /// <summary>The debts of the deals at the moments, grouped by the dimension keys, one aggregate per group and moment with a debt.</summary>
    public async Task<List<ReportAggregate>> AggregateAsync(IQueryable<Deal> deals, Dimension[] dims, ReportMoney money, IReadOnlyList<DateOnly> moments,
        PeriodStep step, CancellationToken ct)
    {
        var cells = new Dictionary<(int?, string?, int?, string?, int), decimal>();
        foreach (var chunk in moments.Distinct().Order().Chunk(MomentSums.Width))
        {
            var rows = await Grouped(deals, dims, chunk).ToListAsync(ct);
            var rate = await RatesAsync(rows.Select(x => x.CurrencyId).Append(money.TargetId), chunk, money.BaseId, ct);
            foreach (var row in rows)
            {
                for (var j = 0; j < chunk.Length; j++)
                {
                    var debt = row[j] ?? 0m;
                    if (debt <= 0m || rate(row.CurrencyId, chunk[j]) is not { } r || rate(money.TargetId, chunk[j]) is not { } t)
                    {
                        continue;
                    }
                    var value = money.TargetId == money.BaseId ? debt * r : debt * r / t;
                    var key = (row.I1, row.S1, row.I2, row.S2, ReportPeriods.KeyOf(chunk[j], step));
                    cells[key] = cells.GetValueOrDefault(key) + value;
                }
            }
        }
        return cells.Select(c => new ReportAggregate { I1 = c.Key.Item1, S1 = c.Key.Item2, I2 = c.Key.Item3, S2 = c.Key.Item4, B = c.Key.Item5, Sum = c.Value })
            .ToList();
    }

    /// <summary>Σ debt per group and deal currency, one column per moment of <paramref name="chunk"/>.</summary>
    private IQueryable<MomentSums> Grouped(IQueryable<Deal> deals, Dimension[] dims, DateOnly[] chunk)
    {
        var at = chunk.Select(Parameter).ToList();
        var grouped = Basis(deals, dims, chunk).GroupBy(x => new { x.Owner.I1, x.Owner.S1, x.Owner.I2, x.Owner.S2, x.Owner.Deal.CurrencyId });
        var g = Expression.Parameter(grouped.ElementType, "g");
        var key = Expression.Property(g, "Key");
        var x = Expression.Parameter(typeof(DebtBasis), "x");
        var bindings = new List<MemberBinding>();
        foreach (var name in new[] { nameof(MomentSums.I1), nameof(MomentSums.S1), nameof(MomentSums.I2), nameof(MomentSums.S2), nameof(MomentSums.CurrencyId) })
        {
            bindings.Add(Bind(name, Expression.Property(key, name)));
        }
        for (var j = 0; j < chunk.Length; j++)
        {
            var sum = Expression.Call(typeof(Enumerable), nameof(Enumerable.Sum), [typeof(DebtBasis)], g,
                Expression.Lambda<Func<DebtBasis, decimal>>(DebtAt(x, j, at[j]), x));
            bindings.Add(Bind(MomentSums.Slot(j), Expression.Convert(sum, typeof(decimal?))));
        }
        var select = Expression.Lambda(Expression.MemberInit(Expression.New(typeof(MomentSums)), bindings), g);
        return (IQueryable<MomentSums>)grouped.Provider.CreateQuery(Expression.Call(typeof(Queryable), nameof(Queryable.Select),
            [grouped.ElementType, typeof(MomentSums)], grouped.Expression, Expression.Quote(select)));
    }

    /// <summary>
    /// The deals that can owe at one of the moments (started by the last one, and won by then or with shipment
    /// documents), each with its keys and the sums of its shipment documents (all of them counted: a deal with any is
    /// shipped by its documents only) and of its payments at every moment of the chunk. Only those deals' documents and
    /// payments are summed (a semi-join on the visible deals), so a manager's report reads his deals' payments only.
    /// </summary>
    public IQueryable<DebtBasis> Basis(IQueryable<Deal> deals, Dimension[] dims, IReadOnlyList<DateOnly> chunk)
    {
        var at = chunk.Select(Parameter).ToList();
        var last = chunk.Max();
        var shipmentTypes = db.ReferenceItems.Where(t => t.CountsAsShipment).Select(t => t.Id);
        var documents = db.AccountingDocuments.Where(a => shipmentTypes.Contains(a.TypeId));
        var owing = deals.Where(d => d.StartDate <= last
            && ((d.Status == DealStatus.Won && d.CloseDate <= last) || documents.Any(a => a.DealId == d.Id)));
        var ids = owing.Select(d => d.Id);
        var shipped = PerDeal(documents.Where(a => ids.Contains(a.DealId)), a => a.DealId, a => a.Date, a => a.Amount, at);
        var paid = PerDeal(db.Payments.Where(p => p.Date <= last && ids.Contains(p.DealId)), p => p.DealId, p => p.Date, p => p.AmountInDealCurrency, at);
        return from o in Owners(owing, dims)
               join s in shipped on o.Deal.Id equals s.DealId into ss
               from s in ss.DefaultIfEmpty()
               join p in paid on o.Deal.Id equals p.DealId into ps
               from p in ps.DefaultIfEmpty()
               select new DebtBasis { Owner = o, Shipped = s, Paid = p };
    }

    /// <summary>The debt of a basis row at moment <paramref name="j"/> (<paramref name="at"/>), by the debt rule; 0 before the deal started.</summary>
    public static Expression DebtAt(ParameterExpression x, int j, Expression at)
    {
        Expression<Func<DebtBasis, DateOnly, decimal?, decimal>> shippedRule = (b, day, documents) => b.Shipped!.Count > 0
            ? documents ?? 0m
            : b.Owner.Deal.Status == DealStatus.Won && b.Owner.Deal.CloseDate <= day ? b.Owner.Deal.LinesTotal : 0m;
        Expression Use(LambdaExpression e, params Expression[] args) =>
            args.Select((a, i) => (a, i)).Aggregate(e.Body, (body, p) => ExpressionRewriter.Replace(body, e.Parameters[p.i], p.a));
        var slot = MomentSums.Slot(j);
        var shipped = Use(shippedRule, x, at, Expression.Property(Expression.Property(x, nameof(DebtBasis.Shipped)), slot));
        var paid = Expression.Coalesce(Expression.Property(Expression.Property(x, nameof(DebtBasis.Paid)), slot), Expression.Constant(0m));
        var owed = Expression.Subtract(shipped, paid);
        var started = Expression.LessThanOrEqual(Expression.Property(Expression.Property(Expression.Property(x, nameof(DebtBasis.Owner)), nameof(DealKeys.Deal)),
            nameof(Deal.StartDate)), at);
        return Expression.Condition(Expression.AndAlso(started, Expression.GreaterThan(owed, Expression.Constant(0m))), owed, Expression.Constant(0m));
    }

    /// <summary>Each deal's rows summed at every moment: Σ amount of the rows dated on or before it; Count = its rows.</summary>
    private static IQueryable<MomentSums> PerDeal<T>(IQueryable<T> rows, Expression<Func<T, int>> deal, Expression<Func<T, DateOnly>> date,
        Expression<Func<T, decimal>> amount, IReadOnlyList<Expression> at)
    {
        var grouped = rows.GroupBy(deal);
        var g = Expression.Parameter(typeof(IGrouping<int, T>), "g");
        var x = date.Parameters[0];
        var value = ExpressionRewriter.Replace(amount.Body, amount.Parameters[0], x);
        var bindings = new List<MemberBinding>
        {
            Bind(nameof(MomentSums.DealId), Expression.Property(g, nameof(IGrouping<int, T>.Key))),
            Bind(nameof(MomentSums.Count), Expression.Call(typeof(Enumerable), nameof(Enumerable.Count), [typeof(T)], g)),
        };
        for (var j = 0; j < at.Count; j++)
        {
            var dated = Expression.Condition(Expression.LessThanOrEqual(date.Body, at[j]), value, Expression.Constant(0m));
            var sum = Expression.Call(typeof(Enumerable), nameof(Enumerable.Sum), [typeof(T)], g, Expression.Lambda<Func<T, decimal>>(dated, x));
            bindings.Add(Bind(MomentSums.Slot(j), Expression.Convert(sum, typeof(decimal?))));
        }
        return grouped.Select(Expression.Lambda<Func<IGrouping<int, T>, MomentSums>>(Expression.MemberInit(Expression.New(typeof(MomentSums)), bindings), g));
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
    /// the base; null without one), from the rates dated within the moments plus the latest before the first.
    /// </summary>
    private async Task<Func<int, DateOnly, decimal?>> RatesAsync(IEnumerable<int> currencies, IReadOnlyList<DateOnly> moments, int baseId, CancellationToken ct)
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
        return (currency, date) => DealMath.RateOn(currency, date, baseId, rates);
    }

    /// <summary>A moment as a query parameter (the same query shape for any dates, so it is compiled once).</summary>
    internal static Expression Parameter(DateOnly moment) =>
        Expression.Property(Expression.Constant(new Moment(moment)), nameof(Moment.Value));

    private sealed record Moment(DateOnly Value);

    private static MemberAssignment Bind(string member, Expression value) =>
        Expression.Bind(typeof(MomentSums).GetProperty(member)!, value);
}
