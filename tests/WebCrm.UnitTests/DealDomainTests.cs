using WebCrm.Domain.Clients;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Security;

namespace WebCrm.UnitTests;

public sealed class DealMathTests
{
    private const int Rub = 1, Usd = 2, Eur = 3, Jpy = 4;

    [Theory]
    [InlineData("0.125", 2, "0.13")]
    [InlineData("0.135", 2, "0.14")]
    [InlineData("-0.125", 2, "-0.13")]
    [InlineData("2.5", 0, "3")]
    [InlineData("3.5", 0, "4")]
    [InlineData("1.004999", 2, "1.00")]
    public void Rounding_is_commercial_half_away_from_zero(string amount, int minor, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            DealMath.Round(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), minor));

    [Fact]
    public void A_line_is_quantity_times_price_less_discount_rounded_once()
    {
        Assert.Equal(300.00m, DealMath.LineAmount(3, 100m, 0, 2));
        Assert.Equal(0.13m, DealMath.LineAmount(1, 0.125m, 0, 2));
        // 3 × 33.33 × 0.85 = 84.9915 → 84.99
        Assert.Equal(84.99m, DealMath.LineAmount(3, 33.33m, 15, 2));
        Assert.Equal(1235m, DealMath.LineAmount(1, 1234.5m, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => DealMath.LineAmount(1, 1, 101, 2));
    }

    [Fact]
    public void Debt_with_several_payments_in_several_currencies_uses_the_rate_of_each_payment_date()
    {
        var rates = new[]
        {
            new DatedRate(Usd, new DateOnly(2026, 1, 1), 90m),
            new DatedRate(Usd, new DateOnly(2026, 2, 1), 100m),
            new DatedRate(Eur, new DateOnly(2026, 1, 1), 110m),
        };
        var lines = new[] { DealMath.LineAmount(2, 50_000m, 0, 2), DealMath.LineAmount(1, 20_000m, 10, 2) }; // 100000 + 18000
        var payments = new[]
        {
            DealMath.Convert(30_000m, Rub, Rub, new DateOnly(2026, 1, 10), 2, Rub, rates)!.Value,      // 30000
            DealMath.Convert(100m, Usd, Rub, new DateOnly(2026, 1, 15), 2, Rub, rates)!.Value,         // 9000 (January rate)
            DealMath.Convert(100m, Usd, Rub, new DateOnly(2026, 2, 15), 2, Rub, rates)!.Value,         // 10000 (February rate)
            DealMath.Convert(100m, Eur, Rub, new DateOnly(2026, 3, 1), 2, Rub, rates)!.Value,          // 11000
        };
        Assert.Equal([30_000m, 9_000m, 10_000m, 11_000m], payments);
        // A won deal without shipment documents counts its whole amount as shipped.
        var totals = DealMath.Totals(DealStatus.Won, lines, payments, [], 2);
        Assert.Equal(118_000m, totals.LinesTotal);
        Assert.Equal(60_000m, totals.Paid);
        Assert.Equal(58_000m, totals.Debt);
    }

    [Fact]
    public void Conversion_between_two_foreign_currencies_goes_through_the_base_and_rounds_to_the_target()
    {
        var rates = new[] { new DatedRate(Usd, new DateOnly(2026, 1, 1), 90m), new DatedRate(Eur, new DateOnly(2026, 1, 1), 97.5m), new DatedRate(Jpy, new DateOnly(2026, 1, 1), 0.6m) };
        // 100 USD = 9000 RUB = 92.307692… EUR → 92.31
        Assert.Equal(92.31m, DealMath.Convert(100m, Usd, Eur, new DateOnly(2026, 1, 5), 2, Rub, rates));
        // 100 USD = 9000 RUB = 15000 JPY (no minor unit)
        Assert.Equal(15000m, DealMath.Convert(100m, Usd, Jpy, new DateOnly(2026, 1, 5), 0, Rub, rates));
        // Before the first rate there is no rate: no conversion.
        Assert.Null(DealMath.Convert(100m, Usd, Rub, new DateOnly(2025, 12, 31), 2, Rub, rates));
    }

    [Fact]
    public void An_overpaid_deal_has_an_advance_and_never_a_negative_debt()
    {
        var totals = DealMath.Totals(DealStatus.Won, [100m], [60m, 50m], [], 2);
        Assert.Equal((100m, 110m, 0m, 10m), (totals.Shipped, totals.Paid, totals.Debt, totals.Advance));
    }

    [Fact]
    public void Conversion_tells_the_rate_used_and_its_date()
    {
        var rates = new[] { new DatedRate(Usd, new DateOnly(2026, 1, 1), 90m), new DatedRate(Usd, new DateOnly(2026, 2, 1), 100m),
            new DatedRate(Eur, new DateOnly(2026, 1, 20), 110m) };
        Assert.Equal(new Conversion(9000m, 90m, new DateOnly(2026, 1, 1)), DealMath.ConvertWithRate(100m, Usd, Rub, new DateOnly(2026, 1, 31), 2, Rub, rates));
        // Roubles into a dollar deal: dollars per rouble, kept to ten digits.
        Assert.Equal(new Conversion(10m, 0.01m, new DateOnly(2026, 2, 1)), DealMath.ConvertWithRate(1000m, Rub, Usd, new DateOnly(2026, 2, 3), 2, Rub, rates));
        Assert.Equal(0.0111111111m, DealMath.ConvertWithRate(1m, Rub, Usd, new DateOnly(2026, 1, 3), 2, Rub, rates)!.Rate);
        // Two foreign currencies: the earlier (stalest) of the two quotes dates the conversion.
        Assert.Equal(new DateOnly(2026, 1, 20), DealMath.ConvertWithRate(1m, Usd, Eur, new DateOnly(2026, 2, 5), 2, Rub, rates)!.RateDate);
        // The same currency needs no rate.
        Assert.Equal(new Conversion(5.13m, 1m, null), DealMath.ConvertWithRate(5.125m, Usd, Usd, new DateOnly(2026, 2, 5), 2, Rub, rates));
        Assert.Null(DealMath.ConvertWithRate(1m, Usd, Rub, new DateOnly(2025, 12, 1), 2, Rub, rates));
    }
}

