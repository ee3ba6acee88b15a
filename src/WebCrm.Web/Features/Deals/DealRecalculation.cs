using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Data.Derived;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;

namespace WebCrm.Web.Features.Deals;

/// <summary>
/// Refreshes deals' stored totals, debt history and current stage (<see cref="Deal.Recalculate"/>) with what the rule needs from the
/// database: each currency's minor unit, the stage order and which accounting-document types count as shipments.
/// Every change of a deal ends here, and so does the administrator's change of a type's shipment flag.
/// </summary>
[ModuleEntryPoint]
public sealed class DealRecalculation(CrmDbContext db)
{
    /// <summary>Recomputes loaded deals (with lines, payments, documents and stages); <paramref name="countsAsShipment"/> overrides the stored flags.</summary>
    public async Task RecalculateAsync(IReadOnlyCollection<Deal> deals, CancellationToken ct, Func<int, bool>? countsAsShipment = null)
    {
        if (deals.Count == 0)
        {
            return;
        }
        var currencyIds = deals.Select(d => d.CurrencyId).Distinct().ToList();
        var minor = await db.Currencies.AsNoTracking().Where(c => currencyIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.MinorUnits, ct);
        var order = await db.ReferenceItems.AsNoTracking().Where(r => r.Kind == ReferenceListKind.DealStage)
            .ToDictionaryAsync(r => r.Id, r => r.SortOrder, ct);
        countsAsShipment ??= (await ShipmentTypesAsync(ct)).Contains;
        // The stored debt history is rewritten in place with the totals, in the caller's save (one transaction).
        var stored = deals.Where(d => d.Id > 0).Select(d => d.Id).ToList();
        if (stored.Count > 0)
        {
            await db.DealDebtPeriods.Where(p => stored.Contains(p.DealId)).LoadAsync(ct);
        }
        foreach (var deal in deals)
        {
            deal.Recalculate(minor[deal.CurrencyId], s => order.GetValueOrDefault(s, int.MaxValue), countsAsShipment);
        }
    }

    /// <summary>
    /// Loads (tracked) the deals having a document of the given type and recomputes them as if the type's "counts as
    /// shipment" flag were <paramref name="countsAsShipment"/>; the caller saves them together with the flag.
    /// </summary>
    public async Task<int> RecalculateWithDocumentTypeAsync(int typeId, bool countsAsShipment, CancellationToken ct)
    {
        var deals = await db.Deals.Where(d => d.Documents.Any(x => x.TypeId == typeId))
            .Include(d => d.Lines).Include(d => d.Payments).Include(d => d.Documents).Include(d => d.Stages)
            .AsSplitQuery().ToListAsync(ct);
        var shipment = await ShipmentTypesAsync(ct);
        await RecalculateAsync(deals, ct, type => type == typeId ? countsAsShipment : shipment.Contains(type));
        return deals.Count;
    }

    /// <summary>
    /// Rewrites every deal's stored debt history (<see cref="Deal.DebtPeriods"/>) from its lines, payments and documents
    /// by <see cref="DealMath.DebtHistory"/>, <paramref name="batch"/> deals per transaction: after the migration that
    /// added the table (a database upgraded with deals in it) and on demand (<c>--rebuild-debt-history</c>). Returns the
    /// number of deals read.
    /// </summary>
    public async Task<int> RebuildDebtHistoryAsync(CancellationToken ct, int batch = 2000)
    {
        var minor = await db.Currencies.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.MinorUnits, ct);
        var shipment = await ShipmentTypesAsync(ct);
        var done = 0;
        var after = 0;
        while (true)
        {
            var deals = await db.Deals.AsNoTracking().Where(d => d.Id > after).OrderBy(d => d.Id).Take(batch)
                .Include(d => d.Lines).Include(d => d.Payments).Include(d => d.Documents).AsSplitQuery().ToListAsync(ct);
            if (deals.Count == 0)
            {
                return done;
            }
            var (first, last) = (deals[0].Id, deals[^1].Id);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.DealDebtPeriods.Where(p => p.DealId >= first && p.DealId <= last).ExecuteDeleteAsync(ct);
            db.DealDebtPeriods.AddRange(deals.SelectMany(d => DealMath.DebtHistory(d.DebtFacts(minor[d.CurrencyId], shipment.Contains))
                .Select(s => new DealDebtPeriod { DealId = d.Id, From = s.From, Until = s.Until, Debt = s.Debt })));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
            done += deals.Count;
            after = last;
        }
    }

    /// <summary>
    /// Rewrites every payment's stored report keys (the region of its deal's company, the deal's responsible) from the
    /// rows (<see cref="PaymentReportKeys"/>, which keeps them in every save; the migration that added them filled them):
    /// on demand (<c>--rebuild-debt-history</c>). Returns the number of payments written.
    /// </summary>
    public Task<int> RebuildPaymentKeysAsync(CancellationToken ct) => PaymentReportKeys.RebuildAsync(db, ct);

    /// <summary>
    /// Rewrites every deal's stored copy of its company's responsible (<see cref="DealCompanyResponsible"/>, which keeps it
    /// in every save; the migration that added it filled it): on demand (<c>--rebuild-debt-history</c>). Returns the
    /// number of deals written.
    /// </summary>
    public Task<int> RebuildCompanyResponsibleAsync(CancellationToken ct) => DealCompanyResponsible.RebuildAsync(db, ct);

    /// <summary>
    /// Rewrites what every stage row stores for the funnel from its deal (<see cref="DealStage.Reached"/> by the rule of
    /// <see cref="Deal.Reached"/>, the deal's currency and lines total, the start date), in the database,
    /// <paramref name="batch"/> deals per statement: after the migration that added the columns (a database upgraded
    /// with deals in it) and on demand (<c>--rebuild-funnel</c>). Reads the stored current stage, so the deals' totals
    /// must be current (they are: every change recomputes them). Returns the number of stage rows written.
    /// </summary>
    public async Task<int> RebuildFunnelFactsAsync(CancellationToken ct, int batch = 20000)
    {
        var done = 0;
        var last = await db.Deals.MaxAsync(d => (int?)d.Id, ct) ?? 0;
        for (var from = 0; from <= last; from += batch)
        {
            done += await db.Database.ExecuteSqlRawAsync(RebuildFunnelSql, [from, from + batch], ct);
        }
        return done;
    }

    /// <summary>
    /// Written out because EF's ExecuteUpdate cannot set columns from a navigation (the deal) here. The same text on
    /// both providers (UPDATE … FROM); a comparison with a missing stage is false, not null.
    /// </summary>
    private const string RebuildFunnelSql = """
        UPDATE "DealStages" AS s SET
            "Reached" = (s."CompletedOn" IS NOT NULL OR COALESCE(s."StageId" = d."CurrentStageId", FALSE) OR COALESCE(s."StageId" = d."LostAtStageId", FALSE)),
            "DealCurrencyId" = d."CurrencyId", "DealLinesTotal" = d."LinesTotal", "DealStartDate" = d."StartDate"
        FROM "Deals" AS d
        WHERE d."Id" = s."DealId" AND s."DealId" > {0} AND s."DealId" <= {1}
        """;

    private async Task<HashSet<int>> ShipmentTypesAsync(CancellationToken ct) =>
        (await db.ReferenceItems.AsNoTracking()
            .Where(r => r.Kind == ReferenceListKind.AccountingDocumentType && r.CountsAsShipment).Select(r => r.Id).ToListAsync(ct)).ToHashSet();
}
