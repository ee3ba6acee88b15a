using System.Globalization;
using System.Linq.Expressions;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reports;
using WebCrm.Web.Features.Shared;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Reports;

/// <summary>
/// Restrictions on company custom fields, by field type: equals, not equal, one of, contains (text), empty / not empty,
/// and ranges for numbers and dates. A condition is a test on the company's value row of the field; "not equal" and
/// "empty" keep the companies without a matching row (so a company without a value is "not equal" and "empty").
/// </summary>
public static class ReportFieldConditions
{
    /// <summary>The values of "one of": the chosen list values, and a text's values separated by ";".</summary>
    public static List<string> ValuesOf(CustomFieldRestriction f) =>
        (f.Values ?? []).Concat(f.Condition == FieldCondition.OneOf ? f.Value.Split(';') : [])
            .Select(v => v.Trim()).Where(v => v.Length > 0).Distinct().ToList();

    public static bool TryNumber(string? s, out decimal? value)
    {
        value = string.IsNullOrWhiteSpace(s) ? null : Numbers.Parse(s);
        return string.IsNullOrWhiteSpace(s) || value is not null;
    }

    public static bool TryDate(string? s, out DateOnly? value)
    {
        value = Numbers.TryParseDate(s?.Trim(), out var d) ? d : null;
        return string.IsNullOrWhiteSpace(s) || value is not null;
    }

    public static bool? YesNo(string? s) => s?.Trim().ToLowerInvariant() switch
    {
        "yes" or "да" or "true" or "1" => true,
        "no" or "нет" or "false" or "0" => false,
        _ => null,
    };

    /// <summary>Why a restriction cannot be applied to a field of this type (null when it can).</summary>
    public static string? Problem(CustomFieldRestriction f, CustomFieldType? type, IStringLocalizer<SharedResource> l)
    {
        if (type is not { } t)
        {
            return l["Choose a value from the list."];
        }
        if (!ReportRules.Conditions(t).Contains(f.Condition))
        {
            return l["This condition does not apply to this field."];
        }
        if (!ReportRules.NeedsValue(f.Condition))
        {
            return null;
        }
        if (f.Condition == FieldCondition.OneOf)
        {
            return ValuesOf(f).Count == 0 ? l["Enter at least one value."].Value : null;
        }
        if (f.Condition == FieldCondition.Between)
        {
            var ok = t == CustomFieldType.Number ? TryNumber(f.Value, out _) && TryNumber(f.To, out _) : TryDate(f.Value, out _) && TryDate(f.To, out _);
            return !ok ? l[t == CustomFieldType.Number ? "Enter a number." : "Enter a date."].Value
                : string.IsNullOrWhiteSpace(f.Value) && string.IsNullOrWhiteSpace(f.To) ? l["Enter at least one end of the range."].Value : null;
        }
        if (string.IsNullOrWhiteSpace(f.Value))
        {
            return l["Enter a value for the client field."];
        }
        return t switch
        {
            CustomFieldType.Number when !TryNumber(f.Value, out _) => l["Enter a number."].Value,
            CustomFieldType.Date when !TryDate(f.Value, out _) => l["Enter a date."].Value,
            CustomFieldType.YesNo when YesNo(f.Value) is null => l["Answer yes or no."].Value,
            _ => null,
        };
    }

    /// <summary>The deals whose company passes the restriction (the field's type decides which value column is compared).</summary>
    public static IQueryable<Deal> Apply(IQueryable<Deal> deals, CustomFieldRestriction f, CustomFieldType type, CrmDbContext db)
    {
        var id = f.FieldId;
        var rows = db.CustomFieldValues.Where(v => v.Target == CustomFieldTarget.Company && v.DefinitionId == id);
        var negate = f.Condition is FieldCondition.NotEquals or FieldCondition.Empty;
        var test = Test(f, type, f.Condition switch
        {
            FieldCondition.NotEquals => FieldCondition.Equals,
            FieldCondition.Empty => FieldCondition.NotEmpty,
            var c => c,
        });
        var matching = rows.Where(test);
        return negate
            ? deals.Where(d => !matching.Any(v => v.EntityId == d.CompanyId))
            : deals.Where(d => matching.Any(v => v.EntityId == d.CompanyId));
    }

    private static Expression<Func<CustomFieldValue, bool>> Test(CustomFieldRestriction f, CustomFieldType type, FieldCondition c)
    {
        var text = f.Value.Trim().ToLower(CultureInfo.InvariantCulture);
        switch (type)
        {
            case CustomFieldType.Number:
                TryNumber(f.Value, out var n);
                TryNumber(f.To, out var nTo);
                return c switch
                {
                    FieldCondition.NotEmpty => v => v.NumberValue != null,
                    FieldCondition.Between => v => v.NumberValue != null && (n == null || v.NumberValue >= n) && (nTo == null || v.NumberValue <= nTo),
                    _ => v => v.NumberValue != null && v.NumberValue == n,
                };
            case CustomFieldType.Date:
                TryDate(f.Value, out var d);
                TryDate(f.To, out var dTo);
                return c switch
                {
                    FieldCondition.NotEmpty => v => v.DateValue != null,
                    FieldCondition.Between => v => v.DateValue != null && (d == null || v.DateValue >= d) && (dTo == null || v.DateValue <= dTo),
                    _ => v => v.DateValue != null && v.DateValue == d,
                };
            case CustomFieldType.YesNo:
                var yes = YesNo(f.Value);
                return c == FieldCondition.NotEmpty ? v => v.BoolValue != null : v => v.BoolValue == yes;
            default:
                var values = ValuesOf(f).Select(x => x.ToLower(CultureInfo.InvariantCulture)).ToList();
                return c switch
                {
                    FieldCondition.NotEmpty => v => v.TextValue != null && v.TextValue != "",
                    FieldCondition.OneOf => v => v.TextValue != null && values.Contains(v.TextValue.ToLower()),
                    FieldCondition.Contains => v => v.TextValue != null && v.TextValue.ToLower().Contains(text),
                    _ => v => v.TextValue != null && v.TextValue.ToLower() == text,
                };
        }
    }
}
