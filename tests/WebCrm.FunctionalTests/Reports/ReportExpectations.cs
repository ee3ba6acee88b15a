using System.Globalization;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reports;
using static WebCrm.FunctionalTests.Reports.ReportFixture;

namespace WebCrm.FunctionalTests.Reports;

/// <summary>
/// What a report must show, computed here from the fixture's own records with plain LINQ over objects: the test's own
/// reading of each measure, dimension, rate and the debt rule, independent of the app's query.
/// </summary>
public sealed class ReportExpectations(ReportFixture f)
{
    public sealed record Fact(DealSpec Deal, LineSpec? Line, decimal Value, DateOnly Date);

    public decimal Rate(int currency, DateOnly date) =>
        currency == f.Rub ? 1m : f.UsdRates.Where(r => r.Date <= date).OrderByDescending(r => r.Date).First().Rate;

    private decimal Convert(decimal amount, int currency, DateOnly date, bool second) =>
        amount * Rate(currency, date) / (second ? Rate(f.Usd, date) : 1m);

    public bool Sees(DealSpec d, string? userId) => userId is null || d.ResponsibleId == userId || d.StageResponsibles.Contains(userId)
        || f.Companies.Single(c => c.Id == d.CompanyId).ResponsibleId == userId;

    private static bool In(DateOnly? date, DateOnly from, DateOnly to) => date is { } d && d >= from && d <= to;

    /// <summary>The receivable of a deal on a date in its own currency, by the debt rule written out here.</summary>
    public static decimal DebtOn(DealSpec d, DateOnly date)
    {
        var shipments = d.Documents.Where(x => x.Shipment).ToList();
        var shipped = shipments.Count > 0
            ? shipments.Where(x => x.Date <= date).Sum(x => x.Amount)
            : d.Status == DealStatus.Won && d.Close <= date ? d.Lines.Sum(l => l.Amount) : 0m;
        var paid = d.Payments.Where(p => p.Date <= date).Sum(p => p.InDealCurrency);
        return Math.Max(0m, shipped - paid);
    }

    /// <summary>The facts of a measure over the deals a user (null: everyone) sees.</summary>
    public IEnumerable<Fact> Facts(Measure m, DateOnly from, DateOnly to, bool second, string? userId, bool byLines)
    {
        var deals = f.Deals.Where(d => Sees(d, userId)).ToList();
        IEnumerable<Fact> PerLine(IEnumerable<DealSpec> ds, Func<DealSpec, LineSpec, decimal> value, Func<DealSpec, DateOnly> date) =>
            ds.SelectMany(d => d.Lines.Select(l => new Fact(d, l, value(d, l), date(d))));
        IEnumerable<Fact> Dated(IEnumerable<DealSpec> ds, Func<DealSpec, DateOnly> date) =>
            byLines ? PerLine(ds, (_, _) => 1m, date) : ds.Select(d => new Fact(d, null, 1m, date(d)));
        var won = deals.Where(d => d.Status == DealStatus.Won && In(d.Close, from, to));
        return m switch
        {
            Measure.Sales or Measure.AverageDeal => PerLine(won, (d, l) => Convert(l.Amount, d.CurrencyId, d.Close!.Value, second), d => d.Close!.Value),
            Measure.QuantitySold => PerLine(won, (_, l) => l.Quantity, d => d.Close!.Value),
            Measure.DealsWon => Dated(won, d => d.Close!.Value),
            Measure.DealsLost => Dated(deals.Where(d => d.Status == DealStatus.Lost && In(d.Close, from, to)), d => d.Close!.Value),
            Measure.WinRate => Dated(deals.Where(d => d.Status != DealStatus.Open && In(d.Close, from, to)), d => d.Close!.Value),
            Measure.DealsOpened => Dated(deals.Where(d => In(d.Start, from, to)), d => d.Start),
            Measure.Payments => deals.SelectMany(d => d.Payments.Where(p => In(p.Date, from, to))
                .Select(p => new Fact(d, null, Convert(p.Amount, p.CurrencyId, p.Date, second), p.Date))),
            Measure.Receivable => deals.Where(d => d.Start <= to && DebtOn(d, to) > 0)
                .Select(d => new Fact(d, null, Convert(DebtOn(d, to), d.CurrencyId, to, second), to)),
            _ => throw new ArgumentOutOfRangeException(nameof(m)),
        };
    }

    private static string S(int? id) => id?.ToString(CultureInfo.InvariantCulture) ?? "~";

    /// <summary>The keys a fact counts under in a dimension ("~" = not set); a deal counts under each of its stage responsibles.</summary>
    public IEnumerable<string> Keys(Dimension d, Fact x)
    {
        var company = f.Companies.Single(c => c.Id == x.Deal.CompanyId);
        return d switch
        {
            Dimension.Salesperson => [x.Deal.ResponsibleId],
            Dimension.StageResponsible => x.Deal.StageResponsibles.Count == 0 ? ["~"] : x.Deal.StageResponsibles,
            Dimension.Product => [S(x.Line!.ProductId)],
            Dimension.ProductGroup => [S(x.Line!.GroupId)],
            Dimension.Region => [S(company.RegionId)],
            Dimension.City => [company.City ?? "~"],
            Dimension.Client => [S(company.Id)],
            Dimension.ClientType => [S(company.TypeId)],
            Dimension.Industry => [S(company.IndustryId)],
            Dimension.Source => [S(x.Deal.SourceId)],
            Dimension.CurrentStage => [S(x.Deal.CurrentStageId)],
            Dimension.LossReason => [S(x.Deal.LossReasonId)],
            Dimension.LossStage => [S(x.Deal.LostAtStageId)],
            Dimension.Status => [S((int)x.Deal.Status)],
            _ => ["~"],
        };
    }

    /// <summary>A cell's value from its facts, rounded as the table shows it.</summary>
    public static decimal? Value(Measure m, IReadOnlyCollection<Fact> facts)
    {
        var deals = facts.Select(x => x.Deal.Id).Distinct().Count();
        var won = facts.Where(x => x.Deal.Status == DealStatus.Won).Select(x => x.Deal.Id).Distinct().Count();
        var sum = facts.Sum(x => x.Value);
        return m switch
        {
            Measure.DealsWon or Measure.DealsLost or Measure.DealsOpened => deals,
            Measure.AverageDeal => deals == 0 ? null : Math.Round(sum / deals, 2, MidpointRounding.AwayFromZero),
            Measure.WinRate => deals == 0 ? null : Math.Round(100m * won / deals, 1, MidpointRounding.AwayFromZero),
            _ => Math.Round(sum, 2, MidpointRounding.AwayFromZero),
        };
    }

    /// <summary>row key → value for a one-dimension report.</summary>
    public Dictionary<string, decimal?> ByRow(Measure m, Dimension rows, IReadOnlyList<Fact> facts) =>
        facts.SelectMany(x => Keys(rows, x).Select(k => (k, x))).GroupBy(p => p.k)
            .ToDictionary(g => g.Key, g => Value(m, g.Select(p => p.x).ToList()));

    /// <summary>(row key, column key) → value for a two-dimension report.</summary>
    public Dictionary<(string, string), decimal?> ByCell(Measure m, Dimension rows, Dimension columns, IReadOnlyList<Fact> facts) =>
        facts.SelectMany(x => Keys(rows, x).SelectMany(r => Keys(columns, x).Select(c => (r, c, x)))).GroupBy(p => (p.r, p.c))
            .ToDictionary(g => g.Key, g => Value(m, g.Select(p => p.x).ToList()));
}
