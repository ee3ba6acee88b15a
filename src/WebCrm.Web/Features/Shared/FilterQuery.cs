using System.Globalization;

namespace WebCrm.Web.Features.Shared;

/// <summary>The filter part of a list's query string: conditions c[i], group joins g[k], the join between groups j, a builder action fb.</summary>
public interface IFilterQuery
{
    List<FilterConditionInput> C { get; set; }
    List<string?> G { get; set; }
    string? J { get; set; }
    /// <summary>The builder button pressed in the form without JavaScript (see <see cref="FilterSpec.Edit"/>).</summary>
    string? Fb { get; set; }
}

public static class FilterQueries
{
    public static FilterSpec Spec(this IFilterQuery q) => FilterSpec.From(q.C, q.G, q.J);

    /// <summary>Carries out the pressed builder button and renumbers the groups; the query then says what the builder shows.</summary>
    public static FilterSpec ApplyBuilderAction(this IFilterQuery q)
    {
        var spec = q.Spec().Edit(q.Fb);
        (q.C, q.G) = spec.Flatten();
        q.Fb = null;
        return spec;
    }

    /// <summary>The filter as URL parameters (for sort and page links, export and saving); empty conditions are left out.</summary>
    public static void AppendTo(this IFilterQuery q, Action<string, string?> add)
    {
        var spec = q.Spec();
        var i = 0;
        var anyOr = spec.Join == FilterJoin.Or || spec.Groups.Any(g => g.Join == FilterJoin.Or);
        for (var g = 0; g < spec.Groups.Count; g++)
        {
            foreach (var (_, c) in spec.Groups[g].Conditions.Where(c => !string.IsNullOrEmpty(c.Condition.F)))
            {
                var prefix = $"c[{i.ToString(CultureInfo.InvariantCulture)}].";
                add(prefix + "f", c.F);
                add(prefix + "o", c.O);
                foreach (var v in c.V)
                {
                    add(prefix + "v", v);
                }
                if (g > 0)
                {
                    add(prefix + "g", g.ToString(CultureInfo.InvariantCulture));
                }
                i++;
            }
        }
        if (anyOr)
        {
            for (var g = 0; g < spec.Groups.Count; g++)
            {
                add($"g[{g.ToString(CultureInfo.InvariantCulture)}]", FilterSpec.Name(spec.Groups[g].Join));
            }
            add("j", FilterSpec.Name(spec.Join));
        }
    }
}

/// <summary>What the filter builder partial needs: where the form goes, the groups, the fields and what went wrong.</summary>
public sealed record FilterBuilderModel(string BuilderUrl, FilterSpec Spec, IReadOnlyList<FilterFieldInfo> Fields,
    IReadOnlyList<FilterProblem> Problems, bool TooLarge);

/// <summary>The value box(es) of one condition: none, one, two (between) or a list, by the field's type and operator.</summary>
public sealed record FilterValueModel(string Index, FilterFieldInfo Field, FilterOp Op, IReadOnlyList<string> Values);
