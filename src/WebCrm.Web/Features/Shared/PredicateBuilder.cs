using System.Linq.Expressions;
using WebCrm.Domain.Common;

namespace WebCrm.Web.Features.Shared;

/// <summary>
/// Builds filter predicates as expression trees from a field selector and a value test, so EF translates them
/// to parameterised SQL; no SQL text is ever made from user input.
/// </summary>
public static class PredicateBuilder
{
    /// <summary>record => test(selector(record))</summary>
    public static Expression<Func<T, bool>> On<T, TValue>(Expression<Func<T, TValue>> selector, Expression<Func<TValue, bool>> test)
    {
        var body = ExpressionRewriter.Replace(test.Body, test.Parameters[0], selector.Body);
        return Expression.Lambda<Func<T, bool>>(body, selector.Parameters[0]);
    }

    public static Expression<Func<T, bool>> Not<T>(Expression<Func<T, bool>> e) =>
        Expression.Lambda<Func<T, bool>>(Expression.Not(e.Body), e.Parameters);

    public static Expression<Func<string?, bool>> Text(FilterOp op, IReadOnlyList<string> values)
    {
        var first = values.Count > 0 ? values[0].Trim().ToLowerInvariant() : "";
        // "In list" takes several values or one comma-separated value, as typed into a single box.
        var all = values.SelectMany(v => v.Split(',')).Select(v => v.Trim().ToLowerInvariant()).Where(v => v.Length > 0).ToList();
        return op switch
        {
            FilterOp.Contains => s => s != null && s.ToLower().Contains(first),
            FilterOp.Equals => s => s != null && s.ToLower() == first,
            FilterOp.StartsWith => s => s != null && s.ToLower().StartsWith(first),
            FilterOp.In => s => s != null && all.Contains(s.ToLower()),
            FilterOp.IsEmpty => s => s == null || s == "",
            FilterOp.IsNotEmpty => s => s != null && s != "",
            _ => throw new FilterException(),
        };
    }

    public static Expression<Func<TValue?, bool>> Ordered<TValue>(FilterOp op, TValue a, TValue b) where TValue : struct, IComparable<TValue> =>
        op switch
        {
            // Comparison operators on nullable structs are lifted by the expression API exactly as C# lifts them.
            FilterOp.Equals => Lifted<TValue>(ExpressionType.Equal, a),
            FilterOp.Less => Lifted<TValue>(ExpressionType.LessThan, a),
            FilterOp.Greater => Lifted<TValue>(ExpressionType.GreaterThan, a),
            FilterOp.AtLeast => Lifted<TValue>(ExpressionType.GreaterThanOrEqual, a),
            FilterOp.AtMost => Lifted<TValue>(ExpressionType.LessThanOrEqual, a),
            FilterOp.Between => And(Lifted<TValue>(ExpressionType.GreaterThanOrEqual, a), Lifted<TValue>(ExpressionType.LessThanOrEqual, b)),
            FilterOp.IsEmpty => v => v == null,
            FilterOp.IsNotEmpty => v => v != null,
            _ => throw new FilterException(),
        };

    private static Expression<Func<TValue?, bool>> Lifted<TValue>(ExpressionType type, TValue constant) where TValue : struct
    {
        var p = Expression.Parameter(typeof(TValue?), "v");
        var holder = Expression.Property(Expression.Constant(new Box<TValue?>(constant)), nameof(Box<TValue?>.Value));
        return Expression.Lambda<Func<TValue?, bool>>(Expression.MakeBinary(type, p, holder), p);
    }

    private static Expression<Func<TValue, bool>> And<TValue>(Expression<Func<TValue, bool>> a, Expression<Func<TValue, bool>> b)
    {
        var body = ExpressionRewriter.Replace(b.Body, b.Parameters[0], a.Parameters[0]);
        return Expression.Lambda<Func<TValue, bool>>(Expression.AndAlso(a.Body, body), a.Parameters[0]);
    }

    /// <summary>Keeps values as query parameters rather than constants baked into the SQL text.</summary>
    private sealed record Box<TValue>(TValue Value);
}

/// <summary>A condition that cannot be applied (unknown field or operator, unreadable value).</summary>
public sealed class FilterException(string? field = null) : Exception("Invalid filter condition")
{
    public string? Field { get; } = field;
}
