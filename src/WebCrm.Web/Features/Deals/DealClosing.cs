using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.Web.Features.Clients;
using WebCrm.Web.Features.Shared.Money;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Deals;

/// <summary>Won, lost (with reason and stage) and reopening.</summary>
public sealed class DealClosing(
    CrmDbContext db,
    DealStore store,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l)
{
    public async Task<Result> CloseAsync(int id, CloseInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, deal) = await store.LoadAsync(id, principal, Operations.Update, tracked: true, withMoney: true, ct);
        if (outcome != Outcome.Ok)
        {
            return new Result(outcome);
        }
        var d = deal!;
        if (store.Refusal(d, principal, DealChange.Close) is { Outcome: Outcome.Forbidden } refused)
        {
            return refused;
        }
        if (input.Outcome == "lost")
        {
            if (!await db.ReferenceItems.AnyAsync(r => r.Id == input.LossReasonId && r.Kind == ReferenceListKind.LossReason && r.IsActive, ct))
            {
                return Result.Invalid("Close.LossReasonId", l["A lost deal needs the loss reason."]);
            }
            if (!d.Stages.Any(s => s.StageId == input.LostAtStageId))
            {
                return Result.Invalid("Close.LostAtStageId", l["A lost deal needs the stage at which it was lost."]);
            }
        }
        var error = input.Outcome == "lost"
            ? DealRules.MarkLost(d, input.CloseDate, input.LossReasonId, input.LostAtStageId, Numbers.Today(clock))
            : DealRules.MarkWon(d, input.CloseDate, Numbers.Today(clock));
        return error switch
        {
            DealRuleError.None => await store.SaveAsync(d, input.ConcurrencyStamp, ct),
            DealRuleError.CloseDateBeforeStart => Result.Invalid("Close.CloseDate", l["The close date cannot be before the start date."]),
            DealRuleError.DealClosed => Result.Invalid("", l["The deal is already closed."]),
            _ => Result.Invalid("Close.CloseDate", l["Enter the close date."]),
        };
    }

    public async Task<Result> ReopenAsync(int id, Guid stamp, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, deal) = await store.LoadAsync(id, principal, Operations.Update, tracked: true, withMoney: true, ct);
        if (outcome != Outcome.Ok)
        {
            return new Result(outcome);
        }
        if (store.Refusal(deal!, principal, DealChange.Reopen) is { } refused)
        {
            return refused;
        }
        return DealRules.Reopen(deal!) == DealRuleError.None ? await store.SaveAsync(deal!, stamp, ct) : new Result(Outcome.Ok, id);
    }
}