/// <summary>The receivable rule of <see cref="DealMath.Totals"/>, case by case.</summary>
public sealed class ReceivableRuleTests
{
    private static ShipmentDocument Shipment(decimal amount) => new(amount, true);
    private static ShipmentDocument Other(decimal amount) => new(amount, false);

    [Fact]
    public void Only_documents_whose_type_counts_as_a_shipment_make_the_shipped_total()
    {
        var totals = DealMath.Totals(DealStatus.Open, [1000m], [100m], [Shipment(300m), Other(1000m), Shipment(200m)], 2);
        Assert.Equal((500m, 400m, 0m), (totals.Shipped, totals.Debt, totals.Advance));
        // An invoice or payment order alone ships nothing.
        var invoiced = DealMath.Totals(DealStatus.Open, [1000m], [], [Other(1000m)], 2);
        Assert.Equal((0m, 0m), (invoiced.Shipped, invoiced.Debt));
    }

    [Fact]
    public void A_won_deal_without_shipment_documents_counts_its_whole_amount_as_shipped()
    {
        var totals = DealMath.Totals(DealStatus.Won, [700m, 300m], [250m], [Other(1000m)], 2);
        Assert.Equal((1000m, 1000m, 750m, 0m, 0m), (totals.LinesTotal, totals.Shipped, totals.Debt, totals.Advance, totals.ToBePaid));
        // With shipment documents, those count, not the amount.
        var partly = DealMath.Totals(DealStatus.Won, [1000m], [250m], [Shipment(400m)], 2);
        Assert.Equal((400m, 150m), (partly.Shipped, partly.Debt));
    }

    [Fact]
    public void An_open_deal_without_shipments_owes_nothing_and_its_rest_is_to_be_paid()
    {
        var totals = DealMath.Totals(DealStatus.Open, [5_000_000m], [1_000_000m], [], 2);
        Assert.Equal((0m, 0m, 1_000_000m, 4_000_000m), (totals.Shipped, totals.Debt, totals.Advance, totals.ToBePaid));
        // Paid in full before shipping: nothing to be paid, all of it an advance.
        var prepaid = DealMath.Totals(DealStatus.Open, [100m], [120m], [], 2);
        Assert.Equal((0m, 0m, 120m), (prepaid.ToBePaid, prepaid.Debt, prepaid.Advance));
    }

