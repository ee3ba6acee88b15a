using System.Linq.Expressions;

namespace WebCrm.Domain.Common;

/// <summary>
/// Splices one expression into another (a parameter, or any node, replaced by another expression), so rules written
/// once as lambdas — visibility, filters, debt — compose into a single query EF translates to SQL.
/// </summary>
public static class ExpressionRewriter
{
    /// <summary>Returns <paramref name="expression"/> with every occurrence of <paramref name="from"/> replaced by <paramref name="to"/>.</summary>
    public static Expression Replace(Expression expression, Expression from, Expression to) => new Replacer(from, to).Visit(expression)!;

    /// <summary>(a, b) => f(a, b) with b replaced by value(a): a two-parameter shape bound to a computed second argument.</summary>
    public static Expression<Func<T, TResult>> Bind<T, TValue, TResult>(Expression<Func<T, TValue, TResult>> shape, Expression<Func<T, TValue>> value)
    {
        var first = shape.Parameters[0];
        var valueBody = Replace(value.Body, value.Parameters[0], first);
        return Expression.Lambda<Func<T, TResult>>(Replace(shape.Body, shape.Parameters[1], valueBody), first);
    }

    private sealed class Replacer(Expression from, Expression to) : ExpressionVisitor
    {
        public override Expression? Visit(Expression? node) => node == from ? to : base.Visit(node);
    }
}
