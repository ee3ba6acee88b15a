using WebCrm.Web.Features.Shared;

namespace WebCrm.Web.Features.Deals;

/// <summary>
/// The deal list's filters from before they became conditions of the builder — ?ResponsibleId=, Status=, StageId=,
/// SourceId=, StartFrom/StartTo=, EndFrom/EndTo=, AmountFrom/AmountTo=, HasDebt=true, Overdue=true, as old links and
/// bookmarks carry them. They are read into builder conditions with the same meaning (ANDed with whatever the builder
/// already holds), so an old address lists the same deals, and the page then shows its filter as conditions.
/// </summary>
public static class DealListLegacyFilters
{
    /// <summary>Turns the old parameters of <paramref name="q"/> into conditions of its builder and clears them.</summary>
    public static void MergeInto(DealListQuery q)
    {
        var legacy = Conditions(q).ToList();
        q.ResponsibleId = q.Status = q.StageId = q.SourceId = null;
        q.StartFrom = q.StartTo = q.EndFrom = q.EndTo = q.AmountFrom = q.AmountTo = null;
        q.HasDebt = q.Overdue = false;
        if (legacy.Count == 0)
        {
            return;
        }
        var merged = And(q.Spec(), legacy);
        (q.C, q.G) = merged.Flatten();
        q.J = FilterSpec.Name(merged.Join);
    }

    private static FilterConditionInput Condition(string field, FilterOp op, params string?[] values) =>
        new() { F = field, O = op.ToString(), V = values.Select(v => v?.Trim() ?? "").ToList() };

    private static IEnumerable<FilterConditionInput> Conditions(DealListQuery q)
    {
        if (!string.IsNullOrWhiteSpace(q.ResponsibleId)) { yield return Condition("responsible", FilterOp.Equals, q.ResponsibleId); }
        if (!string.IsNullOrWhiteSpace(q.Status)) { yield return Condition("status", FilterOp.Equals, q.Status); }
        if (!string.IsNullOrWhiteSpace(q.StageId)) { yield return Condition("stage", FilterOp.Equals, q.StageId); }
        if (!string.IsNullOrWhiteSpace(q.SourceId)) { yield return Condition("source", FilterOp.Equals, q.SourceId); }
        foreach (var range in new[] { Range("start", q.StartFrom, q.StartTo), Range("end", q.EndFrom, q.EndTo), Range("amount", q.AmountFrom, q.AmountTo) })
        {
            if (range is not null) { yield return range; }
        }
        if (q.HasDebt) { yield return Condition("debt", FilterOp.Greater, "0"); }
        if (q.Overdue) { yield return Condition("overdue", FilterOp.Equals, "true"); }
    }

    /// <summary>"From … to" as one condition: both ends → between (inclusive), one end → at least / at most.</summary>
    private static FilterConditionInput? Range(string field, string? from, string? to) =>
        (string.IsNullOrWhiteSpace(from), string.IsNullOrWhiteSpace(to)) switch
        {
            (true, true) => null,
            (false, false) => Condition(field, FilterOp.Between, from, to),
            (false, true) => Condition(field, FilterOp.AtLeast, from),
            _ => Condition(field, FilterOp.AtMost, to),
        };

    /// <summary>
    /// <paramref name="spec"/> AND every one of <paramref name="conditions"/>, still as groups: with groups ANDed (or one
    /// group) the conditions join the one AND group or become a group of their own; with groups ORed each group takes them
    /// ((A OR B) AND L = (A AND L) OR (B AND L)), and a group whose conditions are ORed splits into one group per condition.
    /// </summary>
    public static FilterSpec And(FilterSpec spec, IReadOnlyList<FilterConditionInput> conditions)
    {
        var groups = spec.Groups
            .Select(g => (g.Join, Conditions: g.Conditions.Select(c => c.Condition).Where(c => !string.IsNullOrEmpty(c.F)).ToList()))
            .Where(g => g.Conditions.Count > 0).ToList();
        List<(FilterJoin Join, List<FilterConditionInput> Conditions)> result;
        var join = FilterJoin.And;
        if (groups.Count == 0)
        {
            result = [(FilterJoin.And, [.. conditions])];
        }
        else if (groups.Count == 1 || spec.Join == FilterJoin.And)
        {
            result = groups.Count == 1 && (groups[0].Join == FilterJoin.And || groups[0].Conditions.Count == 1)
                ? [(FilterJoin.And, [.. groups[0].Conditions, .. conditions])]
                : [.. groups, (FilterJoin.And, [.. conditions])];
        }
        else
        {
            join = FilterJoin.Or;
            result = groups.SelectMany(g => g.Join == FilterJoin.And || g.Conditions.Count == 1
                    ? [(FilterJoin.And, (List<FilterConditionInput>)[.. g.Conditions, .. conditions])]
                    : g.Conditions.Select(c => (FilterJoin.And, (List<FilterConditionInput>)[c, .. conditions])))
                .ToList();
        }
        return new FilterSpec(join, result.Select(g => new FilterGroupSpec(g.Join, g.Conditions.Select(c => (-1, c)).ToList())).ToList());
    }
}
