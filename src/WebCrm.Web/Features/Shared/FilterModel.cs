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
}

public sealed record FilterOption(string Value, string Label);

/// <summary>What the filter builder offers for one field: its label, operators and, for choices, the options.</summary>
public sealed record FilterFieldInfo(string Key, string Label, FilterFieldType Type, IReadOnlyList<FilterOp> Ops, IReadOnlyList<FilterOption> Options);

public static class FilterOps
{
    public static readonly FilterOp[] Text = [FilterOp.Contains, FilterOp.Equals, FilterOp.StartsWith, FilterOp.IsEmpty, FilterOp.IsNotEmpty, FilterOp.In];
    public static readonly FilterOp[] Ordered = [FilterOp.Equals, FilterOp.Less, FilterOp.Greater, FilterOp.Between, FilterOp.IsEmpty, FilterOp.IsNotEmpty];
    public static readonly FilterOp[] Choice = [FilterOp.Equals, FilterOp.In, FilterOp.IsEmpty, FilterOp.IsNotEmpty];
    public static readonly FilterOp[] YesNo = [FilterOp.Equals, FilterOp.IsEmpty, FilterOp.IsNotEmpty];

    public static bool NeedsValue(FilterOp op) => op is not (FilterOp.IsEmpty or FilterOp.IsNotEmpty);


    public static bool TryParseDate(string? s, out DateOnly value) =>
        DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value)
        || DateOnly.TryParse(s, CultureInfo.CurrentCulture, DateTimeStyles.None, out value);
}
