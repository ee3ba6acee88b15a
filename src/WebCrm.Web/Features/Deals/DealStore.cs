using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
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
public sealed class DealStore(CrmDbContext db, DealAccess access, DealRecalculation recalculation)
{
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

    public Task<int> MinorUnitsAsync(int currencyId, CancellationToken ct) =>
        db.Currencies.AsNoTracking().Where(c => c.Id == currencyId).Select(c => c.MinorUnits).SingleAsync(ct);
}
