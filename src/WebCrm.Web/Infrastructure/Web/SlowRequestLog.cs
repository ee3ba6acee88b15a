using System.Diagnostics;

namespace WebCrm.Web.Infrastructure.Web;

/// <summary>
/// Opt-in (<c>Diagnostics:SlowRequestMs</c> &gt; 0) for load runs: logs each request whose answer took at least that
/// many milliseconds to start, with what the process did meanwhile — the garbage collector's pause time and its
/// collections by generation during the request, the thread pool's threads and queued work items at its start and end,
/// and its database commands when they are counted (<see cref="DbCommandCountMiddleware"/>). A stall with a long GC pause
/// is the collector's; one with a queue of work items and few threads is thread-pool starvation; one with neither is
/// the request's own waiting (the database, a lock, a connection from the pool) or the machine's.
/// </summary>
public sealed class SlowRequestLog(RequestDelegate next, ILogger<SlowRequestLog> logger, IConfiguration configuration)
{
    public const string ConfigKey = "Diagnostics:SlowRequestMs";

    private readonly double _thresholdMs = configuration.GetValue(ConfigKey, 0d);

    public static bool IsOn(IConfiguration configuration) => configuration.GetValue(ConfigKey, 0d) > 0;

    public Task InvokeAsync(HttpContext context)
    {
        var start = Snapshot.Take();
        context.Response.OnStarting(() =>
        {
            var ms = Stopwatch.GetElapsedTime(start.Timestamp).TotalMilliseconds;
            if (ms >= _thresholdMs)
            {
                var end = Snapshot.Take();
                logger.LogWarning(
                    "Slow request {Method} {Path}{Query}: {Ms:0.0} ms; GC pause {PauseMs:0.0} ms, collections gen0 {Gen0} gen1 {Gen1} gen2 {Gen2}; "
                    + "thread pool {ThreadsStart}→{ThreadsEnd} threads, {QueuedStart}→{QueuedEnd} queued; {Commands} db commands",
                    context.Request.Method, context.Request.Path, context.Request.QueryString, ms,
                    (end.Pause - start.Pause).TotalMilliseconds, end.Gen0 - start.Gen0, end.Gen1 - start.Gen1, end.Gen2 - start.Gen2,
                    start.Threads, end.Threads, start.Queued, end.Queued,
                    context.Features.Get<RequestDbCommands>()?.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "uncounted");
            }
            return Task.CompletedTask;
        });
        return next(context);
    }

    private readonly record struct Snapshot(long Timestamp, TimeSpan Pause, int Gen0, int Gen1, int Gen2, int Threads, long Queued)
    {
        public static Snapshot Take() => new(Stopwatch.GetTimestamp(), GC.GetTotalPauseDuration(),
            GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), ThreadPool.ThreadCount, ThreadPool.PendingWorkItemCount);
    }
}
