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
/// requests per <c>RateLimits:{Group}:Window</c> per signed-in user and, separately, per client address (each must allow
/// it). Sign-in has no user yet: it is counted per address and, separately, per user name typed
/// (<c>RateLimits:SignInName:*</c>, by default the sign-in values), whether or not an account has that name, so the limit
/// says nothing about which accounts exist; the account lockout counts per account besides. Search counts only requests
/// that search (a non-empty <c>q</c>). A refused request gets 429 with Retry-After and the error page in the user's language.
/// </summary>
public static class RateLimits
{
    public const string SignIn = "SignIn";
    public const string Export = "Export";
    public const string Search = "Search";
    /// <summary>The sign-in limit per user name typed (configuration only, not a group of endpoints).</summary>
    public const string SignInName = "SignInName";
    /// <summary>Where <see cref="SignInNameMiddleware"/> leaves the user name of a sign-in form for the limiter.</summary>
    public const string SignInNameItem = "crm:sign-in-name";

    private enum Counted { PerUser, PerAddress, PerSignInName }

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
        limits[SignInName] = (
            configuration.GetValue($"RateLimits:{SignInName}:PermitLimit", limits[SignIn].Permits),
            configuration.GetValue($"RateLimits:{SignInName}:Window", limits[SignIn].Window));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                Partitioned(limits, Counted.PerUser),
                Partitioned(limits, Counted.PerAddress),
                Partitioned(limits, Counted.PerSignInName));
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

    private static PartitionedRateLimiter<HttpContext> Partitioned(Dictionary<string, (int Permits, TimeSpan Window)> limits, Counted counted) =>
        PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var group = GroupOf(context);
            var key = group is null ? null : counted switch
            {
                Counted.PerUser => group != SignIn && context.User.Identity?.IsAuthenticated == true ? "user:" + context.User.Identity.Name : null,
                Counted.PerAddress => "address:" + context.Connection.RemoteIpAddress,
                _ => group == SignIn && context.Items[SignInNameItem] is string name ? "name:" + name : null,
            };
            if (key is null)
            {
                return RateLimitPartition.GetNoLimiter("");
            }
            var (permits, window) = limits[counted == Counted.PerSignInName ? SignInName : group!];
            return RateLimitPartition.GetFixedWindowLimiter(group + "|" + key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true,
            });
        });
}

/// <summary>
/// Before the rate limiter: reads the user name of a sign-in form (the form is buffered, so the action reads it again)
/// and leaves it, trimmed, upper-cased and cut to 256 characters, for the per-name sign-in limit. No account is looked up.
/// </summary>
public sealed class SignInNameMiddleware(RequestDelegate next)
{
    private const int MaxLength = 256;

    public async Task InvokeAsync(HttpContext context)
    {
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType && RateLimits.GroupOf(context) == RateLimits.SignIn)
        {
            try
            {
                var form = await context.Request.ReadFormAsync(context.RequestAborted);
                var name = form["UserName"].ToString().Trim().ToUpperInvariant();
                if (name.Length > 0)
                {
                    context.Items[RateLimits.SignInNameItem] = name.Length > MaxLength ? name[..MaxLength] : name;
                }
            }
            catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException)
            {
                // A form the server will not read (broken, cut short): the action refuses it as before; the address limit still counts it.
            }
        }
        await next(context);
    }
}
