namespace WebCrm.Domain.Deals;

/// <summary>Why a change of a deal is refused; the web layer turns each into a message next to its field.</summary>
public enum DealRuleError
{
    None,
    DealClosed,
    CloseDateRequired,
    CloseDateBeforeStart,
    CloseDateInFuture,
    LossReasonRequired,
    LostStageRequired,
    AlreadyOpen,
    StageAlreadyOnDeal,
    NoCurrentStage,
    CannotMoveFurther,
    /// <summary>The stage is not one of the deal's own stages.</summary>
    StageNotOnDeal,
    /// <summary>The deal is already at that stage: nothing would change.</summary>
    AlreadyAtStage,
}

/// <summary>
/// Won/lost rules: a deal is closed once, as won (with a close date) or lost (with close date, loss reason and the
/// stage it was lost at); a closed deal takes no new lines or stage changes until it is reopened; reopening clears
/// the outcome. Payments and accounting documents are still accepted on a closed deal: money arrives after the win.
/// </summary>
public static class DealRules
{
    public static DealRuleError CanChangeLines(Deal deal) => deal.IsClosed ? DealRuleError.DealClosed : DealRuleError.None;

    public static DealRuleError CanChangeStages(Deal deal) => deal.IsClosed ? DealRuleError.DealClosed : DealRuleError.None;

    public static DealRuleError MarkWon(Deal deal, DateOnly? closeDate, DateOnly today)
    {
        var error = CheckClose(deal, closeDate, today);
        if (error != DealRuleError.None)
        {
            return error;
        }
        deal.Status = DealStatus.Won;
        deal.CloseDate = closeDate;
        deal.LossReasonId = null;
        deal.LostAtStageId = null;
        return DealRuleError.None;
    }

    public static DealRuleError MarkLost(Deal deal, DateOnly? closeDate, int? lossReasonId, int? lostAtStageId, DateOnly today)
    {
        var error = CheckClose(deal, closeDate, today);
        if (error != DealRuleError.None)
        {
            return error;
        }
        if (lossReasonId is null)
        {
            return DealRuleError.LossReasonRequired;
        }
        if (lostAtStageId is null)
        {
            return DealRuleError.LostStageRequired;
        }
        deal.Status = DealStatus.Lost;
        deal.CloseDate = closeDate;
        deal.LossReasonId = lossReasonId;
        deal.LostAtStageId = lostAtStageId;
        return DealRuleError.None;
    }

    public static DealRuleError Reopen(Deal deal)
    {
        if (!deal.IsClosed)
        {
            return DealRuleError.AlreadyOpen;
        }
        deal.Status = DealStatus.Open;
        deal.CloseDate = null;
        deal.LossReasonId = null;
        deal.LostAtStageId = null;
        return DealRuleError.None;
    }

    private static DealRuleError CheckClose(Deal deal, DateOnly? closeDate, DateOnly today) => closeDate switch
    {
        _ when deal.IsClosed => DealRuleError.DealClosed,
        null => DealRuleError.CloseDateRequired,
        { } d when d < deal.StartDate => DealRuleError.CloseDateBeforeStart,
        { } d when d > today => DealRuleError.CloseDateInFuture,
        _ => DealRuleError.None,
    };
}
