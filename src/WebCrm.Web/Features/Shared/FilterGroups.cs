using System.Globalization;
using System.Linq.Expressions;
using WebCrm.Domain.Common;
using WebCrm.Domain.Security;

namespace WebCrm.Web.Features.Shared;

/// <summary>One group of the filter: its conditions (with their place in the URL's c[i] list) and how they combine.</summary>
public sealed record FilterGroupSpec(FilterJoin Join, IReadOnlyList<(int Index, FilterConditionInput Condition)> Conditions);

/// <summary>
/// The filter of a list as groups of conditions: c[i].f/o/v/g for the conditions, g[k]=and|or inside group k, j=and|or
/// between the groups. A filter without groups (as every filter saved before them) is one AND group: the old meaning.
/// </summary>
public sealed record FilterSpec(FilterJoin Join, IReadOnlyList<FilterGroupSpec> Groups)
{
    public const int MaxConditions = 50;
    public const int MaxGroups = 10;
    public const int MaxValueLength = 200;
    public const int MaxValues = 100;

    public static FilterJoin JoinOf(string? s) => string.Equals(s, "or", StringComparison.OrdinalIgnoreCase) ? FilterJoin.Or : FilterJoin.And;

    /// <summary>Whether any condition names a field (a filter of only blank rows filters nothing).</summary>
    public bool HasConditions => Groups.SelectMany(g => g.Conditions).Any(c => !string.IsNullOrEmpty(c.Condition.F));

    public static string Name(FilterJoin join) => join == FilterJoin.Or ? "or" : "and";

    /// <summary>Groups in the order of their numbers; a declared group without conditions is kept (just added in the builder).</summary>
    public static FilterSpec From(IReadOnlyList<FilterConditionInput> conditions, IReadOnlyList<string?> groupJoins, string? join)
    {
        var numbers = conditions.Select(c => Math.Max(0, c.G ?? 0)).Concat(Enumerable.Range(0, Math.Min(groupJoins.Count, MaxGroups)))
            .Distinct().Order().ToList();
        if (numbers.Count == 0)
        {
            numbers.Add(0);
        }
        var groups = numbers.Select(n => new FilterGroupSpec(
                JoinOf(groupJoins.ElementAtOrDefault(n)),
                conditions.Select((c, i) => (i, c)).Where(x => Math.Max(0, x.c.G ?? 0) == n).ToList()))
            .ToList();
        return new FilterSpec(JoinOf(join), groups);
    }

    /// <summary>The conditions with their group renumbered 0..n-1 (as the builder renders them), and the joins of the groups.</summary>
    public (List<FilterConditionInput> Conditions, List<string?> GroupJoins) Flatten()
    {
        var conditions = new List<FilterConditionInput>();
        for (var g = 0; g < Groups.Count; g++)
        {
            foreach (var (_, c) in Groups[g].Conditions)
            {
                conditions.Add(new FilterConditionInput { F = c.F, O = c.O, V = c.V, G = g });
            }
        }
        return (conditions, Groups.Select(g => (string?)Name(g.Join)).ToList());
    }

    /// <summary>
    /// A builder action of the form without JavaScript (the pressed button's fb value): "add-K" adds an empty condition
    /// to group K, "group" adds a group with one empty condition, "del-I" removes condition I, "delgroup-K" removes group K.
    /// </summary>
    public FilterSpec Edit(string? action)
    {
        var groups = Groups.Select(g => (g.Join, Conditions: g.Conditions.ToList())).ToList();
        var parts = (action ?? "").Split('-', 2);
        var number = parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
        var total = groups.Sum(g => g.Conditions.Count);
        switch (parts[0])
        {
            case "add" when number >= 0 && number < groups.Count && total < MaxConditions:
                groups[number].Conditions.Add((-1, new FilterConditionInput()));
                break;
            case "group" when groups.Count < MaxGroups && total < MaxConditions:
                groups.Add((FilterJoin.And, [(-1, new FilterConditionInput())]));
                break;
            case "del" when number >= 0:
                groups.ForEach(g => g.Conditions.RemoveAll(c => c.Item1 == number));
                break;
            case "delgroup" when number >= 0 && number < groups.Count:
                groups.RemoveAt(number);
                break;
        }
        if (groups.Count == 0)
        {
            groups.Add((FilterJoin.And, []));
        }
        var result = new FilterSpec(Join, groups.Select(g => new FilterGroupSpec(g.Join, g.Conditions)).ToList());
        var (conditions, joins) = result.Flatten();
        return From(conditions, joins, Name(Join));
    }
}

/// <summary>
/// One field a list can be filtered on: its label, type, operators, the test it builds for an allowed operator (for
/// NotEquals / NotIn it is asked for the positive test, which the compiler negates) and, for choices, its options.
/// </summary>
public sealed record FilterField<T>(
    string Key,
    string Label,
    FilterFieldType Type,
    IReadOnlyList<FilterOp> Ops,
    Func<FilterOp, IReadOnlyList<string>, UserAccess, Expression<Func<T, bool>>> Build,
    Func<UserAccess, Task<IReadOnlyList<FilterOption>>>? Options = null)
{
    public async Task<FilterFieldInfo> InfoAsync(UserAccess user) =>
        new(Key, Label, Type, Ops, Options is null ? [] : await Options(user));
}