    [Fact]
    public void An_open_deal_with_shipment_documents_owes_shipped_minus_paid()
    {
        var totals = DealMath.Totals(DealStatus.Open, [1000m], [100m], [Shipment(600m)], 2);
        Assert.Equal((600m, 500m, 0m, 900m), (totals.Shipped, totals.Debt, totals.Advance, totals.ToBePaid));
    }

    [Fact]
    public void A_lost_deal_owes_only_what_was_shipped_and_not_paid()
    {
        var nothing = DealMath.Totals(DealStatus.Lost, [3500m], [], [Other(3500m)], 2);
        Assert.Equal((0m, 0m, 0m, 0m), (nothing.Shipped, nothing.Debt, nothing.Advance, nothing.ToBePaid));
        var shipped = DealMath.Totals(DealStatus.Lost, [3500m], [100m], [Shipment(400m)], 2);
        Assert.Equal((400m, 300m), (shipped.Shipped, shipped.Debt));
        // Paid on a lost deal without shipment: an advance to return, not a negative debt.
        var refund = DealMath.Totals(DealStatus.Lost, [3500m], [500m], [], 2);
        Assert.Equal((0m, 500m), (refund.Debt, refund.Advance));
    }

    [Theory]
    [InlineData(DealStatus.Open)]
    [InlineData(DealStatus.Won)]
    [InlineData(DealStatus.Lost)]
    public void Debt_and_advance_are_never_negative_and_never_both_positive(DealStatus status)
    {
        foreach (var paid in new[] { 0m, 50m, 100m, 150m })
        {
            foreach (var docs in new ShipmentDocument[][] { [], [Shipment(100m)], [Shipment(30m), Other(70m)] })
            {
                var t = DealMath.Totals(status, [100m], [paid], docs, 2);
                Assert.True(t.Debt >= 0 && t.Advance >= 0 && t.ToBePaid >= 0);
                Assert.False(t.Debt > 0 && t.Advance > 0);
                Assert.Equal(t.Shipped - t.Paid, t.Debt - t.Advance);
            }
        }
    }

    [Fact]
    public void Sums_are_rounded_to_the_minor_unit_of_the_deal_currency()
    {
        var totals = DealMath.Totals(DealStatus.Open, [10.005m], [3.333m, 3.333m], [Shipment(5.555m), Shipment(1.001m)], 2);
        Assert.Equal((10.01m, 6.67m, 6.56m, 0m, 0.11m, 3.34m),
            (totals.LinesTotal, totals.Paid, totals.Shipped, totals.Debt, totals.Advance, totals.ToBePaid));
        var yen = DealMath.Totals(DealStatus.Won, [1234.5m], [0.4m], [], 0);
        Assert.Equal((1235m, 0m, 1235m), (yen.Shipped, yen.Paid, yen.Debt));
    }
}

public sealed class DealRulesTests
{
    private static readonly DateOnly Today = new(2026, 6, 15);

    private static Deal NewDeal() => new() { StartDate = new DateOnly(2026, 1, 1) };

    [Fact]
    public void Won_needs_a_close_date_not_before_the_start_and_not_in_the_future()
    {
        var deal = NewDeal();
        Assert.Equal(DealRuleError.CloseDateRequired, DealRules.MarkWon(deal, null, Today));
        Assert.Equal(DealRuleError.CloseDateBeforeStart, DealRules.MarkWon(deal, new DateOnly(2025, 12, 31), Today));
        Assert.Equal(DealRuleError.CloseDateInFuture, DealRules.MarkWon(deal, Today.AddDays(1), Today));
        Assert.Equal(DealStatus.Open, deal.Status);
        Assert.Equal(DealRuleError.None, DealRules.MarkWon(deal, Today, Today));
        Assert.Equal(DealStatus.Won, deal.Status);
        Assert.Equal(Today, deal.CloseDate);
    }

    [Fact]
    public void Lost_needs_the_reason_and_the_stage()
    {
        var deal = NewDeal();
        Assert.Equal(DealRuleError.LossReasonRequired, DealRules.MarkLost(deal, Today, null, 7, Today));
        Assert.Equal(DealRuleError.LostStageRequired, DealRules.MarkLost(deal, Today, 3, null, Today));
        Assert.Equal(DealStatus.Open, deal.Status);
        Assert.Equal(DealRuleError.None, DealRules.MarkLost(deal, Today, 3, 7, Today));
        Assert.Equal((DealStatus.Lost, 3, 7), (deal.Status, deal.LossReasonId!.Value, deal.LostAtStageId!.Value));
    }

