using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.Web.Features.Deals;

namespace WebCrm.Web.Features.Funnel;

/// <summary>A card: the deal, and <paramref name="Targets"/>, the other stages of its own shown on the board that it may be moved to.</summary>
public sealed record BoardCard(int Id, string Title, string CompanyName, decimal Amount, string CurrencyCode, Guid Stamp, IReadOnlyList<int> Targets);

/// <summary>
/// A run of one column's cards (a column's first page, or the next page "show more" brings): the cards from
/// <see cref="Skip"/> on, and whether more follow.
/// </summary>
public sealed class BoardCards
{
    public required int StageId { get; init; }
    public required int? NextStageId { get; init; }
    public required IReadOnlyList<BoardCard> Cards { get; init; }
    public required int Skip { get; init; }
    public required int Count { get; init; }
    public required bool CanMove { get; init; }
    public string? ResponsibleId { get; init; }
    public int Shown => Skip + Cards.Count;
    public bool More => Shown < Count;
}

public sealed record BoardColumn(int StageId, string Name, BoardCards Cards);

public sealed class BoardViewModel
{
    public required IReadOnlyList<BoardColumn> Columns { get; init; }
    public string? ResponsibleId { get; init; }
    public required IReadOnlyList<UserOption> Users { get; init; }
}

/// <summary>The fallback page of one card's move (without JavaScript): its stages to choose from, or why it cannot move.</summary>
public sealed class BoardMoveViewModel
{
    public required BoardCard Card { get; init; }
    public required string CurrentStage { get; init; }
    public required IReadOnlyList<LookupOption> Targets { get; init; }
    public required int? NextStageId { get; init; }
    public required bool CanMove { get; init; }
    public string? ResponsibleId { get; init; }
}

/// <summary>
/// The kanban board: the open deals the user sees (<see cref="DealAccess"/>) by current stage, in stage-list order, the
/// newest <see cref="PageSize"/> of each column first and the rest a page at a time ("show more"); a move completes the
/// current stage through the Deals module's own entry point (<see cref="DealStagePlanning"/>: visibility, the edit
/// right, the stamp, history).
/// </summary>
/// <remarks>
/// The cards of a column are read down the open deals' (current stage, start date, id) index with the visibility
/// rule shaped for a page (<see cref="DealAccess.QueryForPage"/>), so a page stops after its cards; the columns'
/// counts read every visible open deal with the key-set form (<see cref="DealAccess.Query"/>). A card carries only
/// what it shows; the move forms are shared by all cards (one per board).
/// </remarks>
public sealed class FunnelBoard(CrmDbContext db, DealAccess access, DealStagePlanning planning, ReferenceLookup lookup)
{
    public const int PageSize = 10;
    /// <summary>The most cards one column shows on the full-page fallback of "show more".</summary>
    public const int MaxShown = 500;

    private static IQueryable<Deal> Open(IQueryable<Deal> visible, string? responsibleId)
    {
        var deals = visible.Where(d => d.Status == DealStatus.Open && d.CurrentStageId != null);
        return string.IsNullOrEmpty(responsibleId) ? deals : deals.Where(d => d.ResponsibleId == responsibleId);
    }

    private static bool CanMove(UserAccess user) => user.Has(Permissions.Deals.Edit);

    /// <summary>The stages the board shows: the active ones of the stage list, and inactive ones that still hold deals, in list order.</summary>
    private async Task<List<(int Id, string Name)>> ColumnsAsync(IReadOnlyCollection<int> withDeals)
    {
        var ru = FormText.IsRussian;
        return (await lookup.DataAsync()).Items.Where(r => r.Kind == ReferenceListKind.DealStage && (r.IsActive || withDeals.Contains(r.Id)))
            .OrderBy(r => r.SortOrder).ThenBy(r => r.Id).Select(r => (r.Id, ru ? r.NameRu : r.NameEn)).ToList();
    }

