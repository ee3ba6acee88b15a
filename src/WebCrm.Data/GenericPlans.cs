using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WebCrm.Data;

/// <summary>
/// Queries whose plan does not depend on their values may keep PostgreSQL's generic plan. The app's sessions plan every
/// run with its own values (<c>plan_cache_mode=force_custom_plan</c>, <see cref="DbContextOptionsSetup.WithAutoPrepare"/>),
/// because a generic plan of a rights- or period-dependent query can be ruinous. But a card's queries look one record up
/// by its id: their plan is the same for every id, and planning them anew was most of what PostgreSQL spent on a card
/// (the load benchmark's card with 105 deals: about 1.7 ms of planning against 0.5–1.5 ms of running for its four
/// commands). <see cref="WithGenericPlan{T}"/> marks such a query; <see cref="GenericPlanInterceptor"/> runs it with
/// <c>plan_cache_mode=auto</c>, so that from its sixth run on PostgreSQL reuses the plan it made without values when
/// that plan is no dearer than the ones made with them.
/// </summary>
public static class GenericPlans
{
    /// <summary>The query tag (an SQL comment at the start of the command) that marks a command for a generic plan.</summary>
    public const string Tag = "plan: generic";

    internal const string TaggedPrefix = "-- " + Tag;

    /// <summary>
    /// Lets PostgreSQL keep this query's generic plan. Only for queries whose best plan is the same whatever their
    /// values: a lookup by primary or foreign key, not a list filtered by a user, a period or a search text.
    /// </summary>
    public static IQueryable<T> WithGenericPlan<T>(this IQueryable<T> query) => query.TagWith(Tag);
}

/// <summary>
/// Sets each PostgreSQL session's <c>plan_cache_mode</c> to what its next query needs: <c>auto</c> for a query tagged
/// <see cref="GenericPlans.Tag"/>, else <c>force_custom_plan</c>, the mode every session starts with (a command that is
/// not a query is sent as it is). The setting is
/// sent in the same batch as the command (one round trip, <c>SET …; SELECT …</c>) and only when the session's mode
/// changes, which is known per server process (Npgsql's <c>ProcessID</c>: pooled connections outlive the request and
/// are not reset). A failed command leaves its session's mode unknown (the batch's SET is rolled back with it), so the
/// next command there sets its mode whatever it is. A new session of a process id seen before starts in
/// <c>force_custom_plan</c> again, whatever was recorded: a command that wants it then skips the SET and still gets it,
/// and one that wants <c>auto</c> runs once with its values. Only the plan's choice is at stake, never a result.
/// </summary>
public sealed class GenericPlanInterceptor : DbCommandInterceptor
{
    private const string ToAuto = "SET plan_cache_mode = auto;\n";
    private const string ToCustom = "SET plan_cache_mode = force_custom_plan;\n";

    private enum Mode : byte { Custom, Auto, Unknown }

    private readonly ConcurrentDictionary<(string Server, int Process), Mode> _sessions = new();

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Prepare(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Prepare(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Prepare(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Prepare(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Prepare(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Prepare(command);
        return ValueTask.FromResult(result);
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Forget(command);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(command);
        return Task.CompletedTask;
    }

    public override void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Forget(command);

    public override Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(command);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Records the mode the command asks for before it runs: a failure or cancellation (reported afterwards) turns it into
    /// "unknown". Commands on one session never overlap, so nothing else changes the entry in between.
    /// </summary>
    private void Prepare(DbCommand command)
    {
        if (Session(command) is not { } session)
        {
            return;
        }
        var tagged = command.CommandText.StartsWith(GenericPlans.TaggedPrefix, StringComparison.Ordinal);
        if (!tagged && !command.CommandText.StartsWith("SELECT", StringComparison.Ordinal))
        {
            // Writes, DDL and batches are left as they are, whatever the session's mode: EF reads each statement's
            // row count of a save, and a SET ahead would be one more statement. Their plans are by key anyway.
            return;
        }
        var wanted = tagged ? Mode.Auto : Mode.Custom;
        var current = _sessions.TryGetValue(session, out var known) ? known : Mode.Custom;
        if (current == wanted)
        {
            return;
        }
        command.CommandText = (wanted == Mode.Auto ? ToAuto : ToCustom) + command.CommandText;
        _sessions[session] = wanted;
    }

    private void Forget(DbCommand command)
    {
        if (Session(command) is { } session)
        {
            _sessions[session] = Mode.Unknown;
        }
    }

    private static (string, int)? Session(DbCommand command) =>
        command.Connection is Npgsql.NpgsqlConnection { State: System.Data.ConnectionState.Open } connection
            ? (connection.DataSource, connection.ProcessID)
            : null;
}