    [Fact]
    public void A_closed_deal_takes_no_lines_or_second_close_until_reopened()
    {
        var deal = NewDeal();
        Assert.Equal(DealRuleError.None, DealRules.CanChangeLines(deal));
        DealRules.MarkLost(deal, Today, 3, 7, Today);
        Assert.Equal(DealRuleError.DealClosed, DealRules.CanChangeLines(deal));
        Assert.Equal(DealRuleError.DealClosed, DealRules.CanChangeStages(deal));
        Assert.Equal(DealRuleError.DealClosed, DealRules.MarkWon(deal, Today, Today));
        Assert.Equal(DealRuleError.None, DealRules.Reopen(deal));
        Assert.Equal((DealStatus.Open, (int?)null, (int?)null, (DateOnly?)null), (deal.Status, deal.LossReasonId, deal.LostAtStageId, deal.CloseDate));
        Assert.Equal(DealRuleError.AlreadyOpen, DealRules.Reopen(deal));
        Assert.Equal(DealRuleError.None, DealRules.CanChangeLines(deal));
    }

    [Fact]
    public void Recalculate_stores_when_each_completed_stage_was_entered_the_latest_earlier_completion_or_the_start()
    {
        var deal = NewDeal();
        var start = new DateOnly(2025, 3, 1);
        deal.StartDate = start;
        DateOnly D(int day) => new(2025, 3, day);
        // Completed out of list order, two on the same day, one not completed.
        deal.Stages =
        [
            new DealStage { Id = 1, StageId = 10, CompletedOn = D(5) },
            new DealStage { Id = 2, StageId = 20, CompletedOn = D(3) },
            new DealStage { Id = 3, StageId = 30, CompletedOn = D(9) },
            new DealStage { Id = 4, StageId = 40, CompletedOn = D(9) },
            new DealStage { Id = 5, StageId = 50 },
            new DealStage { Id = 6, StageId = 60, CompletedOn = D(12) },
        ];
        deal.Recalculate(2, s => s, _ => false);
        // The earliest completion counts from the start; the same day's other completion does not count for either.
        Assert.Equal(new DateOnly?[] { D(3), start, D(5), D(5), null, D(9) }, deal.Stages.Select(s => s.EnteredOn).ToArray());
        // A later start moves the first one; completing the open stage gives it the latest earlier completion.
        deal.StartDate = D(2);
        deal.Stages[4].CompletedOn = D(10);
        deal.Recalculate(2, s => s, _ => false);
        Assert.Equal(new DateOnly?[] { D(3), D(2), D(5), D(5), D(9), D(10) }, deal.Stages.Select(s => s.EnteredOn).ToArray());
        Assert.All(deal.Stages, s => Assert.Equal(D(2), s.DealStartDate));
        // Reopened: no date.
        deal.Stages[0].CompletedOn = null;
        deal.Recalculate(2, s => s, _ => false);
        Assert.Equal(new DateOnly?[] { null, D(2), D(3), D(3), D(9), D(10) }, deal.Stages.Select(s => s.EnteredOn).ToArray());
    }

    [Fact]
    public void Recalculate_stores_on_each_stage_whether_it_is_reached_with_the_deals_currency_and_lines_total()
    {
        var deal = NewDeal();
        deal.CurrencyId = 7;
        deal.Lines = [new DealLine { Amount = 10.5m }, new DealLine { Amount = 2m }];
        deal.Stages =
        [
            new DealStage { Id = 1, StageId = 10, CompletedOn = new DateOnly(2025, 3, 5) },
            new DealStage { Id = 2, StageId = 20 },
            new DealStage { Id = 3, StageId = 30 },
            new DealStage { Id = 4, StageId = 40 },
        ];
        deal.Recalculate(2, s => s, _ => false);
        // Completed, and the current stage (the first open one); not the stages after it.
        Assert.Equal([true, true, false, false], deal.Stages.Select(s => s.Reached).ToArray());
        Assert.All(deal.Stages, s => Assert.True(s.DealCurrencyId == 7 && s.DealLinesTotal == 12.5m));
        // Lost at the fourth: that one too, by the rule's third part.
        deal.LostAtStageId = 40;
        deal.Lines.RemoveAt(1);
        deal.Recalculate(2, s => s, _ => false);
        Assert.Equal([true, true, false, true], deal.Stages.Select(s => s.Reached).ToArray());
        Assert.All(deal.Stages, s => Assert.Equal(10.5m, s.DealLinesTotal));
        Assert.All(deal.Stages, s => Assert.Equal(deal.Reached(s), s.Reached));
    }

