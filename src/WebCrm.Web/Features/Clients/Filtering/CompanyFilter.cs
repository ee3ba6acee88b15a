using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.Web.Features.Calendar;
using WebCrm.Web.Features.Deals;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Clients.Filtering;

/// <summary>
/// Every field the company list can be filtered on. A new field (built-in or from a later module, such as
/// "has open deals") is one entry in <see cref="BuiltIn"/>; custom fields are added from their definitions.
/// </summary>
public sealed class CompanyFilter(CrmDbContext db, CompanyDealsService deals, CompanyContactDates contacts, ReferenceLookup lookup, IStringLocalizer<SharedResource> l)
{
    private sealed record Field(
        string Key,
        string Label,
        FilterFieldType Type,
        IReadOnlyList<FilterOp> Ops,
        Func<FilterOp, IReadOnlyList<string>, UserAccess, Expression<Func<Company, bool>>> Build,
        Func<UserAccess, Task<IReadOnlyList<FilterOption>>>? Options = null);

    public const string CustomPrefix = "cf";
    private IEnumerable<Field> BuiltIn()
    {
        yield return TextField("name", l["Company name"], c => c.Name);
        yield return TextField("legalName", l["Legal name"], c => c.LegalName);
        yield return TextField("inn", l["INN"], c => c.Inn);
        yield return TextField("city", l["City"], c => c.City);
        yield return TextField("phone", l["Phone"], c => c.Phone);
        yield return TextField("email", l["Email"], c => c.Email);
        yield return ReferenceField("type", l["Type"], ReferenceListKind.ClientType, c => c.TypeId);
        yield return ReferenceField("region", l["Region"], ReferenceListKind.Region, c => c.RegionId);
        yield return ReferenceField("industry", l["Industry"], ReferenceListKind.Industry, c => c.IndustryId);
        yield return ReferenceField("source", l["Source"], ReferenceListKind.ClientSource, c => c.SourceId);
        yield return new Field("responsible", l["Responsible manager"], FilterFieldType.Choice, [FilterOp.Equals, FilterOp.In],
            (_, values, _) =>
            {
                var ids = Ids(values);
                return c => ids.Contains(c.ResponsibleId);
            },
            async _ => (await lookup.UsersAsync()).Select(u => new FilterOption(u.Id, u.Name)).ToList());
        yield return new Field("created", l["Created"], FilterFieldType.Date, FilterOps.Ordered.Where(o => FilterOps.NeedsValue(o)).ToList(),
            (op, values, _) => CreatedOn(op, values));
        yield return new Field("group", l["Group"], FilterFieldType.Choice, FilterOps.Choice, GroupCondition,
            async user => await VisibleGroups(user).OrderBy(g => g.Name)
                .Select(g => new FilterOption(g.Id.ToString(CultureInfo.InvariantCulture), g.OwnerId == null ? g.Name : g.Name + " *")).ToListAsync());
        // Deals: both count only the deals the user may see (DealVisibility), so a filter reveals nothing the card hides.
        yield return new Field("openDeals", l["Has open deals"], FilterFieldType.YesNo, [FilterOp.Equals],
            (_, values, user) => values[0] is "true" or "1" or "yes"
                ? deals.HasOpenDeals(user)
                : PredicateBuilder.Not(deals.HasOpenDeals(user)),
            _ => Task.FromResult<IReadOnlyList<FilterOption>>([new("true", l["Yes"]), new("false", l["No"])]));
        // Total debt in the base currency at today's rates (CompanyDealsService.DebtInBaseAsync); 0 for a company without deals.
        yield return new Field("debt", l["Total debt"], FilterFieldType.Number, [FilterOp.Equals, FilterOp.Less, FilterOp.Greater, FilterOp.Between],
            (op, values, user) => DebtCondition(op, values, user));
        // Calendar: the latest done and the next planned activity with the company, among the activities the user may see.
        yield return ContactDateField("lastContact", l["Last contact date"], contacts.LastContact);
        yield return ContactDateField("nextContact", l["Next planned contact"], contacts.NextPlanned);
    }

    private Expression<Func<Company, decimal?>>? _debt;

