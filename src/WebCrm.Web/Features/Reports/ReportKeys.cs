using System.Globalization;
using System.Linq.Expressions;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reports;

namespace WebCrm.Web.Features.Reports;

/// <summary>
/// The key of each dimension as a database expression: an id (reference value, product, company, status) or a text
/// (a user id, a city). Restrictions and the drill-down filter on the same expressions the report groups by, so a
/// cell, its restriction and its deal list always agree.
/// </summary>
public static class ReportKeys
{
    private static readonly Dictionary<Dimension, LambdaExpression> IntKeys = new()
    {
        [Dimension.Product] = (Expression<Func<DealLine, int?>>)(l => l.ProductId),
        [Dimension.ProductGroup] = (Expression<Func<DealLine, int?>>)(l => l.Product!.GroupId),
        [Dimension.Region] = (Expression<Func<Deal, int?>>)(d => d.Company!.RegionId),
        [Dimension.Client] = (Expression<Func<Deal, int?>>)(d => d.CompanyId),
        [Dimension.ClientType] = (Expression<Func<Deal, int?>>)(d => d.Company!.TypeId),
        [Dimension.Industry] = (Expression<Func<Deal, int?>>)(d => d.Company!.IndustryId),
        [Dimension.Source] = (Expression<Func<Deal, int?>>)(d => d.SourceId),
        [Dimension.CurrentStage] = (Expression<Func<Deal, int?>>)(d => d.CurrentStageId),
        [Dimension.LossReason] = (Expression<Func<Deal, int?>>)(d => d.LossReasonId),
        [Dimension.LossStage] = (Expression<Func<Deal, int?>>)(d => d.LostAtStageId),
        [Dimension.Status] = (Expression<Func<Deal, int?>>)(d => (int)d.Status),
    };

    private static readonly Dictionary<Dimension, Expression<Func<Deal, string?>>> TextKeys = new()
    {
        [Dimension.Salesperson] = d => d.ResponsibleId,
        [Dimension.City] = d => d.Company!.City,
    };

    /// <summary>The key expressions of a dimension: (id key, text key), one of them set; both null for none or stage responsible (joined separately).</summary>
    public static (LambdaExpression? Int, LambdaExpression? Text) Of(Dimension d) =>
        (IntKeys.GetValueOrDefault(d), TextKeys.GetValueOrDefault(d));

    public static bool IsText(Dimension d) => d is Dimension.Salesperson or Dimension.City or Dimension.StageResponsible;

    public static List<int> Ids(IEnumerable<string> values) =>
        values.Select(v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? (int?)id : null)
            .Where(v => v is not null).Select(v => v!.Value).Distinct().ToList();

    /// <summary>The key of a fact as text (an id in invariant digits); null for "not set".</summary>
    public static string? Text(int? i, string? s) => i?.ToString(CultureInfo.InvariantCulture) ?? s;

    /// <summary>
    /// Narrows the deals by the report's deal-level restrictions: statuses, dimension values (in list / not in list; a
    /// product restriction keeps the deals that contain such a product), and company custom fields (by their types).
    /// </summary>
    public static IQueryable<Deal> Restrict(IQueryable<Deal> deals, ReportDefinition r, CrmDbContext db, IReadOnlyDictionary<int, CustomFieldType> fieldTypes)
    {
        if (r.Statuses.Count > 0)
        {
            var statuses = r.Statuses.ToList();
            deals = deals.Where(d => statuses.Contains(d.Status));
        }
        foreach (var x in r.Restrictions.Where(x => x.Values.Count > 0))
        {
            deals = Restrict(deals, x, db, ReportRules.IsLineMeasure(r.Measure));
        }
        foreach (var f in r.CustomFields)
        {
            // A field removed since the report was saved matches no company (the parameters say so).
            deals = fieldTypes.TryGetValue(f.FieldId, out var type) ? ReportFieldConditions.Apply(deals, f, type, db) : deals.Where(d => false);
        }
        return deals;
    }

