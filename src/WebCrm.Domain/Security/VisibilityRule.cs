using System.Linq.Expressions;
using WebCrm.Domain.Common;

namespace WebCrm.Domain.Security;

/// <summary>
/// The rights that decide what a user may do with one kind of owned record. One shape covers every module:
/// <list type="bullet">
/// <item>clients and deals: <c>ViewOwn</c> / <c>ViewAll</c>, and editing whatever one sees with <c>Edit</c>;</item>
/// <item>the calendar: everyone sees his own (<c>ViewOwn</c> null), <c>ViewAll</c> is "view others", and editing a
/// record one does not own needs <c>EditOthers</c> on top of seeing it;</item>
/// <item>owner-or-shared records (groups, saved filters, saved reports): the rule also says which records are shared
/// with everyone (<see cref="VisibilityRule{T}"/>.IsShared) and <c>EditOthers</c> = <see cref="Nobody"/> keeps
/// changes to their owner.</item>
/// </list>
/// </summary>
/// <param name="ViewOwn">Needed to see one's own records; null when every signed-in user sees his own.</param>
/// <param name="ViewAll">Sees every record ("view others").</param>
/// <param name="Edit">Needed to change any record one may see; null when seeing is enough.</param>
/// <param name="Delete">Needed to delete; null when whoever may edit may delete.</param>
/// <param name="Reassign">Needed to give a record another owner (and to create one for someone else).</param>
/// <param name="EditOthers">Needed on top of <paramref name="Edit"/> to change records one does not own; null when seeing is enough.</param>
public sealed record OwnershipPermissions(string? ViewOwn, string ViewAll, string? Edit, string? Delete, string Reassign, string? EditOthers = null)
{
    /// <summary>A right no user holds: with it as <see cref="EditOthers"/> only the owner changes a record.</summary>
    public const string Nobody = "\u0000nobody";
}

/// <summary>
/// "Own vs all" for one kind of record, written once as an expression so the same rule filters database
/// queries (lists, search, export, reports, calendar) and decides on a single loaded record (the card).
/// </summary>
public abstract class VisibilityRule<T>
{
    private Func<T, string, bool>? _owned;
    private Func<T, bool>? _shared;

    public abstract OwnershipPermissions Permissions { get; }

    /// <summary>True when the record belongs to the user (the second parameter is the user id).</summary>
    protected abstract Expression<Func<T, string, bool>> IsOwnedBy { get; }

    /// <summary>Records everyone who may see his own sees too (a shared group or filter); none unless overridden.</summary>
    protected virtual Expression<Func<T, bool>>? IsShared => null;

    public bool SeesAll(UserAccess user) => user.Has(Permissions.ViewAll);

    public bool SeesOwn(UserAccess user) => Permissions.ViewOwn is null || user.Has(Permissions.ViewOwn) || SeesAll(user);

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
        return query.Where(OwnedOrShared(user.UserId));
    }

    public bool Owns(T record, UserAccess user) => (_owned ??= IsOwnedBy.Compile())(record, user.UserId);

    public bool CanSee(T record, UserAccess user) =>
        SeesAll(user) || (SeesOwn(user) && (Owns(record, user) || (IsShared is { } shared && (_shared ??= shared.Compile())(record))));

    /// <summary>
    /// The one decision on a loaded record: read needs seeing it; update, delete and reassign need the matching right
    /// on top, and <see cref="OwnershipPermissions.EditOthers"/> when the record is not the user's own.
    /// </summary>
    public bool Allows(T record, UserAccess user, string operation)
    {
        if (string.IsNullOrEmpty(user.UserId) || !CanSee(record, user))
        {
            return false;
        }
        var p = Permissions;
        bool Holds(string? right) => right is null || user.Has(right);
        bool OthersOk() => p.EditOthers is null || Owns(record, user) || user.Has(p.EditOthers);
        return operation switch
        {
            RecordOperations.Read => true,
            RecordOperations.Update => Holds(p.Edit) && OthersOk(),
            RecordOperations.Delete => Holds(p.Delete ?? p.Edit) && OthersOk(),
            RecordOperations.Reassign => user.Has(p.Reassign) && OthersOk(),
            _ => false,
        };
    }

    /// <summary>The ownership test with the user id bound as a query parameter (not a constant) so plans are reused.</summary>
    public Expression<Func<T, bool>> OwnedBy(string userId)
    {
        var rule = IsOwnedBy;
        var holder = Expression.Property(Expression.Constant(new UserIdHolder(userId)), nameof(UserIdHolder.Value));
        var body = ExpressionRewriter.Replace(rule.Body, rule.Parameters[1], holder);
        return Expression.Lambda<Func<T, bool>>(body, rule.Parameters[0]);
    }

    private Expression<Func<T, bool>> OwnedOrShared(string userId)
    {
        var owned = OwnedBy(userId);
        if (IsShared is not { } shared)
        {
            return owned;
        }
        var sharedBody = ExpressionRewriter.Replace(shared.Body, shared.Parameters[0], owned.Parameters[0]);
        return Expression.Lambda<Func<T, bool>>(Expression.OrElse(owned.Body, sharedBody), owned.Parameters[0]);
    }

    private sealed record UserIdHolder(string Value);
}

/// <summary>The operations decided on one record; the web layer's authorization requirements carry these names.</summary>
public static class RecordOperations
{
    public const string Read = nameof(Read);
    public const string Update = nameof(Update);
    public const string Delete = nameof(Delete);
    public const string Reassign = nameof(Reassign);
}