    private Expression<Func<Company, bool>> DebtCondition(FilterOp op, IReadOnlyList<string> values, UserAccess user)
    {
        if (!Numbers.TryParseDecimal(values.ElementAtOrDefault(0), out var a))
        {
            throw new FilterException("debt");
        }
        var b = a;
        if (op == FilterOp.Between && !Numbers.TryParseDecimal(values.ElementAtOrDefault(1), out b))
        {
            throw new FilterException("debt");
        }
        return PredicateBuilder.On(_debt ?? throw new FilterException("debt"), PredicateBuilder.Ordered(op, a, b));
    }

    /// <summary>The fields with their labels, operators and options, for the filter builder on the list page.</summary>
    /// <param name="groups">The group condition's choices when the caller has read them already (the list reads them with its saved filters).</param>
    public async Task<IReadOnlyList<FilterFieldInfo>> FieldsAsync(UserAccess user, IReadOnlyList<FilterOption>? groups = null)
    {
        var result = new List<FilterFieldInfo>();
        foreach (var field in BuiltIn().Concat(await CustomFieldsAsync()))
        {
            var options = field.Key == "group" && groups is not null ? groups : field.Options is null ? [] : await field.Options(user);
            result.Add(new FilterFieldInfo(field.Key, field.Label, field.Type, field.Ops, options));
        }
        return result;
    }

    /// <summary>ANDs every complete condition onto the query; returns the ones that could not be read.</summary>
    public async Task<(IQueryable<Company> Query, IReadOnlyList<string> Invalid)> ApplyAsync(
        IQueryable<Company> query, IEnumerable<FilterConditionInput> conditions, UserAccess user)
    {
        var invalid = new List<string>();
        var list = conditions.Where(c => !string.IsNullOrEmpty(c.F)).ToList();
        if (list.Count == 0)
        {
            return (query, invalid);
        }
        // The debt expression needs the base currency, read once here rather than as a subquery per deal.
        _debt = list.Any(c => c.F == "debt") ? await deals.DebtInBaseAsync(user) : null;
        var fields = BuiltIn().ToDictionary(f => f.Key);
        if (list.Any(c => c.F!.StartsWith(CustomPrefix, StringComparison.Ordinal)))
        {
            foreach (var f in await CustomFieldsAsync())
            {
                fields[f.Key] = f;
            }
        }
        foreach (var condition in list)
        {
            var values = condition.V.Where(v => v is not null).Select(v => v.Trim()).ToList();
            if (!fields.TryGetValue(condition.F!, out var field) || !Enum.TryParse<FilterOp>(condition.O, true, out var op)
                || !field.Ops.Contains(op) || (FilterOps.NeedsValue(op) && values.All(v => v.Length == 0)))
            {
                invalid.Add(condition.F!);
                continue;
            }
            try
            {
                query = query.Where(field.Build(op, values, user));
            }
            catch (FilterException)
            {
                invalid.Add(condition.F!);
            }
        }
        return (query, invalid);
    }

    private Field ContactDateField(string key, string label, Func<UserAccess, Expression<Func<Company, DateTime?>>> date) =>
        new(key, label, FilterFieldType.Date, [FilterOp.Equals, FilterOp.Less, FilterOp.Greater, FilterOp.Between, FilterOp.IsEmpty],
            (op, values, user) => contacts.Condition(date(user), op, values));

    private static Field TextField(string key, string label, Expression<Func<Company, string?>> selector) =>
        new(key, label, FilterFieldType.Text, FilterOps.Text, (op, values, _) => PredicateBuilder.On(selector, PredicateBuilder.Text(op, values)));

    private Field ReferenceField(string key, string label, ReferenceListKind kind, Expression<Func<Company, int?>> selector) =>
        new(key, label, FilterFieldType.Choice, FilterOps.Choice,
            (op, values, _) => PredicateBuilder.On(selector, IdTest(op, values)),
            async _ => (await ReferenceOptionsAsync())[kind].ToList());

    private static readonly ReferenceListKind[] FilteredKinds =
        [ReferenceListKind.ClientType, ReferenceListKind.Region, ReferenceListKind.Industry, ReferenceListKind.ClientSource];

    private Task<ILookup<ReferenceListKind, FilterOption>>? _referenceOptions;

    /// <summary>The options of every reference-list field, from the reference cache.</summary>
    private Task<ILookup<ReferenceListKind, FilterOption>> ReferenceOptionsAsync() => _referenceOptions ??= LoadReferenceOptionsAsync();