    /// <summary>Whether <see cref="Restrict"/> narrows the deals at all (a status, a restriction with values, a custom field condition).</summary>
    public static bool Narrows(ReportDefinition r) =>
        r.Statuses.Count > 0 || r.Restrictions.Any(x => x.Values.Count > 0) || r.CustomFields.Count > 0;

    private static IQueryable<Deal> Restrict(IQueryable<Deal> deals, DimensionRestriction x, CrmDbContext db, bool lineMeasure)
    {
        if (x.Dimension == Dimension.StageResponsible)
        {
            var users = x.Values.ToList();
            var dealsOf = db.DealStages.Where(s => s.ResponsibleId != null && users.Contains(s.ResponsibleId)).Select(s => s.DealId);
            return x.Exclude ? deals.Where(d => !dealsOf.Contains(d.Id)) : deals.Where(d => dealsOf.Contains(d.Id));
        }
        if (ReportRules.IsProductDimension(x.Dimension))
        {
            // Line measures filter their lines instead (ReportFacts); deal measures keep the deals that contain such a product.
            if (lineMeasure)
            {
                return deals;
            }
            var ids = Ids(x.Values);
            var withProduct = x.Dimension == Dimension.Product
                ? db.DealLines.Where(l => ids.Contains(l.ProductId)).Select(l => l.DealId)
                : db.DealLines.Where(l => l.Product!.GroupId != null && ids.Contains(l.Product.GroupId.Value)).Select(l => l.DealId);
            return x.Exclude ? deals.Where(d => !withProduct.Contains(d.Id)) : deals.Where(d => withProduct.Contains(d.Id));
        }
        if (TextKeys.TryGetValue(x.Dimension, out var text))
        {
            var values = x.Values.ToList();
            Expression<Func<string?, bool>> inList = s => s != null && values.Contains(s);
            return deals.Where(Compose(text, inList, x.Exclude));
        }
        if (IntKeys.TryGetValue(x.Dimension, out var key) && key is Expression<Func<Deal, int?>> dealKey)
        {
            var ids = Ids(x.Values);
            Expression<Func<int?, bool>> inList = i => i != null && ids.Contains(i.Value);
            return deals.Where(Compose(dealKey, inList, x.Exclude));
        }
        return deals;
    }

    private static Expression<Func<Deal, bool>> Compose<TKey>(Expression<Func<Deal, TKey>> key, Expression<Func<TKey, bool>> test, bool negate)
    {
        Expression body = Domain.Common.ExpressionRewriter.Replace(test.Body, test.Parameters[0], key.Body);
        return Expression.Lambda<Func<Deal, bool>>(negate ? Expression.Not(body) : body, key.Parameters[0]);
    }

    /// <summary>
    /// The facts of one cell for the drill-down: the dimension keys equal to the cell's (null = "not set"), the interval
    /// key equal to the column's.
    /// </summary>
    public static IQueryable<ReportFact> Cell(IQueryable<ReportFact> facts, Dimension rows, string? rowKey, Dimension columns, string? columnKey, int? interval)
    {
        facts = Match(facts, rows, rowKey, first: true);
        if (columns != Dimension.None)
        {
            facts = Match(facts, columns, columnKey, first: false);
        }
        if (interval is { } b)
        {
            facts = facts.Where(f => f.B == b);
        }
        return facts;
    }

    private static IQueryable<ReportFact> Match(IQueryable<ReportFact> facts, Dimension d, string? key, bool first)
    {
        if (d == Dimension.None)
        {
            return facts;
        }
        if (IsText(d))
        {
            return first
                ? key is null ? facts.Where(f => f.S1 == null) : facts.Where(f => f.S1 == key)
                : key is null ? facts.Where(f => f.S2 == null) : facts.Where(f => f.S2 == key);
        }
        var id = key is null ? (int?)null : int.TryParse(key, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : -1;
        return first
            ? id is null ? facts.Where(f => f.I1 == null) : facts.Where(f => f.I1 == id)
            : id is null ? facts.Where(f => f.I2 == null) : facts.Where(f => f.I2 == id);
    }
}