    [Fact]
    public void Recalculate_stores_the_domain_totals_and_the_first_open_stage_in_list_order()
    {
        var deal = NewDeal();
        deal.Lines = [new DealLine { Amount = 100.10m }, new DealLine { Amount = 0.13m }];
        deal.Payments = [new Payment { AmountInDealCurrency = 50m }];
        deal.Stages = [new DealStage { Id = 1, StageId = 20 }, new DealStage { Id = 2, StageId = 10, CompletedOn = Today }, new DealStage { Id = 3, StageId = 30 }];
        deal.Recalculate(2, s => s, _ => false);
        // Open, nothing shipped: no debt, the payment is an advance.
        Assert.Equal((100.23m, 50m, 0m, 0m, 50m, (int?)20),
            (deal.LinesTotal, deal.PaidTotal, deal.ShippedTotal, deal.Debt, deal.Advance, deal.CurrentStageId));
        // A document whose type (5) counts as a shipment; type 6 does not.
        deal.Documents = [new AccountingDocument { TypeId = 5, Amount = 80m }, new AccountingDocument { TypeId = 6, Amount = 100.23m }];
        deal.Recalculate(2, s => s, t => t == 5);
        Assert.Equal((80m, 30m, 0m), (deal.ShippedTotal, deal.Debt, deal.Advance));
        // Won: the shipment documents still decide; without them the whole amount would count.
        deal.Status = DealStatus.Won;
        deal.Recalculate(2, s => s, _ => false);
        Assert.Equal((100.23m, 50.23m, 0m), (deal.ShippedTotal, deal.Debt, deal.Advance));
        Assert.True(new DealStage { PlannedEnd = Today.AddDays(-1) }.IsOverdue(Today));
        Assert.False(new DealStage { PlannedEnd = Today.AddDays(-1), CompletedOn = Today }.IsOverdue(Today));
        Assert.False(new DealStage { PlannedEnd = Today }.IsOverdue(Today));
    }
}

public sealed class DealVisibilityTests
{
    private static readonly UserAccess Manager = new("m1", [Permissions.Deals.ViewOwn]);

    private static Deal Deal(string owner = "other", string companyOwner = "other", params string?[] stageOwners) => new()
    {
        ResponsibleId = owner,
        Company = new Company { ResponsibleId = companyOwner },
        Stages = stageOwners.Select(s => new DealStage { ResponsibleId = s }).ToList(),
    };

    [Fact]
    public void A_manager_sees_a_deal_he_is_responsible_for() => Assert.True(DealVisibility.Instance.CanSee(Deal(owner: "m1"), Manager));

    [Fact]
    public void A_manager_sees_a_deal_with_a_stage_he_is_responsible_for() =>
        Assert.True(DealVisibility.Instance.CanSee(Deal("other", "other", null, "m1"), Manager));

    [Fact]
    public void A_manager_sees_a_deal_of_a_company_he_is_responsible_for() =>
        Assert.True(DealVisibility.Instance.CanSee(Deal(companyOwner: "m1"), Manager));

    [Fact]
    public void A_manager_does_not_see_an_unrelated_deal() =>
        Assert.False(DealVisibility.Instance.CanSee(Deal("other", "other", "x", null), Manager));

    [Fact]
    public void View_all_sees_every_deal_and_no_right_sees_none()
    {
        Assert.True(DealVisibility.Instance.CanSee(Deal(), new UserAccess("d", [Permissions.Deals.ViewAll])));
        Assert.False(DealVisibility.Instance.CanSee(Deal(owner: "m1"), new UserAccess("m1", [Permissions.Clients.ViewOwn])));
    }

    [Fact]
    public void The_query_filter_is_the_same_rule()
    {
        var deals = new[] { Deal(owner: "m1"), Deal("o", "o", "m1"), Deal(companyOwner: "m1"), Deal() }.AsQueryable();
        Assert.Equal(3, DealVisibility.Instance.Apply(deals, Manager).Count());
        Assert.Empty(DealVisibility.Instance.Apply(deals, new UserAccess("m1", [])));
    }
}
