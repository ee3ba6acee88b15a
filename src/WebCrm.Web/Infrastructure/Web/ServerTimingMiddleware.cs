using System.Diagnostics;
using System.Globalization;

namespace WebCrm.Web.Infrastructure.Web;

/// <summary>
/// Opt-in (<c>Diagnostics:ServerTiming=true</c>) for benchmarks: adds <c>Server-Timing: app;dur=&lt;ms&gt;</c> to every
/// response, the time from the request reaching the app to the response starting. Off by default, since the header
/// tells a client how long the server worked.
/// </summary>
public sealed class ServerTimingMiddleware(RequestDelegate next)
{
    public const string ConfigKey = "Diagnostics:ServerTiming";

    public Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        context.Response.OnStarting(() =>
        {
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            context.Response.Headers.Append("Server-Timing", "app;dur=" + ms.ToString("0.00", CultureInfo.InvariantCulture));
            return Task.CompletedTask;
        });
        return next(context);
    }
}
