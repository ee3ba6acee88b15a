using System.Linq.Expressions;

namespace WebCrm.Domain.Security;

/// <summary>The rights that decide what a user may do with one kind of owned record.</summary>
public sealed record OwnershipPermissions(string ViewOwn, string ViewAll, string Edit, string Delete, string Reassign);

/// <summary>
/// "Own vs all" for one kind of record, written once as an expression so the same rule filters database
/// queries (lists, search, export, reports) and decides on a single loaded record (the card).
/// </summary>
public abstract class VisibilityRule<T>
{
    private Func<T, string, bool>? _compiled;

    public abstract OwnershipPermissions Permissions { get; }

    /// <summary>True when the record belongs to the user (the second parameter is the user id).</summary>
    protected abstract Expression<Func<T, string, bool>> IsOwnedBy { get; }

    public bool SeesAll(UserAccess user) => user.Has(Permissions.ViewAll);

    public bool SeesOwn(UserAccess user) => user.Has(Permissions.ViewOwn) || SeesAll(user);

    /// <summary>Narrows a query to the records the user may see; nothing when the user has neither right.</summary>
    public IQueryable<T> Apply(IQueryable<T> query, UserAccess user)
    {
        if (SeesAll(user))
        {
            return query;
        }
        if (!SeesOwn(user))
        {
            return query.Where(_ => false);
        }
        return query.Where(OwnedBy(user.UserId));
    }

    public bool CanSee(T record, UserAccess user) =>
        SeesAll(user) || (SeesOwn(user) && (_compiled ??= IsOwnedBy.Compile())(record, user.UserId));

    /// <summary>The ownership test with the user id bound as a query parameter (not a constant) so plans are reused.</summary>
    public Expression<Func<T, bool>> OwnedBy(string userId)
    {
        var rule = IsOwnedBy;
        var holder = Expression.Property(Expression.Constant(new UserIdHolder(userId)), nameof(UserIdHolder.Value));
        var body = Common.ExpressionRewriter.Replace(rule.Body, rule.Parameters[1], holder);
        return Expression.Lambda<Func<T, bool>>(body, rule.Parameters[0]);
    }

    private sealed record UserIdHolder(string Value);
}
