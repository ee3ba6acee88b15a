using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using WebCrm.Data;
using WebCrm.Web.Features.Shared;

namespace WebCrm.Web.Features.Reports;

/// <summary>
/// A report, the funnel or an export that runs too long answers 503 with a page that says so and what to do, never
/// 500: each database command of the request may take <c>Reports:TimeoutSeconds</c> (30 by default, at least 1), and
/// the action's cancellation token is cut off a few seconds after that (the database then cancels the running query).
/// A database command timeout (Npgsql's, PostgreSQL's statement timeout), that deadline or a busy SQLite database
/// become the "took too long" page. A request the browser itself abandoned is left alone.
/// </summary>
[ModuleEntryPoint]
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class ReportDeadlineAttribute : Attribute, IAsyncActionFilter
{
    public const string ConfigKey = "Reports:TimeoutSeconds";
    public const int DefaultSeconds = 30;
    private const int GraceSeconds = 5;

    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var http = context.HttpContext;
        var seconds = Math.Max(1, http.RequestServices.GetRequiredService<IConfiguration>().GetValue(ConfigKey, DefaultSeconds));
        // Each query may take that long (PostgreSQL then cancels it); the whole request a little longer, as a backstop
        // for a database without query timeouts (SQLite answers cancellation) and for time spent between queries.
        http.RequestServices.GetRequiredService<CrmDbContext>().Database.SetCommandTimeout(seconds);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        deadline.CancelAfter(TimeSpan.FromSeconds(seconds + GraceSeconds));
        foreach (var name in context.ActionArguments.Where(a => a.Value is CancellationToken).Select(a => a.Key).ToList())
        {
            context.ActionArguments[name] = deadline.Token;
        }
        var executed = await next();
        if (executed.Exception is { } e && !executed.ExceptionHandled && !http.RequestAborted.IsCancellationRequested
            && (deadline.IsCancellationRequested || IsTimeout(e)))
        {
            http.RequestServices.GetRequiredService<ILogger<ReportDeadlineAttribute>>()
                .LogWarning(e, "A report took too long: {Path}", http.Request.Path);
            executed.Result = new ViewResult
            {
                ViewName = "~/Features/Reports/Views/Timeout.cshtml",
                StatusCode = StatusCodes.Status503ServiceUnavailable,
            };
            executed.ExceptionHandled = true;
        }
    }

    /// <summary>Whether an exception (or one inside it) is a database that did not answer in time.</summary>
    public static bool IsTimeout(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is TimeoutException
                || (x is PostgresException pg && pg.SqlState == PostgresErrorCodes.QueryCanceled)
                || (x is SqliteException sqlite && sqlite.SqliteErrorCode is 5 or 6))
            {
                return true;
            }
        }
        return false;
    }
}
