using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;


namespace WebCrm.Web.Features.Shared;

/// <summary>Reads the change log the DbContext writes, for the "Change history" section of any card.</summary>
public static class ChangeHistory
{
    public const int Shown = 200;

    /// <summary>The newest changes of a record and of the parts filed under it (a company's contacts, a deal's lines).</summary>
    public static Task<List<HistoryRow>> ForAsync(CrmDbContext db, string rootType, int id, CancellationToken ct)
    {
        var idText = id.ToString(CultureInfo.InvariantCulture);
        return db.ChangeLog.AsNoTracking().Where(h => h.RootType == rootType && h.RootId == idText)
            .OrderByDescending(h => h.AtUtc).ThenByDescending(h => h.Id).Take(Shown)
            .Select(h => new HistoryRow(h.AtUtc, h.UserName, h.EntityType, h.Kind.ToString(), h.Field, h.OldValue, h.NewValue))
            .ToListAsync(ct);
    }

    /// <summary>The same newest changes as <see cref="PartRow"/>s (part number <paramref name="part"/>), to travel with a card's other small parts.</summary>
    public static IQueryable<PartRow> Parts(CrmDbContext db, string rootType, int id, int part)
    {
        var idText = id.ToString(CultureInfo.InvariantCulture);
        return db.ChangeLog.AsNoTracking().Where(h => h.RootType == rootType && h.RootId == idText)
            .OrderByDescending(h => h.AtUtc).ThenByDescending(h => h.Id).Take(Shown)
            .Select(h => new PartRow
            {
                Part = part, Id = h.Id, T1 = h.UserName, T2 = h.EntityType, T3 = h.Kind.ToString(), T4 = h.Field, T5 = h.OldValue, T6 = h.NewValue, T7 = null,
                D1 = PartRow.NoDate, D2 = PartRow.NoDate, D3 = PartRow.NoDate, At = h.AtUtc, N1 = 0m, N2 = 0m, N3 = 0m, N4 = 0m, L1 = 0L, B1 = false, B2 = false,
            });
    }

    /// <summary>History rows back from <see cref="Parts"/>, newest first.</summary>
    public static List<HistoryRow> FromParts(IEnumerable<PartRow> rows) =>
        rows.OrderByDescending(h => h.At).ThenByDescending(h => h.Id)
            .Select(h => new HistoryRow(h.At!.Value, h.T1, h.T2!, h.T3!, h.T4, h.T5, h.T6)).ToList();
}
