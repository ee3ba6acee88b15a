using System.Globalization;
using System.Linq.Expressions;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Common;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Shared;

/// <summary>
/// Filter fields for the custom fields of one kind of record (companies, deals): "cf" + the definition's id, with the
/// operators of the field's type; each test is an EXISTS over the record's value rows, so it stays in the one query.
/// </summary>
public sealed class CustomFieldFilters(CrmDbContext db, ReferenceLookup lookup, IStringLocalizer<SharedResource> l)
{
    public const string Prefix = "cf";

    private static readonly FilterOp[] TextOps = FilterOps.Text;
    private static readonly FilterOp[] ListOps = FilterOps.Choice;
    private static readonly FilterOp[] OrderedOps = FilterOps.Ordered;

    public async Task<IReadOnlyList<FilterField<T>>> FieldsAsync<T>(CustomFieldTarget target) where T : Entity =>
        (await lookup.DefinitionsAsync(target)).Select(Field<T>).ToList();

    private FilterField<T> Field<T>(CustomFieldDefinition d) where T : Entity
    {
        var key = Prefix + d.Id.ToString(CultureInfo.InvariantCulture);
        var label = d.Name(FormText.Language);
        Expression<Func<T, bool>> Has(Expression<Func<CustomFieldValue, bool>> test) => HasValue<T>(d.Id, test);
        return d.Type switch
        {
            CustomFieldType.Text => new FilterField<T>(key, label, FilterFieldType.Text, TextOps,
                (op, values, _) => op == FilterOp.IsEmpty
                    ? PredicateBuilder.Not(Has(v => v.TextValue != null && v.TextValue != ""))
                    : Has(PredicateBuilder.On<CustomFieldValue, string?>(v => v.TextValue, PredicateBuilder.Text(op, values)))),
            CustomFieldType.List => new FilterField<T>(key, label, FilterFieldType.Choice, ListOps,
                (op, values, _) => op == FilterOp.IsEmpty
                    ? PredicateBuilder.Not(Has(v => v.TextValue != null && v.TextValue != ""))
                    : Has(PredicateBuilder.On<CustomFieldValue, string?>(v => v.TextValue,
                        PredicateBuilder.Text(op == FilterOp.Equals ? FilterOp.In : op, values))),
                _ => Task.FromResult<IReadOnlyList<FilterOption>>(d.OptionList.Select(o => new FilterOption(o, o)).ToList())),
            CustomFieldType.Number => new FilterField<T>(key, label, FilterFieldType.Number, OrderedOps,
                (op, values, _) => Ordered<T, decimal>(d.Id, op, values, v => v.NumberValue, s => Numbers.TryParseDecimal(s, out var x) ? x : null)),
            CustomFieldType.Date => new FilterField<T>(key, label, FilterFieldType.Date, OrderedOps,
                (op, values, _) => Ordered<T, DateOnly>(d.Id, op, values, v => v.DateValue, s => Numbers.TryParseDate(s, out var x) ? x : null)),
            CustomFieldType.YesNo => new FilterField<T>(key, label, FilterFieldType.YesNo, FilterOps.YesNo,
                (op, values, _) => op switch
                {
                    FilterOp.Equals => YesNo(values[0])
                        ? Has(v => v.BoolValue == true)
                        : PredicateBuilder.Not(Has(v => v.BoolValue == true)),
                    FilterOp.IsEmpty => PredicateBuilder.Not(Has(v => v.BoolValue != null)),
                    FilterOp.IsNotEmpty => Has(v => v.BoolValue != null),
                    _ => throw new FilterException(key),
                },
                _ => Task.FromResult<IReadOnlyList<FilterOption>>([new("true", l["Yes"]), new("false", l["No"])])),
            _ => throw new InvalidOperationException("Unknown custom field type"),
        };
    }

    /// <summary>"true", "1" or "yes" is yes; "false", "0" or "no" is no; anything else cannot be read.</summary>
    public static bool YesNo(string value) => value.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw new FilterException(),
    };

    private Expression<Func<T, bool>> Ordered<T, TValue>(int definitionId, FilterOp op, IReadOnlyList<string> values,
        Expression<Func<CustomFieldValue, TValue?>> selector, Func<string?, TValue?> parse) where T : Entity where TValue : struct, IComparable<TValue>
    {
        if (op == FilterOp.IsEmpty)
        {
            return PredicateBuilder.Not(HasValue<T>(definitionId, PredicateBuilder.On(selector, PredicateBuilder.Ordered<TValue>(FilterOp.IsNotEmpty, default, default))));
        }
        TValue a = default, b = default;
        if (FilterOps.NeedsValue(op))
        {
            a = parse(values.ElementAtOrDefault(0)) ?? throw new FilterException();
            b = op == FilterOp.Between ? parse(values.ElementAtOrDefault(1)) ?? throw new FilterException() : a;
        }
        return HasValue<T>(definitionId, PredicateBuilder.On(selector, PredicateBuilder.Ordered(op, a, b)));
    }

    /// <summary>record => a value row of this custom field exists for the record and passes the test.</summary>
    private Expression<Func<T, bool>> HasValue<T>(int definitionId, Expression<Func<CustomFieldValue, bool>> test) where T : Entity
    {
        var record = Expression.Parameter(typeof(T), "r");
        var value = test.Parameters[0];
        var match = Expression.AndAlso(
            Expression.AndAlso(
                Expression.Equal(Expression.Property(value, nameof(CustomFieldValue.DefinitionId)), Expression.Constant(definitionId)),
                Expression.Equal(Expression.Property(value, nameof(CustomFieldValue.EntityId)), Expression.Property(record, nameof(Entity.Id)))),
            test.Body);
        // The set is reached through a member of a constant, as a C# closure would capture it, so EF treats it as a query root.
        var values = Expression.Property(Expression.Constant(new ValueSource(db.CustomFieldValues)), nameof(ValueSource.Values));
        var any = Expression.Call(typeof(Queryable), nameof(Queryable.Any), [typeof(CustomFieldValue)],
            values, Expression.Quote(Expression.Lambda<Func<CustomFieldValue, bool>>(match, value)));
        return Expression.Lambda<Func<T, bool>>(any, record);
    }

    private sealed record ValueSource(IQueryable<CustomFieldValue> Values);
}
