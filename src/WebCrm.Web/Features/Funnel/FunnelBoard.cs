using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.Web.Features.Deals;

namespace WebCrm.Web.Features.Funnel;

/// <summary>A card: the deal, and <paramref name="Targets"/>, the other stages of its own it may be moved to.</summary>
public sealed record BoardCard(int Id, string Title, string CompanyName, decimal Amount, string CurrencyCode, Guid Stamp, bool CanMove, IReadOnlyList<int> Targets);

public sealed record BoardColumn(int StageId, string Name, int Count, IReadOnlyList<BoardCard> Cards, int? NextStageId);

public sealed class BoardViewModel
{
    public required IReadOnlyList<BoardColumn> Columns { get; init; }
    public string? ResponsibleId { get; init; }
    public required IReadOnlyList<UserOption> Users { get; init; }
}

/// <summary>
/// The kanban board: the open deals the user sees (<see cref="DealAccess"/>) by current stage, in stage-list order, the
/// newest <see cref="CardsPerColumn"/> of each; a move completes the current stage through the Deals module's own entry
/// point (<see cref="DealStagePlanning.NextStageAsync"/>: visibility, the edit right, the stamp, history).
/// </summary>
public sealed class FunnelBoard(CrmDbContext db, DealAccess access, DealStagePlanning planning, ReferenceLookup lookup)
{
    public const int CardsPerColumn = 30;

    public async Task<BoardViewModel> BoardAsync(string? responsibleId, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = UserAccess.From(principal);
        var deals = access.Query(user).Where(d => d.Status == DealStatus.Open && d.CurrentStageId != null);
        if (!string.IsNullOrEmpty(responsibleId))
        {
            deals = deals.Where(d => d.ResponsibleId == responsibleId);
        }
        var counts = await deals.GroupBy(d => d.CurrentStageId!.Value).Select(g => new { StageId = g.Key, Count = g.Count() }).ToListAsync(ct);
        var ru = FormText.IsRussian;
        var stages = await db.ReferenceItems.AsNoTracking().Where(r => r.Kind == ReferenceListKind.DealStage)
            .OrderBy(r => r.SortOrder).ThenBy(r => r.Id).Select(r => new { r.Id, r.IsActive, Name = ru ? r.NameRu : r.NameEn }).ToListAsync(ct);
        var shown = stages.Where(s => s.IsActive || counts.Any(c => c.StageId == s.Id)).ToList();
        var canEdit = user.Has(Permissions.Deals.Edit);
        var columns = new List<BoardColumn>();
        for (var i = 0; i < shown.Count; i++)
        {
            var stageId = shown[i].Id;
            var count = counts.FirstOrDefault(c => c.StageId == stageId)?.Count ?? 0;
            var cards = count == 0
                ? []
                : await deals.Where(d => d.CurrentStageId == stageId).OrderByDescending(d => d.StartDate).ThenByDescending(d => d.Id).Take(CardsPerColumn)
                    .Select(d => new BoardCard(d.Id, d.Title, d.Company!.Name, d.LinesTotal, d.Currency!.Code, d.ConcurrencyStamp, canEdit,
                        d.Stages.Where(x => x.StageId != stageId).Select(x => x.StageId).ToList())).ToListAsync(ct);
            columns.Add(new BoardColumn(stageId, shown[i].Name, count, cards, i + 1 < shown.Count ? shown[i + 1].Id : null));
        }
        return new BoardViewModel { Columns = columns, ResponsibleId = responsibleId, Users = await lookup.UsersAsync(null, ct) };
    }

    /// <summary>Moves a card on: the deal's current stage is completed today and the next one becomes current.</summary>
    public Task<Result> MoveAsync(int dealId, Guid stamp, ClaimsPrincipal principal, CancellationToken ct) =>
        planning.NextStageAsync(dealId, stamp, principal, ct);

    /// <summary>Moves a card to any stage of its deal, forward or back (<see cref="DealStagePlanning.MoveToStageAsync"/>).</summary>
    public Task<Result> MoveToAsync(int dealId, int stageId, Guid stamp, ClaimsPrincipal principal, CancellationToken ct) =>
        planning.MoveToStageAsync(dealId, stageId, stamp, principal, ct);

    public async Task<string> StageNameAsync(int stageId, CancellationToken ct) =>
        (await lookup.DataAsync()).ItemName(stageId, FormText.IsRussian) ?? "";
}
