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
}
