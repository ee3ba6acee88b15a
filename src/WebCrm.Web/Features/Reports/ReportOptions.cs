using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Reports;
using WebCrm.Domain.Security;
using WebCrm.Web.Features.Clients;

namespace WebCrm.Web.Features.Reports;

public sealed record ValueOption(string Key, string Label);

/// <summary>The choices of the report builder: the values a restriction on a dimension can name, the custom fields.</summary>
public sealed class ReportOptions(CrmDbContext db, CompanyAccess companies, ReferenceLookup lookup, ReportLabels labels)
{
    public const int MaxValues = 500;

    public static readonly Dimension[] Dimensions = Enum.GetValues<Dimension>().Where(d => d != Dimension.None).ToArray();

    private static readonly Dictionary<Dimension, ReferenceListKind> Kinds = new()
    {
        [Dimension.ProductGroup] = ReferenceListKind.ProductGroup,
        [Dimension.Region] = ReferenceListKind.Region,
        [Dimension.ClientType] = ReferenceListKind.ClientType,
        [Dimension.Industry] = ReferenceListKind.Industry,
        [Dimension.Source] = ReferenceListKind.ClientSource,
        [Dimension.CurrentStage] = ReferenceListKind.DealStage,
        [Dimension.LossReason] = ReferenceListKind.LossReason,
        [Dimension.LossStage] = ReferenceListKind.DealStage,
    };

    /// <summary>The values a restriction on a dimension offers (clients and cities: of the companies the user sees, at most <see cref="MaxValues"/>).</summary>
    public async Task<IReadOnlyList<ValueOption>> ValuesAsync(Dimension d, UserAccess user, CancellationToken ct)
    {
        if (Kinds.TryGetValue(d, out var kind))
        {
            return (await lookup.OptionsAsync(kind, ct: ct)).Select(o => new ValueOption(o.Id.ToString(CultureInfo.InvariantCulture), o.Name)).ToList();
        }
        switch (d)
        {
            case Dimension.Salesperson or Dimension.StageResponsible:
                return (await lookup.UsersAsync(null, ct)).Select(u => new ValueOption(u.Id, u.Name)).ToList();
            case Dimension.Product:
                return await db.Products.AsNoTracking().Where(p => p.IsActive).OrderBy(p => p.Name).Take(MaxValues)
                    .Select(p => new ValueOption(p.Id.ToString(), p.Name)).ToListAsync(ct);
            case Dimension.Client:
                return await companies.Query(user).OrderBy(c => c.Name).Take(MaxValues)
                    .Select(c => new ValueOption(c.Id.ToString(), c.Name)).ToListAsync(ct);
            case Dimension.City:
                return (await companies.Query(user).Where(c => c.City != null && c.City != "").Select(c => c.City!).Distinct()
                    .OrderBy(c => c).Take(MaxValues).ToListAsync(ct)).Select(c => new ValueOption(c, c)).ToList();
            case Dimension.Status:
                return (await labels.NamesAsync(d, Enum.GetValues<DealStatus>().Select(s => ((int)s).ToString(CultureInfo.InvariantCulture)), ct))
                    .Select(kv => new ValueOption(kv.Key, kv.Value)).ToList();
            default:
                return [];
        }
    }

    public Task<IReadOnlyList<CustomFieldOption>> CustomFieldsAsync(CancellationToken ct) => lookup.CustomFieldsAsync(CustomFieldTarget.Company, ct);
}