    private async Task<ILookup<ReferenceListKind, FilterOption>> LoadReferenceOptionsAsync()
    {
        var ru = FormText.Language == "ru";
        return (await lookup.DataAsync()).Items.Where(r => FilteredKinds.Contains(r.Kind))
            .ToLookup(r => r.Kind, r => new FilterOption(r.Id.ToString(CultureInfo.InvariantCulture), ru ? r.NameRu : r.NameEn));
    }

    private static Expression<Func<int?, bool>> IdTest(FilterOp op, IReadOnlyList<string> values)
    {
        var ids = IntIds(values);
        return op switch
        {
            FilterOp.Equals or FilterOp.In => v => v != null && ids.Contains(v.Value),
            FilterOp.IsEmpty => v => v == null,
            FilterOp.IsNotEmpty => v => v != null,
            _ => throw new FilterException(),
        };
    }

    private static List<int> IntIds(IReadOnlyList<string> values)
    {
        var ids = values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : (int?)null).ToList();
        if (ids.Any(i => i is null))
        {
            throw new FilterException();
        }
        return ids.Select(i => i!.Value).ToList();
    }

    private static List<string> Ids(IReadOnlyList<string> values) =>
        values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

    private static Expression<Func<Company, bool>> CreatedOn(FilterOp op, IReadOnlyList<string> values)
    {
        if (!Numbers.TryParseDate(values.ElementAtOrDefault(0), out var a))
        {
            throw new FilterException("created");
        }
        var b = a;
        if (op == FilterOp.Between && !Numbers.TryParseDate(values.ElementAtOrDefault(1), out b))
        {
            throw new FilterException("created");
        }
        var from = a.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var toExclusive = b.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var dayAfterA = a.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        return op switch
        {
            FilterOp.Equals => c => c.CreatedAtUtc >= from && c.CreatedAtUtc < dayAfterA,
            FilterOp.Less => c => c.CreatedAtUtc < from,
            FilterOp.Greater => c => c.CreatedAtUtc >= dayAfterA,
            FilterOp.Between => c => c.CreatedAtUtc >= from && c.CreatedAtUtc < toExclusive,
            _ => throw new FilterException("created"),
        };
    }

    /// <summary>Shared groups and the user's own personal groups; nobody else's personal groups (<see cref="CompanyGroupVisibility"/>).</summary>
    private IQueryable<CompanyGroup> VisibleGroups(UserAccess user) =>
        CompanyGroupVisibility.Instance.Apply(db.CompanyGroups.AsNoTracking(), user);

    private Expression<Func<Company, bool>> GroupCondition(FilterOp op, IReadOnlyList<string> values, UserAccess user)
    {
        var visible = VisibleGroups(user).Select(g => g.Id);
        var ids = op is FilterOp.Equals or FilterOp.In ? IntIds(values) : [];
        return op switch
        {
            FilterOp.Equals or FilterOp.In => c => c.Groups.Any(m => ids.Contains(m.GroupId) && visible.Contains(m.GroupId)),
            FilterOp.IsEmpty => c => !c.Groups.Any(m => visible.Contains(m.GroupId)),
            FilterOp.IsNotEmpty => c => c.Groups.Any(m => visible.Contains(m.GroupId)),
            _ => throw new FilterException("group"),
        };
    }

    private async Task<IEnumerable<Field>> CustomFieldsAsync() =>
        (await lookup.DefinitionsAsync(CustomFieldTarget.Company)).Select(CustomField);

    private Field CustomField(CustomFieldDefinition d)
    {
        var key = CustomPrefix + d.Id.ToString(CultureInfo.InvariantCulture);
        var label = d.Name(FormText.Language);
        return d.Type switch
        {
            CustomFieldType.Text => new Field(key, label, FilterFieldType.Text, FilterOps.Text,
                (op, values, _) => op == FilterOp.IsEmpty
                    ? PredicateBuilder.Not(HasValue(d.Id, v => v.TextValue != null && v.TextValue != ""))
                    : HasValue(d.Id, PredicateBuilder.On<CustomFieldValue, string?>(v => v.TextValue, PredicateBuilder.Text(op, values)))),
            CustomFieldType.List => new Field(key, label, FilterFieldType.Choice, FilterOps.Choice,
                (op, values, _) => op == FilterOp.IsEmpty
                    ? PredicateBuilder.Not(HasValue(d.Id, v => v.TextValue != null && v.TextValue != ""))
                    : HasValue(d.Id, PredicateBuilder.On<CustomFieldValue, string?>(v => v.TextValue,
                        PredicateBuilder.Text(op == FilterOp.Equals ? FilterOp.In : op, values))),
                _ => Task.FromResult<IReadOnlyList<FilterOption>>(d.OptionList.Select(o => new FilterOption(o, o)).ToList())),
            CustomFieldType.Number => new Field(key, label, FilterFieldType.Number, FilterOps.Ordered,
                (op, values, _) => Ordered(d.Id, op, values, v => v.NumberValue, s => Numbers.TryParseDecimal(s, out var x) ? x : null)),
            CustomFieldType.Date => new Field(key, label, FilterFieldType.Date, FilterOps.Ordered,
                (op, values, _) => Ordered(d.Id, op, values, v => v.DateValue, s => Numbers.TryParseDate(s, out var x) ? x : null)),
            CustomFieldType.YesNo => new Field(key, label, FilterFieldType.YesNo, FilterOps.YesNo,
                (op, values, _) => op switch
                {
                    FilterOp.Equals => values[0] is "true" or "1" or "yes"
                        ? HasValue(d.Id, v => v.BoolValue == true)
                        : PredicateBuilder.Not(HasValue(d.Id, v => v.BoolValue == true)),
                    FilterOp.IsEmpty => PredicateBuilder.Not(HasValue(d.Id, v => v.BoolValue != null)),
                    FilterOp.IsNotEmpty => HasValue(d.Id, v => v.BoolValue != null),
                    _ => throw new FilterException(key),
                },
                _ => Task.FromResult<IReadOnlyList<FilterOption>>([new("true", l["Yes"]), new("false", l["No"])])),
            _ => throw new InvalidOperationException("Unknown custom field type"),
        };
    }

    private Expression<Func<Company, bool>> Ordered<TValue>(int definitionId, FilterOp op, IReadOnlyList<string> values,
        Expression<Func<CustomFieldValue, TValue?>> selector, Func<string?, TValue?> parse) where TValue : struct, IComparable<TValue>
    {
        if (op == FilterOp.IsEmpty)
        {
            return PredicateBuilder.Not(HasValue(definitionId, PredicateBuilder.On(selector, PredicateBuilder.Ordered<TValue>(FilterOp.IsNotEmpty, default, default))));
        }
        TValue a = default, b = default;
        if (FilterOps.NeedsValue(op))
        {
            a = parse(values.ElementAtOrDefault(0)) ?? throw new FilterException();
            b = op == FilterOp.Between ? parse(values.ElementAtOrDefault(1)) ?? throw new FilterException() : a;
        }
        return HasValue(definitionId, PredicateBuilder.On(selector, PredicateBuilder.Ordered(op, a, b)));
    }

    /// <summary>company => a value row of this custom field exists for the company and passes the test.</summary>
    private Expression<Func<Company, bool>> HasValue(int definitionId, Expression<Func<CustomFieldValue, bool>> test)
    {
        var company = Expression.Parameter(typeof(Company), "c");
        var value = test.Parameters[0];
        var match = Expression.AndAlso(
            Expression.AndAlso(
                Expression.Equal(Expression.Property(value, nameof(CustomFieldValue.DefinitionId)), Expression.Constant(definitionId)),
                Expression.Equal(Expression.Property(value, nameof(CustomFieldValue.EntityId)), Expression.Property(company, nameof(Company.Id)))),
            test.Body);
        // The set is reached through a member of a constant, as a C# closure would capture it, so EF treats it as a query root.
        var values = Expression.Property(Expression.Constant(new ValueSource(db.CustomFieldValues)), nameof(ValueSource.Values));
        var any = Expression.Call(typeof(Queryable), nameof(Queryable.Any), [typeof(CustomFieldValue)],
            values, Expression.Quote(Expression.Lambda<Func<CustomFieldValue, bool>>(match, value)));
        return Expression.Lambda<Func<Company, bool>>(any, company);
    }

    private sealed record ValueSource(IQueryable<CustomFieldValue> Values);
}