/// <summary>Why a condition was left out, for the message next to it.</summary>
public enum FilterProblemKind
{
    UnknownField,
    UnknownOperator,
    MissingValue,
    BadValue,
    ValueTooLong,
}

public sealed record FilterProblem(int Index, string Field, FilterProblemKind Kind);

/// <summary>The compiled filter: one predicate for one Where (null when nothing applies), what was left out, and whether it was refused whole.</summary>
public sealed record CompiledFilter<T>(Expression<Func<T, bool>>? Predicate, IReadOnlyList<FilterProblem> Problems, bool TooLarge);

/// <summary>
/// Compiles the groups of conditions into ONE expression tree (AND/OR of the groups' AND/OR of the conditions), so the
/// list runs one database query with it on top of the access service's visible records. A condition that cannot be read
/// is left out and reported; a filter with more than <see cref="FilterSpec.MaxConditions"/> conditions is refused whole.
/// </summary>
public static class FilterCompiler
{
    public static CompiledFilter<T> Compile<T>(FilterSpec spec, Func<string, FilterField<T>?> field, UserAccess user)
    {
        var problems = new List<FilterProblem>();
        if (spec.Groups.Sum(g => g.Conditions.Count(c => !string.IsNullOrEmpty(c.Condition.F))) > FilterSpec.MaxConditions
            || spec.Groups.Count > FilterSpec.MaxGroups)
        {
            return new CompiledFilter<T>(null, problems, true);
        }
        var parameter = Expression.Parameter(typeof(T), "x");
        var groups = new List<Expression>();
        foreach (var group in spec.Groups)
        {
            var parts = new List<Expression>();
            foreach (var (index, condition) in group.Conditions.Where(c => !string.IsNullOrEmpty(c.Condition.F)))
            {
                if (Condition(index, condition, field, user, problems) is { } predicate)
                {
                    parts.Add(ExpressionRewriter.Replace(predicate.Body, predicate.Parameters[0], parameter));
                }
            }
            if (parts.Count > 0)
            {
                groups.Add(Combine(parts, group.Join));
            }
        }
        return new CompiledFilter<T>(
            groups.Count == 0 ? null : Expression.Lambda<Func<T, bool>>(Combine(groups, spec.Join), parameter), problems, false);
    }

    private static Expression Combine(List<Expression> parts, FilterJoin join) =>
        parts.Aggregate((a, b) => join == FilterJoin.Or ? Expression.OrElse(a, b) : Expression.AndAlso(a, b));

    private static Expression<Func<T, bool>>? Condition<T>(int index, FilterConditionInput condition, Func<string, FilterField<T>?> fields,
        UserAccess user, List<FilterProblem> problems)
    {
        var key = condition.F!;
        var values = condition.V.Where(v => v is not null).Select(v => v.Trim()).ToList();
        FilterProblem Problem(FilterProblemKind kind) => new(index, key, kind);
        if (fields(key) is not { } field)
        {
            problems.Add(Problem(FilterProblemKind.UnknownField));
            return null;
        }
        if (!Enum.TryParse<FilterOp>(condition.O, true, out var op) || !Enum.IsDefined(op) || !field.Ops.Contains(op))
        {
            problems.Add(Problem(FilterProblemKind.UnknownOperator));
            return null;
        }
        if (values.Count > FilterSpec.MaxValues || values.Any(v => v.Length > FilterSpec.MaxValueLength))
        {
            problems.Add(Problem(FilterProblemKind.ValueTooLong));
            return null;
        }
        if (FilterOps.NeedsValue(op) && values.All(v => v.Length == 0))
        {
            problems.Add(Problem(FilterProblemKind.MissingValue));
            return null;
        }
        try
        {
            return FilterOps.Complemented(op) is { } positive
                ? PredicateBuilder.Not(field.Build(positive, values, user))
                : field.Build(op, values, user);
        }
        catch (FilterException)
        {
            problems.Add(Problem(FilterProblemKind.BadValue));
            return null;
        }
    }
}

/// <summary>The filtered query and what the list says about the filter (conditions left out, or refused as too large).</summary>
public sealed record FilterOutcome<T>(IQueryable<T> Query, IReadOnlyList<FilterProblem> Problems, bool TooLarge)
{
    /// <summary>One Where with the compiled predicate; a refused filter finds nothing rather than everything.</summary>
    public static FilterOutcome<T> Of(IQueryable<T> query, CompiledFilter<T> compiled) =>
        compiled.TooLarge
            ? new FilterOutcome<T>(query.Where(_ => false), [], true)
            : new FilterOutcome<T>(compiled.Predicate is null ? query : query.Where(compiled.Predicate), compiled.Problems, false);
}
