using Microsoft.EntityFrameworkCore;
using System.Globalization;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Shared;

/// <summary>Reads custom field values from form text by their definition's type, and shows them back.</summary>
public static class CustomFieldValues
{
    public const int MaxTextLength = 4000;

    /// <summary>
    /// Parses the posted values of every active definition; errors go under "Custom[id]" so they show next to the
    /// field. A null value means "clear".
    /// </summary>
    public static Dictionary<int, CustomFieldValue?> Parse(IReadOnlyList<CustomFieldDefinition> definitions,
        IReadOnlyDictionary<int, string?> posted, Dictionary<string, string> errors, IStringLocalizer<SharedResource> l)
    {
        var result = new Dictionary<int, CustomFieldValue?>();
        foreach (var d in definitions)
        {
            var key = $"Custom[{d.Id.ToString(CultureInfo.InvariantCulture)}]";
            var text = posted.GetValueOrDefault(d.Id)?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                if (d.IsRequired)
                {
                    errors[key] = l["This field is required."];
                }
                result[d.Id] = null;
                continue;
            }
            var value = new CustomFieldValue();
            switch (d.Type)
            {
                case CustomFieldType.Text when text.Length > MaxTextLength:
                    errors[key] = l["At most {0} characters.", MaxTextLength];
                    break;
                case CustomFieldType.Text:
                    value.TextValue = text;
                    break;
                case CustomFieldType.Number when Numbers.TryParseDecimal(text, out var number) && Math.Abs(number) < 100_000_000_000_000m:
                    value.NumberValue = number;
                    break;
                case CustomFieldType.Number:
                    errors[key] = l["Enter a number."];
                    break;
                case CustomFieldType.Date when Numbers.TryParseDate(text, out var date):
                    value.DateValue = date;
                    break;
                case CustomFieldType.Date:
                    errors[key] = l["Enter a date."];
                    break;
                case CustomFieldType.YesNo when text is "true" or "false":
                    value.BoolValue = text == "true";
                    break;
                case CustomFieldType.List when d.OptionList.Contains(text):
                    value.TextValue = text;
                    break;
                default:
                    errors[key] = l["Choose a value from the list."];
                    break;
            }
            result[d.Id] = value;
        }
        return result;
    }

    public static string? ToText(CustomFieldValue v) =>
        v.TextValue
        ?? v.NumberValue?.ToString("0.####", CultureInfo.InvariantCulture)
        ?? v.DateValue?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        ?? (v.BoolValue is { } b ? (b ? "true" : "false") : null);

    public static string? Display(CustomFieldDefinition d, CustomFieldValue? v, IStringLocalizer<SharedResource> l) => v is null
        ? null
        : d.Type switch
        {
            CustomFieldType.Number => v.NumberValue?.ToString("#,0.####", CultureInfo.CurrentCulture),
            CustomFieldType.Date => v.DateValue?.ToString("d", CultureInfo.CurrentCulture),
            CustomFieldType.YesNo => v.BoolValue is { } b ? (b ? l["Yes"].Value : l["No"].Value) : null,
            _ => v.TextValue,
        };

    /// <summary>Stores parsed values of one record: adds, updates or removes its value rows.</summary>
    /// <summary>The active definitions of one record type, in the administrator's order.</summary>
    public static Task<List<CustomFieldDefinition>> DefinitionsAsync(CrmDbContext db, CustomFieldTarget target, CancellationToken ct) =>
        db.CustomFieldDefinitions.AsNoTracking().Where(d => d.Target == target && d.IsActive)
            .OrderBy(d => d.SortOrder).ThenBy(d => d.Id).ToListAsync(ct);

    public static Task<List<CustomFieldValue>> ValuesAsync(CrmDbContext db, CustomFieldTarget target, int entityId, bool tracked, CancellationToken ct)
    {
        var values = db.CustomFieldValues.Where(v => v.Target == target && v.EntityId == entityId);
        return (tracked ? values : values.AsNoTracking()).ToListAsync(ct);
    }

    /// <summary>Label and displayed value of every active definition, for a card.</summary>
    public static IReadOnlyList<CustomFieldDisplay> Displays(IReadOnlyList<CustomFieldDefinition> definitions, IReadOnlyList<CustomFieldValue> values,
        IStringLocalizer<SharedResource> l)
    {
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        return definitions.Select(d => new CustomFieldDisplay(d.Name(language), Display(d, values.FirstOrDefault(v => v.DefinitionId == d.Id), l))).ToList();
    }

    public static IReadOnlyList<CustomFieldEditor> Editors(IReadOnlyList<CustomFieldDefinition> definitions, IReadOnlyDictionary<int, string?> posted)
    {
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        return definitions.Select(d => new CustomFieldEditor(d, d.Name(language), posted.GetValueOrDefault(d.Id))).ToList();
    }

    public static void Save(CrmDbContext db, CustomFieldTarget target, int entityId,
        IReadOnlyDictionary<int, CustomFieldValue?> parsed, IReadOnlyList<CustomFieldValue> existing)
    {
        foreach (var (definitionId, value) in parsed)
        {
            var row = existing.FirstOrDefault(v => v.DefinitionId == definitionId);
            if (value is null)
            {
                if (row is not null)
                {
                    db.CustomFieldValues.Remove(row);
                }
                continue;
            }
            if (row is null)
            {
                row = new CustomFieldValue { DefinitionId = definitionId, Target = target, EntityId = entityId };
                db.CustomFieldValues.Add(row);
            }
            row.TextValue = value.TextValue;
            row.NumberValue = value.NumberValue;
            row.DateValue = value.DateValue;
            row.BoolValue = value.BoolValue;
        }
    }
}
