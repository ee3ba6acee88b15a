using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Reference;

namespace WebCrm.Data.Seeding;

/// <summary>Ids of the active reference values the demo data picks from, loaded once per seeding run.</summary>
public sealed class DemoReferences
{
    public IReadOnlyList<int> Types { get; init; } = [];
    public IReadOnlyList<int> Industries { get; init; } = [];
    public IReadOnlyList<int> Sources { get; init; } = [];
    public IReadOnlyList<int> Regions { get; init; } = [];
    public IReadOnlyList<int> Positions { get; init; } = [];
    /// <summary>Active values by code, for the lists where the meaning of a value matters (region of a city, contract status).</summary>
    public IReadOnlyDictionary<(ReferenceListKind Kind, string Code), int> ByCode { get; init; } = new Dictionary<(ReferenceListKind, string), int>();
    public IReadOnlyList<int> ContractStatuses { get; init; } = [];
    public int? Rub { get; init; }
    public int? Usd { get; init; }

    public static async Task<DemoReferences> LoadAsync(CrmDbContext db, CancellationToken ct = default)
    {
        var items = await db.ReferenceItems.AsNoTracking().Where(r => r.IsActive)
            .OrderBy(r => r.Kind).ThenBy(r => r.SortOrder).ThenBy(r => r.Id)
            .Select(r => new { r.Id, r.Kind, r.Code }).ToListAsync(ct);
        var currencies = await db.Currencies.AsNoTracking().Where(c => c.IsActive).Select(c => new { c.Id, c.Code }).ToListAsync(ct);
        List<int> Of(ReferenceListKind kind) => items.Where(i => i.Kind == kind).Select(i => i.Id).ToList();
        return new DemoReferences
        {
            Types = Of(ReferenceListKind.ClientType),
            Industries = Of(ReferenceListKind.Industry),
            Sources = Of(ReferenceListKind.ClientSource),
            Regions = Of(ReferenceListKind.Region),
            Positions = Of(ReferenceListKind.ContactPosition),
            ContractStatuses = Of(ReferenceListKind.ContractStatus),
            ByCode = items.Where(i => i.Code != null).ToDictionary(i => (i.Kind, i.Code!), i => i.Id),
            Rub = currencies.FirstOrDefault(c => c.Code == "RUB")?.Id,
            Usd = currencies.FirstOrDefault(c => c.Code == "USD")?.Id,
        };
    }
}
