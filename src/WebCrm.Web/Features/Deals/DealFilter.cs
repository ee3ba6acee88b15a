using System.Globalization;
using System.Linq.Expressions;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Localization;
using Microsoft.Extensions.Localization;
using Field = WebCrm.Web.Features.Shared.FilterField<WebCrm.Domain.Deals.Deal>;

namespace WebCrm.Web.Features.Deals;

/// <summary>
/// The condition builder of the deal list: its built-in fields (title, status, current stage, source, responsible,
/// start and end dates, amount, paid, debt, advance, an overdue stage — what were the list's fixed filters are conditions
/// here) and the deal's custom fields, as the company list has the company's, in AND/OR groups compiled into the list's
/// one query. Old addresses with the fixed filters' parameters are read into these conditions (<see cref="DealListLegacyFilters"/>).
/// </summary>
public sealed class DealFilter(CustomFieldFilters customFields, ReferenceLookup lookup, TimeProvider clock, IStringLocalizer<SharedResource> l)
{
    /// <summary>Numbers and dates: compared, "at least" / "at most" (what the old "from" and "to" boxes meant) and between, ends included.</summary>
    private static readonly FilterOp[] Ordered =
        [FilterOp.Equals, FilterOp.NotEquals, FilterOp.Less, FilterOp.Greater, FilterOp.AtLeast, FilterOp.AtMost, FilterOp.Between];

    private IEnumerable<Field> BuiltIn()
    {
        yield return new Field("title", l["Title"], FilterFieldType.Text, FilterOps.Text,
            (op, values, _) => PredicateBuilder.On<Deal, string?>(d => d.Title, PredicateBuilder.Text(op, values)));
        yield return new Field("status", l["Status"], FilterFieldType.Choice, [FilterOp.Equals, FilterOp.NotEquals, FilterOp.In, FilterOp.NotIn],
            (_, values, _) =>
            {
                var statuses = values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    .Select(v => Enum.TryParse<DealStatus>(v, true, out var s) && Enum.IsDefined(s) ? s : throw new FilterException("status")).ToList();
                return d => statuses.Contains(d.Status);
            },
            _ => Task.FromResult<IReadOnlyList<FilterOption>>(Enum.GetValues<DealStatus>().Select(s => new FilterOption(s.ToString(), l["DealStatus." + s])).ToList()));
        yield return Reference("stage", l["Current stage"], ReferenceListKind.DealStage, d => d.CurrentStageId);
        yield return Reference("source", l["Source"], ReferenceListKind.ClientSource, d => d.SourceId);
        yield return new Field("responsible", l["Responsible manager"], FilterFieldType.Choice, [FilterOp.Equals, FilterOp.NotEquals, FilterOp.In, FilterOp.NotIn],
            (_, values, _) =>
            {
                var ids = values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
                return d => ids.Contains(d.ResponsibleId);
            },
            async _ => (await lookup.UsersAsync()).Select(u => new FilterOption(u.Id, u.Name)).ToList());
        yield return DateField("start", l["Start date"], d => d.StartDate, Ordered);
        yield return DateField("end", l["End date"], d => d.EndDate, [.. Ordered, FilterOp.IsEmpty, FilterOp.IsNotEmpty]);
        // Money columns in the deal's own currency, as the list shows them.
        yield return MoneyField("amount", l["Amount"], d => d.LinesTotal);
        yield return MoneyField("paid", l["Paid"], d => d.PaidTotal);
        yield return MoneyField("debt", l["Debt"], d => d.Debt);
        yield return MoneyField("advance", l["Advance"], d => d.Advance);
        yield return new Field("overdue", l["Overdue stage"], FilterFieldType.YesNo, [FilterOp.Equals],
            (_, values, _) =>
            {
                // An open deal with a stage not completed past its planned end, as the list marks it (today in the app's time zone).
                var today = Numbers.Today(clock);
                Expression<Func<Deal, bool>> overdue = d => d.Status == DealStatus.Open && d.Stages.Any(s => s.CompletedOn == null && s.PlannedEnd < today);
                return CustomFieldFilters.YesNo(values[0]) ? overdue : PredicateBuilder.Not(overdue);
            },
            _ => Task.FromResult<IReadOnlyList<FilterOption>>([new("true", l["Yes"]), new("false", l["No"])]));
    }

    private static Field MoneyField(string key, string label, Expression<Func<Deal, decimal?>> selector) =>
        new(key, label, FilterFieldType.Number, Ordered, (op, values, _) =>
        {
            var a = Numbers.TryParseDecimal(values.ElementAtOrDefault(0), out var x) ? x : throw new FilterException(key);
            var b = op == FilterOp.Between ? Numbers.TryParseDecimal(values.ElementAtOrDefault(1), out var y) ? y : throw new FilterException(key) : a;
            return PredicateBuilder.On(selector, PredicateBuilder.Ordered(op, a, b));
        });

    private static Field DateField(string key, string label, Expression<Func<Deal, DateOnly?>> selector, IReadOnlyList<FilterOp> ops) =>
        new(key, label, FilterFieldType.Date, ops, (op, values, _) =>
        {
            if (!FilterOps.NeedsValue(op))
            {
                return PredicateBuilder.On(selector, PredicateBuilder.Ordered(op, default(DateOnly), default));
            }
            var a = Numbers.TryParseDate(values.ElementAtOrDefault(0), out var x) ? x : throw new FilterException(key);
            var b = op == FilterOp.Between ? Numbers.TryParseDate(values.ElementAtOrDefault(1), out var y) ? y : throw new FilterException(key) : a;
            return PredicateBuilder.On(selector, PredicateBuilder.Ordered(op, a, b));
        });

    private Field Reference(string key, string label, ReferenceListKind kind, Expression<Func<Deal, int?>> selector) =>
        new(key, label, FilterFieldType.Choice, FilterOps.Choice,
            (op, values, _) =>
            {
                var ids = op is FilterOp.Equals or FilterOp.In
                    ? values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        .Select(v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : throw new FilterException(key)).ToList()
                    : [];
                Expression<Func<int?, bool>> test = op switch
                {
                    FilterOp.Equals or FilterOp.In => v => v != null && ids.Contains(v.Value),
                    FilterOp.IsEmpty => v => v == null,
                    FilterOp.IsNotEmpty => v => v != null,
                    _ => throw new FilterException(key),
                };
                return PredicateBuilder.On(selector, test);
            },
            async _ => (await lookup.OptionsAsync(kind)).Select(o => new FilterOption(o.Id.ToString(CultureInfo.InvariantCulture), o.Name)).ToList());

    private async Task<IReadOnlyList<Field>> AllAsync() => BuiltIn().Concat(await customFields.FieldsAsync<Deal>(CustomFieldTarget.Deal)).ToList();

    public async Task<IReadOnlyList<FilterFieldInfo>> FieldsAsync(UserAccess user)
    {
        var result = new List<FilterFieldInfo>();
        foreach (var field in await AllAsync())
        {
            result.Add(await field.InfoAsync(user));
        }
        return result;
    }

    /// <summary>The whole condition builder as ONE Where on the query (the access service's visible deals).</summary>
    public async Task<FilterOutcome<Deal>> ApplyAsync(IQueryable<Deal> query, FilterSpec spec, UserAccess user)
    {
        if (!spec.HasConditions)
        {
            return new FilterOutcome<Deal>(query, [], false);
        }
        var fields = (await AllAsync()).ToDictionary(f => f.Key);
        return FilterOutcome<Deal>.Of(query, FilterCompiler.Compile(spec, k => fields.GetValueOrDefault(k), user));
    }
}
