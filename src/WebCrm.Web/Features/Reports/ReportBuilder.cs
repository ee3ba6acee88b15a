using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reports;
using WebCrm.Domain.Security;
using WebCrm.Web.Features.Deals;
using WebCrm.Web.Features.Shared.Money;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Reports;

/// <summary>
/// Builds a report: the facts of the measure over the deals the user sees (<see cref="DealAccess"/>), grouped in the
/// database by the dimension keys and the interval, then laid out as a table with row, column and grand totals.
/// Totals are the database's own aggregation without the dropped key whenever a dimension can count one deal under
/// several values (stage responsible, products for deal counts) or the measure is a ratio; otherwise the sums of the cells.
/// </summary>
public sealed class ReportBuilder(CrmDbContext db, DealAccess access, ReportFacts facts, ReportReceivable receivable, ReportPayments payments, ReportLabels labels, MoneyService money,
    Shared.ReferenceLookup lookup, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    public const int DrillLimit = 500;

    public DateSpan PeriodOf(ReportDefinition r) => r.Quick is { } q ? ReportPeriods.Quick(q, Shared.Numbers.Today(clock)) : r.Period;

    public async Task<ReportTable> BuildAsync(ReportDefinition r, ClaimsPrincipal principal, CancellationToken ct)
    {
        await using var session = await ReportSession.BeginAsync(db, ct);
        var period = PeriodOf(r);
        var (reportMoney, currencyName, unit) = await MoneyAsync(r, ct);
        var deals = ReportKeys.Restrict(access.Query(UserAccess.From(principal)), r, db, await FieldTypesAsync(ct));
        var everyDeal = access.SeesAll(UserAccess.From(principal)) && !ReportKeys.Narrows(r);
        var intervals = ReportPeriods.Split(period, r.Step);
        var columnsDimension = ReportRules.UsesColumns(r) ? r.Columns : Dimension.None;
        var additive = !Duplicates(r.Rows, r.Measure) && !Duplicates(columnsDimension, r.Measure);

        var cells = new List<ReportAggregate>();
        var rowTotals = new List<ReportAggregate>();
        var columnTotals = new List<ReportAggregate>();
        var grand = new List<ReportAggregate>();
        // One query per table part; the receivable sums its per-deal debts at every moment (the end of each interval) in one.
        var at = Moments(r, period, intervals);
        var counts = ReportRules.CountsDeals(r.Measure);
        Task<List<ReportAggregate>> Part((bool Rows, bool Columns) keys) => ReportFacts.Dimensions(r, keys) switch
        {
            var dims when r.Measure == Measure.Receivable => receivable.AggregateAsync(deals, dims, reportMoney, at!, r.Step, ct),
            var dims when ReportPayments.Applies(r, dims) => payments.AggregateAsync(deals, everyDeal, dims, period, reportMoney, r.Step, ct),
            _ => GroupAsync(facts.Build(deals, r, period, reportMoney, at, keys), keys.Rows, keys.Columns, counts, ct),
        };
        cells.AddRange(await Part((true, true)));
        if (!additive)
        {
            // Each total from facts keyed by what it keeps only, so a deal under two stage responsibles counts once in it.
            rowTotals.AddRange(await Part((true, false)));
            columnTotals.AddRange(await Part((false, true)));
            grand.AddRange(await Part((false, false)));
        }
        if (additive)
        {
            rowTotals = Sum(cells, c => (c.I1, c.S1, null, null, 0));
            columnTotals = Sum(cells, c => (null, null, c.I2, c.S2, c.B));
            grand = Sum(cells, c => (null, null, null, null, 0));
        }
        // The receivable at the end of the period is the last interval's, not a sum over intervals.
        if (r.Measure == Measure.Receivable && r.Step != PeriodStep.None)
        {
            var last = intervals[^1].Key;
            rowTotals = cells.Where(c => c.B == last).ToList();
            grand = columnTotals.Where(c => c.B == last).ToList();
            if (additive)
            {
                grand = Sum(cells.Where(c => c.B == last).ToList(), c => (null, null, null, null, 0));
            }
        }

        var rowNames = await labels.NamesAsync(r.Rows, cells.Select(c => ReportKeys.Text(c.I1, c.S1)), ct);
        var columnNames = await labels.NamesAsync(columnsDimension, cells.Select(c => ReportKeys.Text(c.I2, c.S2)), ct);
        var columns = r.Step != PeriodStep.None
            ? intervals.Select(i => new ReportColumn(null, i.Key, labels.Interval(i, r.Step), i.From, i.To)).ToList()
            : columnsDimension != Dimension.None
                ? cells.Select(c => ReportKeys.Text(c.I2, c.S2)).Distinct()
                    .Select(k => new ReportColumn(k, null, labels.Name(columnNames, k))).OrderBy(c => c.Key is null).ThenBy(c => c.Label, StringComparer.CurrentCulture).ToList()
                : [new ReportColumn(null, null, labels.MeasureName(r.Measure))];
        var decimals = r.Measure switch
        {
            Measure.QuantitySold => 2,
            Measure.WinRate => 1,
            Measure.DealsWon or Measure.DealsLost or Measure.DealsOpened => 0,
            _ => reportMoney.TargetMinorUnits,
        };
        decimal? Value(ReportAggregate? a) => a is null
            ? r.Measure is Measure.AverageDeal or Measure.WinRate ? null : 0m
            : ReportRules.Value(r.Measure, a.Sum ?? 0m, a.Deals, a.Won) is { } v ? DealMath.Round(v, decimals) : null;
        // The cells by (row key, column key) and the row totals by row key: a table of thousands of rows is laid out in
        // one pass, not by searching every cell for every row and column.
        string? ColumnKeyOf(ReportAggregate a) => r.Step != PeriodStep.None
            ? a.B.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : columnsDimension == Dimension.None ? "" : ReportKeys.Text(a.I2, a.S2);
        string? ColumnKey(ReportColumn c) => c.Interval is { } b
            ? b.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : columnsDimension == Dimension.None ? "" : c.Key;
        var byCell = cells.GroupBy(a => (ReportKeys.Text(a.I1, a.S1), ColumnKeyOf(a))).ToDictionary(g => g.Key, g => g.First());
        var byRow = rowTotals.GroupBy(a => (ReportKeys.Text(a.I1, a.S1), 0)).ToDictionary(g => g.Key, g => g.First());
        var byColumn = columnTotals.GroupBy(a => (ColumnKeyOf(a), 0)).ToDictionary(g => g.Key, g => g.First());

        var rowKeys = cells.Select(c => ReportKeys.Text(c.I1, c.S1)).Distinct()
            .Select(k => (Key: k, Label: labels.Name(rowNames, k))).OrderBy(k => k.Key is null).ThenBy(k => k.Label, StringComparer.CurrentCulture).ToList();
        var rows = rowKeys.Select(k => new ReportRowData(k.Key, k.Label,
            columns.Select(c => Value(byCell.GetValueOrDefault((k.Key, ColumnKey(c))))).ToList(),
            Value(byRow.GetValueOrDefault((k.Key, 0))))).ToList();
        return new ReportTable
        {
            Definition = r,
            Period = period,
            Title = Title(r),
            MeasureName = labels.MeasureName(r.Measure),
            RowsName = labels.DimensionName(r.Rows),
            ColumnsName = r.Step != PeriodStep.None ? l["Step." + r.Step] : columnsDimension == Dimension.None ? null : labels.DimensionName(columnsDimension),
            Unit = unit,
            Decimals = decimals,
            Columns = columns,
            Rows = rows,
            ColumnTotals = columns.Select(c => Value(byColumn.GetValueOrDefault((ColumnKey(c), 0)))).ToList(),
            GrandTotal = Value(grand.FirstOrDefault()),
            CurrencyName = currencyName,
        };
    }

    /// <summary>The deals behind one cell (or a row or column total when a key is left out), each with its value.</summary>
    public async Task<DrillViewModel> DrillAsync(ReportDefinition r, string? rowKey, string? columnKey, int? interval, bool wholeRow, bool wholeColumn,
        string backUrl, ClaimsPrincipal principal, CancellationToken ct)
    {
        var table = await BuildAsync(r, principal, ct);
        var period = table.Period;
        var (reportMoney, _, _) = await MoneyAsync(r, ct);
        var deals = ReportKeys.Restrict(access.Query(UserAccess.From(principal)), r, db, await FieldTypesAsync(ct));
        var columnsDimension = ReportRules.UsesColumns(r) ? r.Columns : Dimension.None;
        var intervals = ReportPeriods.Split(period, r.Step);
        // The receivable behind a cell is the debt at the end of its interval (or of the period for a row total).
        IReadOnlyList<DateOnly>? moment = r.Measure != Measure.Receivable
            ? null
            : [intervals.FirstOrDefault(i => r.Step != PeriodStep.None && i.Key == interval && !wholeRow)?.To ?? period.To];
        var f = facts.Build(deals, r, period, reportMoney, moment);
        f = ReportKeys.Cell(f, wholeColumn ? Dimension.None : r.Rows, rowKey, wholeRow ? Dimension.None : columnsDimension, columnKey,
            wholeRow || r.Step == PeriodStep.None ? null : interval);
        var perDeal = f.GroupBy(x => x.DealId).Select(g => new { DealId = g.Key, Sum = g.Sum(x => x.Value), Won = g.Max(x => x.Won ? 1 : 0) });
        var count = await perDeal.CountAsync(ct);
        var rows = await perDeal.Join(db.Deals, x => x.DealId, d => d.Id, (x, d) => new
            {
                d.Id, d.Title, Company = d.Company!.Name, d.Status, x.Sum,
                Responsible = db.Users.Where(u => u.Id == d.ResponsibleId).Select(u => u.DisplayName).FirstOrDefault(),
            })
            .OrderByDescending(x => x.Sum).ThenBy(x => x.Id).Take(DrillLimit).ToListAsync(ct);
        var rowNames = await labels.NamesAsync(r.Rows, [rowKey], ct);
        var columnNames = await labels.NamesAsync(columnsDimension, [columnKey], ct);
        var money = ReportRules.IsMoney(r.Measure) || r.Measure == Measure.QuantitySold;
        return new DrillViewModel
        {
            Report = table,
            RowLabel = wholeColumn ? l["Total"] : labels.Name(rowNames, rowKey),
            ColumnLabel = r.Step != PeriodStep.None
                ? interval is { } b && intervals.FirstOrDefault(i => i.Key == b) is { } iv ? labels.Interval(iv, r.Step) : null
                : columnsDimension == Dimension.None || wholeRow ? null : labels.Name(columnNames, columnKey),
            Deals = rows.Select(x => new DrillRow(x.Id, x.Title, x.Company, x.Responsible, x.Status,
                money ? DealMath.Round(x.Sum ?? 0m, table.Decimals) : null)).ToList(),
            Total = money ? DealMath.Round(rows.Sum(x => x.Sum ?? 0m), table.Decimals) : count,
            DealCount = count,
            Capped = count > DrillLimit,
            BackUrl = backUrl,
        };
    }

    private async Task<Dictionary<int, Domain.Clients.CustomFieldType>> FieldTypesAsync(CancellationToken ct) =>
        (await lookup.CustomFieldsAsync(Domain.Clients.CustomFieldTarget.Company, ct)).ToDictionary(f => f.Id, f => f.Type);

    /// <summary>A dimension under which one deal can count more than once: stage responsibles, or products for deal counts and averages.</summary>
    private static bool Duplicates(Dimension d, Measure m) =>
        d == Dimension.StageResponsible || (ReportRules.IsProductDimension(d) && m is not (Measure.Sales or Measure.QuantitySold));

    /// <summary>The receivable is measured at moments (the end of each interval); every other measure needs none.</summary>
    private static IReadOnlyList<DateOnly>? Moments(ReportDefinition r, DateSpan period, IReadOnlyList<PeriodInterval> intervals) =>
        r.Measure != Measure.Receivable ? null : intervals.Select(i => i.To).ToList();

    /// <summary>
    /// The facts grouped by the kept keys and the interval. Distinct deals (and won deals among them) are counted only for
    /// the measures that need them (<paramref name="counts"/>): a distinct count sorts every group's facts.
    /// </summary>
    private static Task<List<ReportAggregate>> GroupAsync(IQueryable<ReportFact> f, bool rows, bool columns, bool counts, CancellationToken ct) =>
        (rows, columns, counts) switch
    {
        (true, true, true) => f.GroupBy(x => new { x.I1, x.S1, x.I2, x.S2, x.B }).Select(g => new ReportAggregate
        {
            I1 = g.Key.I1, S1 = g.Key.S1, I2 = g.Key.I2, S2 = g.Key.S2, B = g.Key.B, Sum = g.Sum(x => x.Value),
            Deals = g.Select(x => x.DealId).Distinct().Count(), Won = g.Where(x => x.Won).Select(x => x.DealId).Distinct().Count(),
        }).ToListAsync(ct),
        (true, true, false) => f.GroupBy(x => new { x.I1, x.S1, x.I2, x.S2, x.B }).Select(g => new ReportAggregate
        {
            I1 = g.Key.I1, S1 = g.Key.S1, I2 = g.Key.I2, S2 = g.Key.S2, B = g.Key.B, Sum = g.Sum(x => x.Value),
        }).ToListAsync(ct),
        (true, false, true) => f.GroupBy(x => new { x.I1, x.S1 }).Select(g => new ReportAggregate
        {
            I1 = g.Key.I1, S1 = g.Key.S1, Sum = g.Sum(x => x.Value),
            Deals = g.Select(x => x.DealId).Distinct().Count(), Won = g.Where(x => x.Won).Select(x => x.DealId).Distinct().Count(),
        }).ToListAsync(ct),
        (true, false, false) => f.GroupBy(x => new { x.I1, x.S1 }).Select(g => new ReportAggregate
        {
            I1 = g.Key.I1, S1 = g.Key.S1, Sum = g.Sum(x => x.Value),
        }).ToListAsync(ct),
        (false, true, true) => f.GroupBy(x => new { x.I2, x.S2, x.B }).Select(g => new ReportAggregate
        {
            I2 = g.Key.I2, S2 = g.Key.S2, B = g.Key.B, Sum = g.Sum(x => x.Value),
            Deals = g.Select(x => x.DealId).Distinct().Count(), Won = g.Where(x => x.Won).Select(x => x.DealId).Distinct().Count(),
        }).ToListAsync(ct),
        (false, true, false) => f.GroupBy(x => new { x.I2, x.S2, x.B }).Select(g => new ReportAggregate
        {
            I2 = g.Key.I2, S2 = g.Key.S2, B = g.Key.B, Sum = g.Sum(x => x.Value),
        }).ToListAsync(ct),
        (false, false, true) => f.GroupBy(x => 1).Select(g => new ReportAggregate
        {
            Sum = g.Sum(x => x.Value),
            Deals = g.Select(x => x.DealId).Distinct().Count(), Won = g.Where(x => x.Won).Select(x => x.DealId).Distinct().Count(),
        }).ToListAsync(ct),
        _ => f.GroupBy(x => 1).Select(g => new ReportAggregate { Sum = g.Sum(x => x.Value) }).ToListAsync(ct),
    };

    private static List<ReportAggregate> Sum(List<ReportAggregate> cells, Func<ReportAggregate, (int?, string?, int?, string?, int)> key) =>
        cells.GroupBy(key).Select(g => new ReportAggregate
        {
            I1 = g.Key.Item1, S1 = g.Key.Item2, I2 = g.Key.Item3, S2 = g.Key.Item4, B = g.Key.Item5,
            Sum = g.Sum(c => c.Sum ?? 0m), Deals = g.Sum(c => c.Deals), Won = g.Sum(c => c.Won),
        }).ToList();

    private async Task<(ReportMoney Money, string? CurrencyName, string Unit)> MoneyAsync(ReportDefinition r, CancellationToken ct)
    {
        var baseCurrency = await money.BaseCurrencyAsync(ct);
        var target = r.Currency == ReportCurrency.Second ? await money.SecondCurrencyAsync(ct) ?? baseCurrency : baseCurrency;
        var unit = r.Measure switch
        {
            Measure.QuantitySold => l["units"].Value,
            Measure.WinRate => "%",
            _ when ReportRules.IsMoney(r.Measure) => target.Symbol,
            _ => "",
        };
        return (new ReportMoney(baseCurrency.Id, target.Id, target.MinorUnits), ReportRules.IsMoney(r.Measure) ? target.Name : null, unit);
    }

    private string Title(ReportDefinition r)
    {
        var title = l["{0} by {1}", labels.MeasureName(r.Measure), labels.DimensionName(r.Rows).ToLowerInvariant()].Value;
        if (ReportRules.UsesColumns(r))
        {
            title += " × " + labels.DimensionName(r.Columns).ToLowerInvariant();
        }
        if (r.Step != PeriodStep.None)
        {
            title += ", " + l["Step." + r.Step].Value.ToLowerInvariant();
        }
        return title;
    }
}
