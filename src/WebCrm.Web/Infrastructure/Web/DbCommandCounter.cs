using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WebCrm.Web.Infrastructure.Web;

/// <summary>The database commands one request has sent so far (a request feature set by <see cref="DbCommandCountMiddleware"/>).</summary>
public sealed class RequestDbCommands
{
    private int _count;

    public int Count => _count;

    public void Add() => Interlocked.Increment(ref _count);
}

/// <summary>
/// Counts every command EF Core sends (queries, scalars, saves) against the request that sent it, when that request
/// is being counted (<see cref="DbCommandCountMiddleware"/>). Each command is one round trip to the database.
/// </summary>
public sealed class DbCommandCounter(IHttpContextAccessor http) : DbCommandInterceptor
{
    private void Count() => http.HttpContext?.Features.Get<RequestDbCommands>()?.Add();

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Count();
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Count();
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Count();
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Count();
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Count();
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Count();
        return ValueTask.FromResult(result);
    }
}

/// <summary>
/// With <c>Diagnostics:ServerTiming</c> on (benchmarks, the round-trip budget tests): counts the database commands of
/// each request from the point after sign-in and authorization and sends the number as <c>X-Db-Commands</c>. The
/// cookie's periodic re-validation (<c>Security:StampValidationInterval</c>) is the session's cost, not the page's,
/// and is left out.
/// </summary>
public sealed class DbCommandCountMiddleware(RequestDelegate next)
{
    public const string Header = "X-Db-Commands";

    public Task InvokeAsync(HttpContext context)
    {
        var commands = new RequestDbCommands();
        context.Features.Set(commands);
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = commands.Count.ToString(CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });
        return next(context);
    }
}