    /// <param name="expandStageId">The column "show more" was asked for without JavaScript; it shows <paramref name="shown"/> cards.</param>
    public async Task<BoardViewModel> BoardAsync(string? responsibleId, int? expandStageId, int? shown, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = UserAccess.From(principal);
        var counts = await Open(access.Query(user), responsibleId).GroupBy(d => d.CurrentStageId!.Value)
            .Select(g => new { StageId = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.StageId, g => g.Count, ct);
        var stages = await ColumnsAsync(counts.Keys);
        var runs = new List<(int StageId, int Take, List<CardRow> Rows)>();
        foreach (var (id, _) in stages)
        {
            var take = id == expandStageId && shown is { } n ? Math.Clamp(n, PageSize, MaxShown) : PageSize;
            runs.Add((id, take, counts.GetValueOrDefault(id) == 0 ? [] : await RowsAsync(user, responsibleId, id, 0, take, ct)));
        }
        var cards = await CardsAsync(runs.SelectMany(r => r.Rows).ToList(), stages, ct);
        var columns = stages.Select((s, i) => new BoardColumn(s.Id, s.Name, new BoardCards
        {
            StageId = s.Id,
            NextStageId = i + 1 < stages.Count ? stages[i + 1].Id : null,
            Cards = runs[i].Rows.Select(r => cards[r.Id]).ToList(),
            Skip = 0,
            Count = counts.GetValueOrDefault(s.Id),
            CanMove = CanMove(user),
            ResponsibleId = responsibleId,
        })).ToList();
        return new BoardViewModel { Columns = columns, ResponsibleId = responsibleId, Users = await lookup.UsersAsync(null, ct) };
    }

    /// <summary>One column's cards from <paramref name="skip"/> on (a page of "show more"); null when the stage is not on the board.</summary>
    public async Task<BoardCards?> PageAsync(int stageId, int skip, string? responsibleId, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = UserAccess.From(principal);
        var count = await Open(access.Query(user), responsibleId).CountAsync(d => d.CurrentStageId == stageId, ct);
        var stages = await ColumnsAsync(count > 0 ? [stageId] : []);
        var at = stages.FindIndex(s => s.Id == stageId);
        if (at < 0)
        {
            return null;
        }
        var rows = await RowsAsync(user, responsibleId, stageId, skip, PageSize, ct);
        var cards = await CardsAsync(rows, stages, ct);
        return new BoardCards
        {
            StageId = stageId,
            NextStageId = at + 1 < stages.Count ? stages[at + 1].Id : null,
            Cards = rows.Select(r => cards[r.Id]).ToList(),
            Skip = skip,
            Count = count,
            CanMove = CanMove(user),
            ResponsibleId = responsibleId,
        };
    }

    /// <summary>One card with its stages to move to, for the fallback move page; null when the user does not see it open on the board.</summary>
    public async Task<BoardMoveViewModel?> MoveFormAsync(int dealId, string? responsibleId, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = UserAccess.From(principal);
        var row = await Open(access.QueryForPage(user), null).Where(d => d.Id == dealId)
            .Select(d => new CardRow(d.Id, d.Title, d.Company!.Name, d.LinesTotal, d.CurrencyId, d.ConcurrencyStamp, d.CurrentStageId!.Value))
            .SingleOrDefaultAsync(ct);
        if (row is null)
        {
            return null;
        }
        var stages = await ColumnsAsync([row.StageId]);
        var card = (await CardsAsync([row], stages, ct))[row.Id];
        var at = stages.FindIndex(s => s.Id == row.StageId);
        var next = at >= 0 && at + 1 < stages.Count ? stages[at + 1].Id : (int?)null;
        return new BoardMoveViewModel
        {
            Card = card,
            CurrentStage = at >= 0 ? stages[at].Name : "",
            Targets = stages.Where(s => card.Targets.Contains(s.Id)).Select(s => new LookupOption(s.Id, s.Name)).ToList(),
            NextStageId = next is { } n && card.Targets.Contains(n) ? n : null,
            CanMove = CanMove(user),
            ResponsibleId = responsibleId,
        };
    }

    private sealed record CardRow(int Id, string Title, string CompanyName, decimal Amount, int CurrencyId, Guid Stamp, int StageId);

    /// <summary>A page of one column: newest start first, then the highest id (the index's order).</summary>
    private Task<List<CardRow>> RowsAsync(UserAccess user, string? responsibleId, int stageId, int skip, int take, CancellationToken ct) =>
        Open(access.QueryForPage(user), responsibleId).Where(d => d.CurrentStageId == stageId)
            .OrderByDescending(d => d.StartDate).ThenByDescending(d => d.Id).Skip(skip).Take(take)
            .Select(d => new CardRow(d.Id, d.Title, d.Company!.Name, d.LinesTotal, d.CurrencyId, d.ConcurrencyStamp, stageId))
            .ToListAsync(ct);

    /// <summary>The cards of the rows, each with the stages of its deal that are on the board other than its current one (one query for all).</summary>
    private async Task<Dictionary<int, BoardCard>> CardsAsync(IReadOnlyList<CardRow> rows, IReadOnlyList<(int Id, string Name)> onBoard, CancellationToken ct)
    {
        var ids = rows.Select(r => r.Id).ToList();
        var stages = ids.Count == 0 ? [] : await db.DealStages.AsNoTracking().Where(s => ids.Contains(s.DealId))
            .Select(s => new { s.DealId, s.StageId }).ToListAsync(ct);
        var byDeal = stages.ToLookup(s => s.DealId, s => s.StageId);
        var place = onBoard.Select((s, i) => (s.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var data = await lookup.DataAsync();
        var codes = data.Currencies.ToDictionary(c => c.Id, c => c.Code);
        return rows.ToDictionary(r => r.Id, r => new BoardCard(r.Id, r.Title, r.CompanyName, r.Amount, codes.GetValueOrDefault(r.CurrencyId) ?? "", r.Stamp,
            byDeal[r.Id].Where(s => s != r.StageId && place.ContainsKey(s)).OrderBy(s => place[s]).ToList()));
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
