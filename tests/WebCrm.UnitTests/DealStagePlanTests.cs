using WebCrm.Domain.Deals;

namespace WebCrm.UnitTests;

/// <summary>A deal's own stage order: positions first, the stage list's order for deals laid out before positions.</summary>
public sealed class DealStagePlanTests
{
    // Stage-list order: 10 → 1, 20 → 2, 30 → 3, 40 → 4.
    private static int ListOrder(int stageId) => stageId / 10;

    private static int[] Order(Deal d) => DealStagePlan.Ordered(d, ListOrder).Select(s => s.StageId).ToArray();

    [Fact]
    public void Deals_laid_out_before_positions_follow_the_list_and_are_renumbered_on_the_first_change()
    {
        var deal = new Deal { Stages = [new DealStage { Id = 1, StageId = 30 }, new DealStage { Id = 2, StageId = 10 }, new DealStage { Id = 3, StageId = 20 }] };
        Assert.Equal(new[] { 10, 20, 30 }, Order(deal));
        Assert.Equal(DealRuleError.None, DealStagePlan.Move(deal, deal.Stages[0], -1, ListOrder));
        Assert.Equal(new[] { 10, 30, 20 }, Order(deal));
        Assert.Equal(new[] { 2, 1, 3 }, deal.Stages.Select(s => s.Position).ToArray());
        Assert.Equal(DealRuleError.CannotMoveFurther, DealStagePlan.Move(deal, deal.Stages[2], 1, ListOrder));
    }

    [Theory]
    [InlineData(0, 3, new[] { 20, 30, 40, 10 })]
    [InlineData(3, -2, new[] { 10, 40, 20, 30 })]
    [InlineData(1, 2, new[] { 10, 30, 40, 20 })]
    [InlineData(2, -1, new[] { 10, 30, 20, 40 })]
    public void A_stage_dragged_over_others_lands_that_many_places_away_and_the_stages_it_passes_keep_their_order(int index, int offset, int[] expected)
    {
        var deal = new Deal();
        DealStagePlan.LayOut(deal, [10, 20, 30, 40], "m1");
        var stage = DealStagePlan.Ordered(deal, ListOrder)[index];
        Assert.Equal(DealRuleError.None, DealStagePlan.Move(deal, stage, offset, ListOrder));
        Assert.Equal(expected, Order(deal));
        Assert.Equal(new[] { 1, 2, 3, 4 }, DealStagePlan.Ordered(deal, ListOrder).Select(s => s.Position).ToArray());
    }

    [Theory]
    [InlineData(0, -1)]
    [InlineData(0, 4)]
    [InlineData(3, 1)]
    [InlineData(2, int.MaxValue)]
    [InlineData(1, int.MinValue)]
    [InlineData(1, 0)]
    public void A_move_past_either_end_or_by_nothing_is_refused_and_the_order_is_kept(int index, int offset)
    {
        var deal = new Deal();
        DealStagePlan.LayOut(deal, [10, 20, 30, 40], "m1");
        var stage = DealStagePlan.Ordered(deal, ListOrder)[index];
        Assert.Equal(DealRuleError.CannotMoveFurther, DealStagePlan.Move(deal, stage, offset, ListOrder));
        Assert.Equal(new[] { 10, 20, 30, 40 }, Order(deal));
    }

    [Fact]
    public void Next_completes_the_first_open_stage_in_the_deals_order_and_recalculation_makes_the_next_current()
    {
        var deal = new Deal();
        DealStagePlan.LayOut(deal, [40, 10, 20], "m1");
        Assert.Equal(40, deal.CurrentStageId);
        var today = new DateOnly(2026, 3, 1);
        Assert.Equal(DealRuleError.None, DealStagePlan.Next(deal, today, ListOrder));
        deal.Recalculate(2, ListOrder, _ => false);
        Assert.Equal(today, deal.Stages.Single(s => s.StageId == 40).CompletedOn);
        Assert.Equal(10, deal.CurrentStageId);
        Assert.Equal(DealRuleError.StageAlreadyOnDeal, DealStagePlan.Add(deal, 10, "m1", null, ListOrder));
        Assert.Equal(DealRuleError.None, DealStagePlan.Add(deal, 30, "m1", 10, ListOrder));
        Assert.Equal(new[] { 40, 30, 10, 20 }, Order(deal));
        deal.Recalculate(2, ListOrder, _ => false);
        Assert.Equal(30, deal.CurrentStageId);
        Assert.Equal(DealRuleError.None, DealStagePlan.Remove(deal, deal.Stages.Single(s => s.StageId == 30), ListOrder));
        Assert.Equal(new[] { 1, 2, 3 }, DealStagePlan.Ordered(deal, ListOrder).Select(s => s.Position).ToArray());
        deal.Status = DealStatus.Lost;
        Assert.Equal(DealRuleError.DealClosed, DealStagePlan.Next(deal, today, ListOrder));
        Assert.Equal(DealRuleError.DealClosed, DealStagePlan.Add(deal, 30, "m1", null, ListOrder));
    }

    [Fact]
    public void Move_to_goes_forward_over_stages_and_back_and_names_the_stages_it_changed()
    {
        var deal = new Deal();
        DealStagePlan.LayOut(deal, [10, 20, 30, 40], "m1");
        var monday = new DateOnly(2026, 3, 2);
        var tuesday = monday.AddDays(1);
        DateOnly?[] Completed() => DealStagePlan.Ordered(deal, ListOrder).Select(s => s.CompletedOn).ToArray();

        // Forward over 20: 10 and 20 are completed today, 30 is current.
        Assert.Equal(DealRuleError.None, DealStagePlan.MoveTo(deal, 30, monday, ListOrder, out var changed));
        Assert.Equal(new[] { 10, 20 }, changed.Select(s => s.StageId));
        deal.Recalculate(2, ListOrder, _ => false);
        Assert.Equal(30, deal.CurrentStageId);
        Assert.Equal(new DateOnly?[] { monday, monday, null, null }, Completed());

        // Further on a day later: earlier completions keep their dates.
        Assert.Equal(DealRuleError.None, DealStagePlan.MoveTo(deal, 40, tuesday, ListOrder, out changed));
        Assert.Equal(new[] { 30 }, changed.Select(s => s.StageId));
        Assert.Equal(new DateOnly?[] { monday, monday, tuesday, null }, Completed());

        // Back to 20: 20 and 30 are open again, 20 is current.
        Assert.Equal(DealRuleError.None, DealStagePlan.MoveTo(deal, 20, tuesday, ListOrder, out changed));
        Assert.Equal(new[] { 20, 30 }, changed.Select(s => s.StageId));
        deal.Recalculate(2, ListOrder, _ => false);
        Assert.Equal(20, deal.CurrentStageId);
        Assert.Equal(new DateOnly?[] { monday, null, null, null }, Completed());

        Assert.Equal(DealRuleError.AlreadyAtStage, DealStagePlan.MoveTo(deal, 20, tuesday, ListOrder, out changed));
        Assert.Empty(changed);
        Assert.Equal(DealRuleError.StageNotOnDeal, DealStagePlan.MoveTo(deal, 50, tuesday, ListOrder, out _));
        deal.Status = DealStatus.Won;
        Assert.Equal(DealRuleError.DealClosed, DealStagePlan.MoveTo(deal, 40, tuesday, ListOrder, out _));
        Assert.Equal(new DateOnly?[] { monday, null, null, null }, Completed());
    }
}
