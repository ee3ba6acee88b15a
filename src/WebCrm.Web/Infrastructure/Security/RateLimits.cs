using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace WebCrm.Web.Infrastructure.Security;

/// <summary>Puts an action into a rate-limited group (<see cref="RateLimits"/>).</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class RateLimitGroupAttribute(string group) : Attribute
{
    public string Group { get; } = group;
}

/// <summary>
/// The ASP.NET Core rate limiter on sign-in, exports and search: each group allows <c>RateLimits:{Group}:PermitLimit</c>
/// requests per <c>RateLimits:{Group}:Window</c> per signed-in user and, separately, per client address (both must allow
/// it). Sign-in is counted per address only (there is no user yet; the account lockout counts per account). Search counts
/// only requests that search (a non-empty <c>q</c>). A refused request gets 429 with Retry-After and the error page in the
/// user's language.
/// </summary>
public static class RateLimits
{
    public const string SignIn = "SignIn";
    public const string Export = "Export";
    public const string Search = "Search";

    private static readonly Dictionary<string, (int Permits, TimeSpan Window)> Defaults = new()
    {
        [SignIn] = (10, TimeSpan.FromMinutes(1)),
        [Export] = (10, TimeSpan.FromMinutes(1)),
        [Search] = (120, TimeSpan.FromMinutes(1)),
    };

    public static IServiceCollection AddCrmRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = Defaults.ToDictionary(d => d.Key, d => (
            Permits: configuration.GetValue($"RateLimits:{d.Key}:PermitLimit", d.Value.Permits),
            Window: configuration.GetValue($"RateLimits:{d.Key}:Window", d.Value.Window)));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                Partitioned(limits, byUser: true),
                Partitioned(limits, byUser: false));
            o.OnRejected = (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                // No body: the status-code pages re-execute /error/429, the page in the user's language.
                return ValueTask.CompletedTask;
            };
        });
        return services;
    }

    /// <summary>The group the request belongs to, or null when it is not limited.</summary>
    public static string? GroupOf(HttpContext context)
    {
        var group = context.GetEndpoint()?.Metadata.GetMetadata<RateLimitGroupAttribute>()?.Group;
        return group == Search && string.IsNullOrWhiteSpace(context.Request.Query["q"]) ? null : group;
    }

    private static PartitionedRateLimiter<HttpContext> Partitioned(Dictionary<string, (int Permits, TimeSpan Window)> limits, bool byUser) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var group = GroupOf(context);
            var user = context.User.Identity?.IsAuthenticated == true ? context.User.Identity.Name : null;
            if (group is null || (byUser && (user is null || group == SignIn)))
            {
                return RateLimitPartition.GetNoLimiter("");
            }
            var key = byUser ? "user:" + user : "address:" + context.Connection.RemoteIpAddress;
            var (permits, window) = limits[group];
            return RateLimitPartition.GetFixedWindowLimiter(group + "|" + key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true,
            });
        });
}
