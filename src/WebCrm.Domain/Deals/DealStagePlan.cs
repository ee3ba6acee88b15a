namespace WebCrm.Domain.Deals;

/// <summary>
/// A deal's own stages: which values of the deal-stage list it goes through and in which order, chosen by its
/// manager. Adding, removing and reordering renumber <see cref="DealStage.Position"/>; "next stage" completes the
/// current one (the first not completed, <see cref="Deal.CurrentStageId"/>) so the following one becomes current.
/// A closed deal changes none of it. Callers recompute the deal (<see cref="Deal.Recalculate"/>) afterwards.
/// </summary>
public static class DealStagePlan
{
    /// <summary>The deal's stages in its order: position, then (for deals laid out before positions) the stage list's order.</summary>
    public static List<DealStage> Ordered(Deal deal, Func<int, int> stageOrder) =>
        deal.Stages.OrderBy(s => s.Position).ThenBy(s => stageOrder(s.StageId)).ThenBy(s => s.Id).ToList();

    /// <summary>Lays out a new deal's stages in the given order.</summary>
    public static void LayOut(Deal deal, IEnumerable<int> stageIds, string? responsibleId)
    {
        deal.Stages = stageIds.Distinct().Select((s, i) => new DealStage { StageId = s, ResponsibleId = responsibleId, Position = i + 1 }).ToList();
        deal.CurrentStageId = deal.Stages.Count > 0 ? deal.Stages[0].StageId : null;
    }

    /// <summary>Adds a stage at the end or before the stage <paramref name="beforeStageId"/> of the deal.</summary>
    public static DealRuleError Add(Deal deal, int stageId, string? responsibleId, int? beforeStageId, Func<int, int> stageOrder)
    {
        if (deal.IsClosed)
        {
            return DealRuleError.DealClosed;
        }
        if (deal.Stages.Any(s => s.StageId == stageId))
        {
            return DealRuleError.StageAlreadyOnDeal;
        }
        var ordered = Ordered(deal, stageOrder);
        var stage = new DealStage { StageId = stageId, ResponsibleId = responsibleId };
        var at = ordered.FindIndex(s => s.StageId == beforeStageId);
        ordered.Insert(at < 0 ? ordered.Count : at, stage);
        deal.Stages.Add(stage);
        Renumber(ordered);
        return DealRuleError.None;
    }

    public static DealRuleError Remove(Deal deal, DealStage stage, Func<int, int> stageOrder)
    {
        if (deal.IsClosed)
        {
            return DealRuleError.DealClosed;
        }
        deal.Stages.Remove(stage);
        Renumber(Ordered(deal, stageOrder));
        return DealRuleError.None;
    }

    /// <summary>
    /// Moves a stage <paramref name="offset"/> places earlier (&lt; 0) or later: ±1 from the up / down buttons, more when
    /// a stage is dragged over others. The stages it passes keep their order; a move past either end is refused.
    /// </summary>
    public static DealRuleError Move(Deal deal, DealStage stage, int offset, Func<int, int> stageOrder)
    {
        if (deal.IsClosed)
        {
            return DealRuleError.DealClosed;
        }
        var ordered = Ordered(deal, stageOrder);
        var from = ordered.IndexOf(stage);
        var to = (long)from + offset;
        if (from < 0 || offset == 0 || to < 0 || to >= ordered.Count)
        {
            return DealRuleError.CannotMoveFurther;
        }
        ordered.RemoveAt(from);
        ordered.Insert((int)to, stage);
        Renumber(ordered);
        return DealRuleError.None;
    }

    /// <summary>Marks the current stage completed on <paramref name="today"/>; the next one not completed becomes current.</summary>
    public static DealRuleError Next(Deal deal, DateOnly today, Func<int, int> stageOrder)
    {
        if (deal.IsClosed)
        {
            return DealRuleError.DealClosed;
        }
        var current = Ordered(deal, stageOrder).FirstOrDefault(s => s.CompletedOn is null);
        if (current is null)
        {
            return DealRuleError.NoCurrentStage;
        }
        current.CompletedOn = today;
        return DealRuleError.None;
    }

    /// <summary>
    /// Moves the deal to one of its own stages, forward, back or over others: every stage before it that is not
    /// completed is completed on <paramref name="today"/>; it and every stage after it are completed no more; so it
    /// becomes the current stage. <paramref name="changed"/> are the stages whose completion changed (each needs the
    /// right to plan that stage).
    /// </summary>
    public static DealRuleError MoveTo(Deal deal, int stageId, DateOnly today, Func<int, int> stageOrder, out List<DealStage> changed)
    {
        changed = [];
        if (deal.IsClosed)
        {
            return DealRuleError.DealClosed;
        }
        var ordered = Ordered(deal, stageOrder);
        var at = ordered.FindIndex(s => s.StageId == stageId);
        if (at < 0)
        {
            return DealRuleError.StageNotOnDeal;
        }
        for (var i = 0; i < ordered.Count; i++)
        {
            DateOnly? completion = i < at ? ordered[i].CompletedOn ?? today : null;
            if (ordered[i].CompletedOn != completion)
            {
                ordered[i].CompletedOn = completion;
                changed.Add(ordered[i]);
            }
        }
        return changed.Count == 0 ? DealRuleError.AlreadyAtStage : DealRuleError.None;
    }

    private static void Renumber(List<DealStage> ordered)
    {
        for (var i = 0; i < ordered.Count; i++)
        {
            ordered[i].Position = i + 1;
        }
    }
}
