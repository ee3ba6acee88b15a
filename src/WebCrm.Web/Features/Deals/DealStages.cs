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

/// <summary>The stages form: each stage's responsible, planned dates, completion and note.</summary>
public sealed class DealStages(
    CrmDbContext db,
    DealStore store,
    ReferenceLookup lookup,
    TimeProvider clock,
    IStringLocalizer<SharedResource> l)
{
    public async Task<Result<StagesFormViewModel>> StagesFormAsync(int id, StagesInput? posted, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, deal) = await store.LoadAsync(id, principal, Operations.Update, tracked: false, withMoney: false, ct);
        if (outcome != Outcome.Ok)
        {
            return new(outcome);
        }
        var d = deal!;
        // An owner plans every stage; a stage responsible only his own (the save checks each changed stage).
        if (store.Refusal(d, principal, DealChange.StagePlan, store.OwnStage(d, principal)) is { Outcome: Outcome.Forbidden })
        {
            return new(Outcome.Forbidden);
        }
        var refs = await db.ReferenceItems.AsNoTracking().Where(r => r.Kind == ReferenceListKind.DealStage).ToDictionaryAsync(r => r.Id, ct);
        var names = new Dictionary<string, string>();
        var rows = DealCard.StageRows(d, refs, names, Numbers.Today(clock));
        var input = posted ?? new StagesInput
        {
            ConcurrencyStamp = d.ConcurrencyStamp,
            Stages = rows.Select(r => new StageInput { Id = r.Id, ResponsibleId = r.ResponsibleId, PlannedStart = r.PlannedStart,
                PlannedEnd = r.PlannedEnd, CompletedOn = r.CompletedOn, Note = r.Note }).ToList(),
        };
        var ru = FormText.IsRussian;
        var addable = refs.Values.Where(r => r.IsActive && d.Stages.All(s => s.StageId != r.Id)).OrderBy(r => r.SortOrder).ThenBy(r => r.Id)
            .Select(r => new Option(r.Id.ToString(CultureInfo.InvariantCulture), ru ? r.NameRu : r.NameEn)).ToList();
        return new(Outcome.Ok, new StagesFormViewModel
        {
            Id = id, Title = d.Title, Input = input, Stages = rows, Users = (await lookup.UsersAsync(null, ct)).AsOptions(),
            Addable = addable, IsOpen = d.Status == DealStatus.Open, CanChangeStructure = store.May(d, principal, DealChange.StageStructure),
            CanMoveOn = store.May(d, principal, DealChange.StagePlan, store.CurrentStage(d)),
            // The form shows as text what the save would refuse (DealEditRights): a stage responsible sees the others' stages.
            PlanEditable = d.Stages.Where(s => store.May(d, principal, DealChange.StagePlan, s)).Select(s => s.Id).ToHashSet(),
            ResponsibleEditable = d.Stages.Where(s => store.May(d, principal, DealChange.StageResponsible, s)).Select(s => s.Id).ToHashSet(),
        });
    }

    public async Task<Result> SaveStagesAsync(int id, StagesInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, deal) = await store.LoadAsync(id, principal, Operations.Update, tracked: true, withMoney: true, ct);
        if (outcome != Outcome.Ok)
        {
            return new Result(outcome);
        }
        var d = deal!;
        var errors = new Dictionary<string, string>();
        // Only an active user becomes a stage's responsible; one already there (since disabled) may stay.
        var known = await lookup.ActiveUserIdsAsync(input.Stages.Select(s => s.ResponsibleId), ct);
        for (var i = 0; i < input.Stages.Count; i++)
        {
            var posted = input.Stages[i];
            var stage = d.Stages.FirstOrDefault(s => s.Id == posted.Id);
            if (stage is null)
            {
                return new Result(Outcome.NotFound);
            }
            if (Check(d, stage, posted, principal, known, $"Stages[{i}].", errors) is { } refusal)
            {
                return refusal;
            }
        }
        if (errors.Count > 0)
        {
            return new Result(Outcome.Invalid, Errors: errors);
        }
        foreach (var posted in input.Stages)
        {
            Apply(d.Stages.First(s => s.Id == posted.Id), posted);
        }
        return await store.SaveAsync(d, input.ConcurrencyStamp, ct);
    }

    /// <summary>
    /// One stage edited in place on the card (<paramref name="dealStageId"/>, a stage of this deal, else 404): the same
    /// rights and rules as the stage page, errors keyed "EditStage.&lt;field&gt;", saved under the deal's stamp.
    /// </summary>
    public async Task<Result> SaveStageAsync(int id, int dealStageId, StageEditInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, deal) = await store.LoadAsync(id, principal, Operations.Update, tracked: true, withMoney: true, ct);
        if (outcome != Outcome.Ok)
        {
            return new Result(outcome);
        }
        var d = deal!;
        if (d.Stages.FirstOrDefault(s => s.Id == dealStageId) is not { } stage)
        {
            return new Result(Outcome.NotFound);
        }
        var errors = new Dictionary<string, string>();
        var known = await lookup.ActiveUserIdsAsync([input.ResponsibleId], ct);
        if (Check(d, stage, input, principal, known, "EditStage.", errors) is { } refusal)
        {
            return refusal;
        }
        if (errors.Count > 0)
        {
            return new Result(Outcome.Invalid, Errors: errors);
        }
        Apply(stage, input);
        return await store.SaveAsync(d, input.ConcurrencyStamp, ct);
    }

    /// <summary>
    /// Whether the user may make the posted change of one stage: each changed stage is decided on its own — its plan by
    /// its owner or its responsible, its people by Reassign (a refusal is returned); a responsible not among the active
    /// users is an error next to the field (<paramref name="prefix"/> + ResponsibleId).
    /// </summary>
    private Result? Check(Deal d, DealStage stage, StageInput posted, ClaimsPrincipal principal, IReadOnlySet<string> known, string prefix,
        Dictionary<string, string> errors)
    {
        var newResponsible = FormText.Clean(posted.ResponsibleId);
        var planChanged = stage.PlannedStart != posted.PlannedStart || stage.PlannedEnd != posted.PlannedEnd
            || stage.CompletedOn != posted.CompletedOn || (stage.Note ?? "") != (FormText.Clean(posted.Note) ?? "");
        var refusal = (planChanged ? store.Refusal(d, principal, DealChange.StagePlan, stage) : null)
            ?? (newResponsible != stage.ResponsibleId ? store.Refusal(d, principal, DealChange.StageResponsible, stage) : null);
        if (refusal is not null)
        {
            return refusal;
        }
        if (newResponsible is not null && newResponsible != stage.ResponsibleId && !known.Contains(newResponsible))
        {
            errors[prefix + nameof(StageInput.ResponsibleId)] = l["Choose a value from the list."];
        }
        return null;
    }

    private static void Apply(DealStage stage, StageInput posted)
    {
        stage.ResponsibleId = FormText.Clean(posted.ResponsibleId);
        stage.PlannedStart = posted.PlannedStart;
        stage.PlannedEnd = posted.PlannedEnd;
        stage.CompletedOn = posted.CompletedOn;
        stage.Note = FormText.Clean(posted.Note);
    }
}
