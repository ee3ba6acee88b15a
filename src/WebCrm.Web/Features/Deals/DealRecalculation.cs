using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;

namespace WebCrm.Web.Features.Deals;

/// <summary>
/// Refreshes deals' stored totals and current stage (<see cref="Deal.Recalculate"/>) with what the rule needs from the
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

    private async Task<HashSet<int>> ShipmentTypesAsync(CancellationToken ct) =>
        (await db.ReferenceItems.AsNoTracking()
            .Where(r => r.Kind == ReferenceListKind.AccountingDocumentType && r.CountsAsShipment).Select(r => r.Id).ToListAsync(ct)).ToHashSet();
}
