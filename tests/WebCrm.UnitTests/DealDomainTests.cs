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
        var totals = DealMath.Totals(lines, payments, 2);
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
    public void An_overpaid_deal_has_a_negative_debt()
    {
        var totals = DealMath.Totals([100m], [60m, 50m], 2);
        Assert.Equal(-10m, totals.Debt);
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
    public void Recalculate_stores_the_domain_totals_and_the_first_open_stage_in_list_order()
    {
        var deal = NewDeal();
        deal.Lines = [new DealLine { Amount = 100.10m }, new DealLine { Amount = 0.13m }];
        deal.Payments = [new Payment { AmountInDealCurrency = 50m }];
        deal.Stages = [new DealStage { Id = 1, StageId = 20 }, new DealStage { Id = 2, StageId = 10, CompletedOn = Today }, new DealStage { Id = 3, StageId = 30 }];
        deal.Recalculate(2, s => s);
        Assert.Equal((100.23m, 50m, 50.23m, (int?)20), (deal.LinesTotal, deal.PaidTotal, deal.Debt, deal.CurrentStageId));
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
