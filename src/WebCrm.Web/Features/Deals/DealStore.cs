using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
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

/// <summary>
/// What every change of a deal shares: loading it through <see cref="DealAccess"/> (404 when invisible, 403 when not
/// allowed) and saving it with its stored totals recomputed under the stamp the user loaded.
/// </summary>
public sealed class DealStore(CrmDbContext db, DealAccess access, DealRecalculation recalculation, IStringLocalizer<SharedResource> l)
{
    /// <summary>
    /// The one place the Deals module asks <see cref="DealEditRights"/> whether the user may make a change to a loaded
    /// deal (loaded through <see cref="LoadAsync"/>, so with its company and stages): null when he may, otherwise the
    /// refusal — 403, or for a closed deal the "reopen it first" message on <paramref name="field"/>. Every write path
    /// (main data, company, responsible, stages and their people, lines, money, closing, delete) calls it.
    /// </summary>
    public Result? Refusal(Deal deal, ClaimsPrincipal principal, DealChange change, DealStage? stage = null, string field = "") =>
        DealEditRights.Check(deal, UserAccess.From(principal), change, stage) switch
        {
            DealVerdict.Allowed => null,
            DealVerdict.Closed => Result.Invalid(field, l["A closed deal cannot be changed; reopen it first."]),
            _ => Result.Forbidden,
        };

    /// <summary>Whether the change is allowed now (for what the card offers).</summary>
    public bool May(Deal deal, ClaimsPrincipal principal, DealChange change, DealStage? stage = null) => Refusal(deal, principal, change, stage) is null;

    /// <summary>The deal's current stage (the one "next stage" completes), if any.</summary>
    public DealStage? CurrentStage(Deal deal) => deal.Stages.FirstOrDefault(s => s.StageId == deal.CurrentStageId);

    /// <summary>The first stage the user runs on this deal, if any (what a stage responsible may plan).</summary>
    public DealStage? OwnStage(Deal deal, ClaimsPrincipal principal)
    {
        var userId = UserAccess.From(principal).UserId;
        return deal.Stages.FirstOrDefault(s => s.ResponsibleId == userId);
    }

    /// <summary>Loads a deal with what the visibility rule needs (and its money parts when a change recomputes totals) and checks the operation.</summary>
    public Task<Result<Deal>> LoadAsync(int id, ClaimsPrincipal principal, OperationAuthorizationRequirement operation,
        bool tracked, bool withMoney, CancellationToken ct) =>
        access.LoadAsync(id, principal, operation, ct, tracked,
            withMoney ? q => q.Include(d => d.Lines).Include(d => d.Payments).Include(d => d.Documents) : null);

    /// <summary>
    /// Recomputes the stored totals (the receivable rule over lines, payments, documents and status) and the current
    /// stage, then saves under the stamp the user loaded. Every change of a deal's lines, payments, documents, stages
    /// or status ends here, with all of them loaded (<see cref="LoadAsync"/> withMoney).
    /// </summary>
    public async Task<Result> SaveAsync(Deal deal, Guid stamp, CancellationToken ct)
    {
        await recalculation.RecalculateAsync([deal], ct);
        var entry = db.Entry(deal);
        entry.Property(d => d.ConcurrencyStamp).OriginalValue = stamp;
        // Every change of a deal's parts goes through the deal row, so two users adding lines at once are detected.
        entry.State = entry.State == EntityState.Unchanged ? EntityState.Modified : entry.State;
        try
        {
            await db.SaveChangesAsync(ct);
            return new Result(Outcome.Ok, deal.Id);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new Result(Outcome.Conflict, deal.Id);
        }
    }

    /// <summary>Recomputes the stored totals and debt history of a deal loaded withMoney whose start date or currency changed; the caller saves.</summary>
    public Task RecalculateAsync(Deal deal, CancellationToken ct) => recalculation.RecalculateAsync([deal], ct);

    public Task<int> MinorUnitsAsync(int currencyId, CancellationToken ct) =>
        db.Currencies.AsNoTracking().Where(c => c.Id == currencyId).Select(c => c.MinorUnits).SingleAsync(ct);
}
