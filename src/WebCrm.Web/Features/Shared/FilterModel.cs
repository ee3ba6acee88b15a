using System.Globalization;

namespace WebCrm.Web.Features.Shared;

public enum FilterOp
{
    Contains,
    Equals,
    StartsWith,
    Less,
    Greater,
    Between,
    IsEmpty,
    IsNotEmpty,
    In,
    // Appended (saved filters keep operator names, but keep the numbering stable all the same).
    NotEquals,
    NotIn,
    /// <summary>At least (≥): what a "from" box meant.</summary>
    AtLeast,
    /// <summary>At most (≤): what a "to" box meant.</summary>
    AtMost,
}

public enum FilterFieldType
{
    Text,
    Number,
    Date,
    Choice,
    YesNo,
}

/// <summary>One condition as it travels in the URL (c[0].f=city&amp;c[0].o=Equals&amp;c[0].v=Москва) and in saved filters.</summary>
public sealed class FilterConditionInput
{
    public string? F { get; set; }
    public string? O { get; set; }
    public List<string> V { get; set; } = [];
    /// <summary>The group the condition belongs to (c[0].g=1); absent in filters saved before groups, which means group 0.</summary>
    public int? G { get; set; }
}

/// <summary>How conditions inside a group, and groups with each other, combine.</summary>
public enum FilterJoin
{
    And,
    Or,
}

public sealed record FilterOption(string Value, string Label);

/// <summary>What the filter builder offers for one field: its label, operators and, for choices, the options.</summary>
public sealed record FilterFieldInfo(string Key, string Label, FilterFieldType Type, IReadOnlyList<FilterOp> Ops, IReadOnlyList<FilterOption> Options);

public static class FilterOps
{
    public static readonly FilterOp[] Text =
        [FilterOp.Contains, FilterOp.Equals, FilterOp.NotEquals, FilterOp.StartsWith, FilterOp.In, FilterOp.NotIn, FilterOp.IsEmpty, FilterOp.IsNotEmpty];
    public static readonly FilterOp[] Ordered =
        [FilterOp.Equals, FilterOp.NotEquals, FilterOp.Less, FilterOp.Greater, FilterOp.Between, FilterOp.IsEmpty, FilterOp.IsNotEmpty];
    public static readonly FilterOp[] Choice = [FilterOp.Equals, FilterOp.NotEquals, FilterOp.In, FilterOp.NotIn, FilterOp.IsEmpty, FilterOp.IsNotEmpty];
    public static readonly FilterOp[] YesNo = [FilterOp.Equals, FilterOp.IsEmpty, FilterOp.IsNotEmpty];

    public static bool NeedsValue(FilterOp op) => op is not (FilterOp.IsEmpty or FilterOp.IsNotEmpty);

    /// <summary>"Several values" operators: a multiple choice, or a comma-separated list in one box.</summary>
    public static bool TakesList(FilterOp op) => op is FilterOp.In or FilterOp.NotIn;

    /// <summary>
    /// The negative operators are the exact complement of their positive one (NOT equals, NOT in list), so a field
    /// builds only the positive test and every record the positive one does not find — empty values included — is found.
    /// </summary>
    public static FilterOp? Complemented(FilterOp op) => op switch
    {
        FilterOp.NotEquals => FilterOp.Equals,
        FilterOp.NotIn => FilterOp.In,
        _ => null,
    };


    public static bool TryParseDate(string? s, out DateOnly value) =>
        DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value)
        || DateOnly.TryParse(s, CultureInfo.CurrentCulture, DateTimeStyles.None, out value);
}
