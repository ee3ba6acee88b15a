using WebCrm.Domain.Deals;

namespace WebCrm.UnitTests;

/// <summary>
/// The dated receivable rule and the debt history built from it: the spans must give, on every day, the debt the rule
/// reads that day, and the rule must agree with <see cref="DealMath.Totals"/> once every record is dated.
/// </summary>
public sealed class DealDebtHistoryTests
{
    private static DateOnly D(int month, int day) => new(2025, month, day);

    private static DebtFacts Deal(DealStatus status, DateOnly start, DateOnly? close, decimal[] lines, (DateOnly, decimal)[] payments,
        (DateOnly, decimal, bool)[] documents) =>
        new(status, start, close, lines, payments.Select(p => new DatedAmount(p.Item1, p.Item2)).ToList(),
            documents.Select(d => new DatedDocument(d.Item1, new ShipmentDocument(d.Item2, d.Item3))).ToList(), 2);

    private static readonly string[] Names = ["won without documents", "won, shipped after closing", "open, shipped in parts", "lost, overpaid", "payment before start"];

    public static TheoryData<string> Cases() => new(Names);

    private static DebtFacts Case(string name) => name switch
    {
        "won without documents" => Deal(DealStatus.Won, D(1, 5), D(2, 10), [600m, 400m], [(D(1, 20), 100m), (D(3, 1), 300m), (D(4, 1), 600m)], []),
        "won, shipped after closing" => Deal(DealStatus.Won, D(1, 5), D(2, 10), [1000m], [(D(2, 1), 200m)], [(D(3, 15), 700m, true), (D(1, 9), 5000m, false)]),
        "open, shipped in parts" => Deal(DealStatus.Open, D(1, 5), null, [1000m], [(D(2, 1), 250m)], [(D(1, 20), 300m, true), (D(2, 1), 300m, true), (D(5, 5), 400m, true)]),
        "lost, overpaid" => Deal(DealStatus.Lost, D(1, 5), D(3, 1), [1000m], [(D(1, 10), 900m)], [(D(2, 1), 500m, true)]),
        _ => Deal(DealStatus.Won, D(2, 1), D(2, 15), [100m], [(D(1, 10), 30m)], []),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_history_gives_the_rules_debt_on_every_day(string name)
    {
        var deal = Case(name);
        var history = DealMath.DebtHistory(deal);
        Assert.All(history, s => Assert.True(s.Debt > 0 && (s.Until is null || s.Until > s.From), $"{name}: {s}"));
        var owing = 0;
        for (var day = D(1, 1); day <= D(7, 1); day = day.AddDays(1))
        {
            var held = history.Where(s => s.From <= day && (s.Until is null || s.Until > day)).ToList();
            Assert.True(held.Count <= 1, $"{name}: {held.Count} spans hold on {day}");
            Assert.Equal(DealMath.DebtOn(day, deal), held.Sum(s => s.Debt));
            owing += held.Count;
        }
        Assert.True(name == "lost, overpaid" ? owing == 0 : owing > 0, $"{name}: owes on {owing} days");
    }

    [Fact]
    public void The_dated_rule_reads_the_records_up_to_the_day()
    {
        // Won without documents: the lines total is shipped from the close date.
        var won = Case("won without documents");
        Assert.Equal(0m, DealMath.DebtOn(D(2, 9), won));
        Assert.Equal(900m, DealMath.DebtOn(D(2, 10), won));
        Assert.Equal(600m, DealMath.DebtOn(D(3, 1), won));
        Assert.Equal(0m, DealMath.DebtOn(D(4, 1), won));
        // A deal with a shipment document is shipped by its documents alone: nothing before it, whatever its status.
        var late = Case("won, shipped after closing");
        Assert.Equal(0m, DealMath.DebtOn(D(3, 14), late));
        Assert.Equal(500m, DealMath.DebtOn(D(3, 15), late));
        // A payment dated before the start counts from the start; nothing is owed before it.
        var early = Case("payment before start");
        Assert.Equal(0m, DealMath.DebtOn(D(2, 14), early));
        Assert.Equal(70m, DealMath.DebtOn(D(2, 15), early));
        // Once every record is dated, the dated rule is the rule.
        foreach (var name in Names)
        {
            var deal = Case(name);
            var totals = DealMath.Totals(deal.Status, deal.LineAmounts, deal.Payments.Select(p => p.Amount), deal.Documents.Select(d => d.Document), 2);
            Assert.Equal(totals.Debt, DealMath.DebtOn(D(12, 31), deal));
        }
    }
}
