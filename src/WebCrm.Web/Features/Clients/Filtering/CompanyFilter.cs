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
using Field = WebCrm.Web.Features.Shared.FilterField<WebCrm.Domain.Clients.Company>;

namespace WebCrm.Web.Features.Clients.Filtering;

/// <summary>
/// Every field the company list can be filtered on. A new field (built-in or from a later module, such as
/// "has open deals") is one entry in <see cref="BuiltIn"/>; custom fields are added from their definitions.
/// </summary>
public sealed class CompanyFilter(CrmDbContext db, CompanyDealsService deals, CompanyContactDates contacts, ReferenceLookup lookup,
    CustomFieldFilters customFields, ContactPersonFilters contactPersons, IStringLocalizer<SharedResource> l)
{
    public const string CustomPrefix = CustomFieldFilters.Prefix;
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
        yield return new Field("responsible", l["Responsible manager"], FilterFieldType.Choice, [FilterOp.Equals, FilterOp.NotEquals, FilterOp.In, FilterOp.NotIn],
            (_, values, _) =>
            {
                var ids = Ids(values);
                return c => ids.Contains(c.ResponsibleId);
            },
            async _ => (await lookup.UsersAsync()).Select(u => new FilterOption(u.Id, u.Name)).ToList());
        yield return new Field("created", l["Created"], FilterFieldType.Date, FilterOps.Ordered.Where(o => FilterOps.NeedsValue(o)).ToList(),
            (op, values, _) => CreatedOn(op, values));
        yield return new Field("group", l["Group"], FilterFieldType.Choice, FilterOps.Choice, GroupCondition,
            GroupOptionsAsync);
        // Deals: both count only the deals the user may see (DealVisibility), so a filter reveals nothing the card hides.
        yield return new Field("openDeals", l["Has open deals"], FilterFieldType.YesNo, [FilterOp.Equals],
            (_, values, user) => CustomFieldFilters.YesNo(values[0])
                ? deals.HasOpenDeals(user)
                : PredicateBuilder.Not(deals.HasOpenDeals(user)),
            _ => Task.FromResult<IReadOnlyList<FilterOption>>([new("true", l["Yes"]), new("false", l["No"])]));
        // Total debt in the base currency at today's rates (CompanyDealsService.DebtInBaseAsync); 0 for a company without deals.
        yield return new Field("debt", l["Total debt"], FilterFieldType.Number, [FilterOp.Equals, FilterOp.NotEquals, FilterOp.Less, FilterOp.Greater, FilterOp.Between],
            (op, values, user) => DebtCondition(op, values, user));
        // Calendar: the latest done and the next planned activity with the company, among the activities the user may see.
        yield return ContactDateField("lastContact", l["Last contact date"], contacts.LastContact);
        yield return ContactDateField("nextContact", l["Next planned contact"], contacts.NextPlanned);
        // Contact persons: "the company has a contact person whose …" (the negative operators: "… none whose …").
        foreach (var field in contactPersons.Fields())
        {
            yield return field;
        }
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
    public async Task<IReadOnlyList<FilterFieldInfo>> FieldsAsync(UserAccess user)
    {
        var result = new List<FilterFieldInfo>();
        foreach (var field in BuiltIn().Concat(await CustomFieldsAsync()))
        {
            result.Add(await field.InfoAsync(user));
        }
        return result;
    }

    /// <summary>
    /// The group condition's choices: shared groups and the user's own, a personal one marked with a star. From the
    /// reference cache (the list's every page shows the builder), by the same visibility rule as <see cref="VisibleGroups"/>.
    /// </summary>
    private async Task<IReadOnlyList<FilterOption>> GroupOptionsAsync(UserAccess user) =>
        (await lookup.DataAsync()).CompanyGroups.Where(g => CompanyGroupVisibility.Instance.CanSee(g, user))
            .Select(g => (g.Id, Label: g.OwnerId == null ? g.Name : g.Name + " *"))
            .OrderBy(g => g.Label, StringComparer.Ordinal).ThenBy(g => g.Id)
            .Select(g => new FilterOption(g.Id.ToString(CultureInfo.InvariantCulture), g.Label)).ToList();

    /// <summary>
    /// Puts the whole filter (its groups of conditions, ANDed or ORed) onto the query as ONE Where; the query is the
    /// access service's visible companies, so visibility applies first. Reports the conditions that could not be read.
    /// </summary>
    public async Task<FilterOutcome<Company>> ApplyAsync(IQueryable<Company> query, FilterSpec spec, UserAccess user)
    {
        var keys = spec.Groups.SelectMany(g => g.Conditions).Select(c => c.Condition.F).Where(f => !string.IsNullOrEmpty(f)).ToList();
        if (keys.Count == 0)
        {
            return new FilterOutcome<Company>(query, [], false);
        }
        // The debt expression needs the base currency, read once here rather than as a subquery per deal.
        _debt = keys.Contains("debt") ? await deals.DebtInBaseAsync(user) : null;
        var fields = BuiltIn().ToDictionary(f => f.Key);
        if (keys.Any(k => k!.StartsWith(CustomPrefix, StringComparison.Ordinal)))
        {
            foreach (var f in await CustomFieldsAsync())
            {
                fields[f.Key] = f;
            }
        }
        return FilterOutcome<Company>.Of(query, FilterCompiler.Compile(spec, k => fields.GetValueOrDefault(k), user));
    }

    private Field ContactDateField(string key, string label, Func<UserAccess, Expression<Func<Company, DateTime?>>> date) =>
        new(key, label, FilterFieldType.Date, [FilterOp.Equals, FilterOp.Less, FilterOp.Greater, FilterOp.Between, FilterOp.IsEmpty, FilterOp.IsNotEmpty],
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

    private async Task<IEnumerable<Field>> CustomFieldsAsync() => await customFields.FieldsAsync<Company>(CustomFieldTarget.Company);
}
