using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;

namespace WebCrm.Data;

/// <summary>
/// A capped count — <c>query.OrderBy(key).Take(cap + 1).Count()</c>, the lists' "1,000 or more" — is sent without the
/// ORDER BY inside it: <c>SELECT count(*) FROM (SELECT … LIMIT @cap) AS t</c>. How many rows the first <c>cap</c> rows
/// of a query are does not depend on their order, so the result is the same; but with the order the database has to
/// find every match and sort it (or walk the key's index until it has passed <c>cap</c> matches: 72,000 rows for
/// 1,001 companies whose name contains "техно" among a million), and without it the database stops at the
/// <c>cap</c>-th match it finds, e.g. through a trigram index. The LINQ keeps its <c>OrderBy</c>, so the warning that
/// a <c>Take</c> has no order (which Development turns into an error) still guards every page.
/// </summary>
/// <remarks>
/// Only this shape is changed: a select whose single column is <c>COUNT(*)</c> over one subquery, with no WHERE,
/// GROUP BY, DISTINCT, LIMIT or OFFSET of its own (any of those could make the count depend on which rows the
/// subquery returned), and a subquery that has a LIMIT and orderings. Everything else goes to SQL as EF wrote it.
/// </remarks>
public static class CappedCounts
{
    /// <summary>Puts the rewrite after the provider's own query post-processing (SQLite or PostgreSQL).</summary>
    public static DbContextOptionsBuilder WithUnorderedCappedCounts<TProviderFactory>(this DbContextOptionsBuilder options)
        where TProviderFactory : class, IQueryTranslationPostprocessorFactory =>
        options.ReplaceService<IQueryTranslationPostprocessorFactory, Factory<TProviderFactory>>();

    /// <summary>The provider's factory, created with the same dependencies, and the rewrite after what it produces.</summary>
    public sealed class Factory<TProviderFactory>(
        QueryTranslationPostprocessorDependencies dependencies, RelationalQueryTranslationPostprocessorDependencies relationalDependencies)
        : IQueryTranslationPostprocessorFactory
        where TProviderFactory : class, IQueryTranslationPostprocessorFactory
    {
        private readonly IQueryTranslationPostprocessorFactory provider =
            (IQueryTranslationPostprocessorFactory)Activator.CreateInstance(typeof(TProviderFactory), dependencies, relationalDependencies)!;

        public QueryTranslationPostprocessor Create(QueryCompilationContext queryCompilationContext) =>
            new Postprocessor(dependencies, queryCompilationContext, provider.Create(queryCompilationContext));
    }

    private sealed class Postprocessor(QueryTranslationPostprocessorDependencies dependencies, QueryCompilationContext context, QueryTranslationPostprocessor provider)
        : QueryTranslationPostprocessor(dependencies, context)
    {
        public override Expression Process(Expression query)
        {
            var processed = provider.Process(query);
            return processed is ShapedQueryExpression shaped
                ? shaped.UpdateQueryExpression(new Rewriter().Visit(shaped.QueryExpression))
                : processed;
        }
    }

    /// <summary>Finds the capped-count shape anywhere in the SQL tree (a top-level count, or a count column of a page).</summary>
    internal sealed class Rewriter : ExpressionVisitor
    {
        protected override Expression VisitExtension(Expression node)
        {
            var visited = base.VisitExtension(node);
            return visited is SelectExpression select && IsCountOfOneSubquery(select, out var inner)
                && inner.Limit is not null && inner.Orderings.Count > 0
                ? select.Update([WithoutOrder(inner)], select.Predicate, select.GroupBy, select.Having, select.Projection, select.Orderings,
                    select.Offset, select.Limit)
                : visited;
        }

        private static bool IsCountOfOneSubquery(SelectExpression select, out SelectExpression inner)
        {
            inner = null!;
            if (select.Tables is not [SelectExpression subquery] || select.Projection is not [var column]
                || select.Predicate is not null || select.GroupBy.Count > 0 || select.Having is not null || select.IsDistinct
                || select.Limit is not null || select.Offset is not null)
            {
                return false;
            }
            var expression = column.Expression is SqlUnaryExpression { OperatorType: ExpressionType.Convert } convert ? convert.Operand : column.Expression;
            if (expression is not SqlFunctionExpression { Arguments: [SqlFragmentExpression { Sql: "*" }] } count
                || !string.Equals(count.Name, "COUNT", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
            inner = subquery;
            return true;
        }

        private static SelectExpression WithoutOrder(SelectExpression s) =>
            s.Update(s.Tables, s.Predicate, s.GroupBy, s.Having, s.Projection, [], s.Offset, s.Limit);
    }
}
