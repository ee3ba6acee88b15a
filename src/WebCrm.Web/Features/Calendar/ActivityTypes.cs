using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Reference;

namespace WebCrm.Web.Features.Calendar;

/// <summary>The names of every activity type (inactive ones too: old activities keep theirs) in the UI language.</summary>
public static class ActivityTypes
{
    public static async Task<Dictionary<int, string>> NamesAsync(CrmDbContext db, CancellationToken ct)
    {
        var ru = FormText.IsRussian;
        return await db.ReferenceItems.AsNoTracking().Where(r => r.Kind == ReferenceListKind.ActivityType)
            .ToDictionaryAsync(r => r.Id, r => ru ? r.NameRu : r.NameEn, ct);
    }

    /// <summary>The same names from the reference cache (no round trip).</summary>
    public static Dictionary<int, string> Names(ReferenceData data)
    {
        var ru = FormText.IsRussian;
        return data.Items.Where(r => r.Kind == ReferenceListKind.ActivityType).ToDictionary(r => r.Id, r => ru ? r.NameRu : r.NameEn);
    }
}
