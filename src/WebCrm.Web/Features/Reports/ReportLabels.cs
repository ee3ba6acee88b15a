using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reports;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Reports;

/// <summary>Names for the keys of a dimension (users, reference values, products, clients, cities, statuses), in the UI language.</summary>
public sealed class ReportLabels(CrmDbContext db, Shared.ReferenceLookup lookup, IStringLocalizer<SharedResource> l)
{
    public string NotSet => l["(not set)"];

    public string DimensionName(Dimension d) => l["Dimension." + d];

    public string MeasureName(Measure m) => l["Measure." + m];

    /// <summary>key → name for the given keys of a dimension; a missing key (null) is "(not set)".</summary>
    public async Task<Dictionary<string, string>> NamesAsync(Dimension d, IEnumerable<string?> keys, CancellationToken ct)
    {
        var list = keys.Where(k => k is not null).Select(k => k!).Distinct().ToList();
        var ids = ReportKeys.Ids(list);
        var ru = Shared.FormText.IsRussian;
        switch (d)
        {
            case Dimension.Salesperson or Dimension.StageResponsible:
                return await db.Users.AsNoTracking().Where(u => list.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
            case Dimension.City:
                return list.ToDictionary(k => k, k => k);
            case Dimension.Product:
                return (await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.Name }).ToListAsync(ct))
                    .ToDictionary(p => p.Id.ToString(CultureInfo.InvariantCulture), p => p.Name);
            case Dimension.Client:
                return (await db.Companies.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.Name }).ToListAsync(ct))
                    .ToDictionary(c => c.Id.ToString(CultureInfo.InvariantCulture), c => c.Name);
            case Dimension.Status:
                return ids.ToDictionary(i => i.ToString(CultureInfo.InvariantCulture), i => l["DealStatus." + (DealStatus)i].Value);
            case Dimension.None:
                return [];
            default:
                return (await db.ReferenceItems.AsNoTracking().Where(r => ids.Contains(r.Id)).Select(r => new { r.Id, r.NameEn, r.NameRu }).ToListAsync(ct))
                    .ToDictionary(r => r.Id.ToString(CultureInfo.InvariantCulture), r => ru ? r.NameRu : r.NameEn);
        }
    }

    public string Name(Dictionary<string, string> names, string? key) =>
        key is null ? NotSet : names.TryGetValue(key, out var name) ? name : key;

    /// <summary>An interval's column header: "1–10.01.2026" for a декада, "January 2026", "Q1 2026", "2026".</summary>
    public string Interval(PeriodInterval i, PeriodStep step)
    {
        var culture = CultureInfo.CurrentCulture;
        return step switch
        {
            PeriodStep.Decade => $"{i.From.Day}–{i.To.ToString("dd.MM.yyyy", culture)}",
            PeriodStep.Month => culture.TextInfo.ToTitleCase(i.From.ToString("MMMM yyyy", culture)),
            PeriodStep.Quarter => l["Q{0} {1}", (i.From.Month - 1) / 3 + 1, i.From.Year],
            PeriodStep.Year => i.From.Year.ToString(CultureInfo.InvariantCulture),
            _ => l["Total"],
        };
    }

    /// <summary>
    /// The report's parameters in words, as the page and the PDF print them: period, currency, statuses, each restriction
    /// with its values' names, each custom-field restriction with the field's name in the user's language.
    /// </summary>
    public async Task<List<string>> ParametersAsync(ReportDefinition r, ReportTable table, CancellationToken ct)
    {
        var parameters = new List<string> { $"{l["Period"]}: {Period(table.Period)}" };
        if (table.CurrencyName is not null)
        {
            parameters.Add($"{l["Currency"]}: {table.CurrencyName}");
        }
        if (r.Statuses.Count > 0)
        {
            parameters.Add($"{l["Deal status"]}: {string.Join(", ", r.Statuses.Select(s => l["DealStatus." + s].Value))}");
        }
        foreach (var x in r.Restrictions)
        {
            var names = await NamesAsync(x.Dimension, x.Values, ct);
            parameters.Add($"{DimensionName(x.Dimension)} {(x.Exclude ? l["not in the list"] : l["in the list"])}: {string.Join(", ", x.Values.Select(v => Name(names, v)))}");
        }
        var fields = await lookup.CustomFieldsAsync(Domain.Clients.CustomFieldTarget.Company, ct);
        foreach (var f in r.CustomFields)
        {
            var name = fields.FirstOrDefault(x => x.Id == f.FieldId)?.Name ?? l["(field removed)"].Value;
            parameters.Add(FieldCondition(name, f));
        }
        return parameters;
    }

    /// <summary>"Segment equals key", "Turnover from 10 to 20", "Segment is empty", "Segment one of: a, b".</summary>
    public string FieldCondition(string field, CustomFieldRestriction f) => f.Condition switch
    {
        Domain.Reports.FieldCondition.Empty or Domain.Reports.FieldCondition.NotEmpty => $"{field} {l["Condition." + f.Condition]}",
        Domain.Reports.FieldCondition.OneOf => $"{field} {l["Condition.OneOf"]}: {string.Join(", ", ReportFieldConditions.ValuesOf(f))}",
        Domain.Reports.FieldCondition.Between => string.IsNullOrWhiteSpace(f.To) ? $"{field} {l["from"]} {f.Value}"
            : string.IsNullOrWhiteSpace(f.Value) ? $"{field} {l["to"]} {f.To}" : $"{field} {l["from"]} {f.Value} {l["to"]} {f.To}",
        _ => $"{field} {l["Condition." + f.Condition]} {f.Value}",
    };

    /// <summary>The user's full name (his sign-in name when the cache does not know him).</summary>
    public async Task<string> UserNameAsync(System.Security.Claims.ClaimsPrincipal user) =>
        (await lookup.DataAsync()).UserName(user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value) ?? user.Identity?.Name ?? "";

    public string Period(DateSpan p) =>
        $"{p.From.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)} – {p.To.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)}";
}
