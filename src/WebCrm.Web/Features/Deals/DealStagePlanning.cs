using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Deals;

/// <summary>
/// A deal's own stage list (<see cref="DealStagePlan"/>): add, remove and reorder stages, and "next stage" — complete
/// the current one today so the next becomes current. Each change loads the deal through <see cref="DealStore"/>
/// (visibility and the update right), is refused on a closed deal, and is saved under the stamp the user loaded with
/// the totals and current stage recomputed (<see cref="DealRecalculation"/>). Other modules (the funnel's board)
/// move a deal on through <see cref="NextStageAsync"/>.
/// </summary>
[ModuleEntryPoint]
public sealed class DealStagePlanning(CrmDbContext db, DealStore store, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    /// <summary>Completes the deal's current stage today; the next one not completed becomes current.</summary>
    public Task<Result> NextStageAsync(int dealId, Guid stamp, ClaimsPrincipal principal, CancellationToken ct) =>
        ChangeAsync(dealId, stamp, principal, DealChange.StagePlan, (d, order) => Task.FromResult<DealRuleError?>(DealStagePlan.Next(d, Numbers.Today(clock), order)), ct);

    /// <summary>
    /// Moves the deal to one of its own stages (forward, back or over others, <see cref="DealStagePlan.MoveTo"/>): seen
    /// and editable by the user, open, saved under the stamp he loaded, and only when he may plan every stage whose
    /// completion changes (an owner any; a stage responsible his own). History records each stage's completion.
    /// </summary>
    public async Task<Result> MoveToStageAsync(int dealId, int stageId, Guid stamp, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, deal) = await store.LoadAsync(dealId, principal, Operations.Update, tracked: true, withMoney: true, ct);
        if (outcome != Outcome.Ok)
        {
            return new Result(outcome);
        }
        var order = await StageOrderAsync(db, ct);
        var error = DealStagePlan.MoveTo(deal!, stageId, Numbers.Today(clock), s => order.GetValueOrDefault(s, int.MaxValue), out var changed);
        // Nothing changed (closed, not its stage, already there): still a 403 first for someone who may not plan it at all.
        IEnumerable<DealStage?> touched = error == DealRuleError.None ? changed : new[] { store.CurrentStage(deal!) };
        foreach (var stage in touched)
        {
            if (store.Refusal(deal!, principal, DealChange.StagePlan, stage) is { Outcome: Outcome.Forbidden } refused)
            {
                return refused;
            }
        }
        return error switch
        {
            DealRuleError.None => await store.SaveAsync(deal!, stamp, ct),
            DealRuleError.DealClosed => Result.Invalid("", l["A closed deal cannot be changed; reopen it first."]),
            DealRuleError.StageNotOnDeal => Result.Invalid("", l["This deal does not go through that stage."]),
            _ => Result.Invalid("", l["The deal is already at this stage."]),
        };
    }

    /// <summary>Adds an active value of the stage list to the deal, at the end or before one of its stages; its responsible is the deal's manager.</summary>
    public Task<Result> AddStageAsync(int dealId, int? stageId, int? beforeStageId, Guid stamp, ClaimsPrincipal principal, CancellationToken ct) =>
        ChangeAsync(dealId, stamp, principal, DealChange.StageStructure, async (d, order) =>
        {
            if (stageId is not { } id || !await db.ReferenceItems.AnyAsync(r => r.Id == id && r.Kind == ReferenceListKind.DealStage && r.IsActive, ct))
            {
                return Invalid;
            }
            return DealStagePlan.Add(d, id, d.ResponsibleId, beforeStageId, order);
        }, ct, "StageId");

    public Task<Result> RemoveStageAsync(int dealId, int dealStageId, Guid stamp, ClaimsPrincipal principal, CancellationToken ct) =>
        ChangeAsync(dealId, stamp, principal, DealChange.StageStructure, (d, order) => Task.FromResult(
            d.Stages.FirstOrDefault(s => s.Id == dealStageId) is { } stage ? DealStagePlan.Remove(d, stage, order) : (DealRuleError?)null), ct);

    public Task<Result> MoveStageAsync(int dealId, int dealStageId, int direction, Guid stamp, ClaimsPrincipal principal, CancellationToken ct) =>
        ChangeAsync(dealId, stamp, principal, DealChange.StageStructure, (d, order) => Task.FromResult(
            d.Stages.FirstOrDefault(s => s.Id == dealStageId) is { } stage ? DealStagePlan.Move(d, stage, direction, order) : (DealRuleError?)null), ct);

    /// <summary>Not a stage-list value the deal may take: answered next to the stage picker.</summary>
    private const DealRuleError Invalid = (DealRuleError)(-1);

    /// <summary>Loads, applies <paramref name="change"/> (null: the stage is not the deal's → 404), saves under the stamp.</summary>
    /// <remarks>
    /// <paramref name="right"/> is what <see cref="DealEditRights"/> must allow: the stage list is the owners'
    /// (<see cref="DealChange.StageStructure"/>); "next stage" completes the current stage, which its own responsible
    /// may do too (<see cref="DealChange.StagePlan"/> on that stage). A closed deal is refused by the stage plan's own rule.
    /// </remarks>
    private async Task<Result> ChangeAsync(int dealId, Guid stamp, ClaimsPrincipal principal, DealChange right,
        Func<Deal, Func<int, int>, Task<DealRuleError?>> change, CancellationToken ct, string field = "")
    {
        var (outcome, deal) = await store.LoadAsync(dealId, principal, Operations.Update, tracked: true, withMoney: true, ct);
        if (outcome != Outcome.Ok)
        {
            return new Result(outcome);
        }
        if (store.Refusal(deal!, principal, right, store.CurrentStage(deal!)) is { Outcome: Outcome.Forbidden } refused)
        {
            return refused;
        }
        var order = await StageOrderAsync(db, ct);
        var error = await change(deal!, s => order.GetValueOrDefault(s, int.MaxValue));
        return error switch
        {
            null => Result.NotFound,
            DealRuleError.None => await store.SaveAsync(deal!, stamp, ct),
            Invalid => Result.Invalid(field, l["Choose a value from the list."]),
            DealRuleError.DealClosed => Result.Invalid("", l["A closed deal cannot be changed; reopen it first."]),
            DealRuleError.StageAlreadyOnDeal => Result.Invalid(field, l["This stage is already on the deal."]),
            DealRuleError.NoCurrentStage => Result.Invalid("", l["Every stage of this deal is completed."]),
            _ => Result.Invalid("", l["The stage cannot move further."]),
        };
    }

    /// <summary>The stage list's order (value id → sort order): how stages of deals laid out before positions follow each other.</summary>
    internal static Task<Dictionary<int, int>> StageOrderAsync(CrmDbContext db, CancellationToken ct) =>
        db.ReferenceItems.AsNoTracking().Where(r => r.Kind == ReferenceListKind.DealStage).ToDictionaryAsync(r => r.Id, r => r.SortOrder, ct);

    /// <summary>The default set an administrator chose (active stages not marked "not proposed"), in list order: proposed for a new deal.</summary>
    public static Task<List<int>> DefaultSetAsync(CrmDbContext db, CancellationToken ct) =>
        db.ReferenceItems.AsNoTracking().Where(r => r.Kind == ReferenceListKind.DealStage && r.IsActive && !r.NotProposedForNewDeals)
            .OrderBy(r => r.SortOrder).ThenBy(r => r.Id).Select(r => r.Id).ToListAsync(ct);
}
