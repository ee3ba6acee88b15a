using Microsoft.Extensions.Caching.Memory;
using WebCrm.Domain.Security;

namespace WebCrm.Web.Features.Shared;

/// <summary>
/// The capped match counts of the lists ("1,000 found" / "more than 1,000"), kept for a short time per user and filter,
/// so that paging through a result, coming back to it or opening it again does not count it again. Counting is what
/// costs in a list's command: for the quick search it was a third of the database's time (the count reads the union of
/// its three parts up to the cap, planned anew every time).
/// <para>
/// <b>When a count is stale.</b> Any write the app sends through EF on this instance to a table a list may count (not the sessions, security log, outbox or change history; a command that is not a query,
/// before and after it runs, and the commit of a transaction that wrote) makes every kept count old at once
/// (<see cref="Changed"/>, called by <see cref="ReferenceCacheInvalidator"/>), so the user who saved sees the new count
/// on his next page. A write through another instance sharing the database shows in this instance's counts within
/// <see cref="Lifetime"/> (<c>Caching:ListCountLifetime</c>, 10 s); the rows themselves are always read afresh. A count
/// taken while a write was under way is not kept.
/// </para>
/// </summary>
public sealed class ListCounts(IConfiguration configuration, TimeProvider clock) : IDisposable
{
    public const string LifetimeKey = "Caching:ListCountLifetime";

    // A key is about a kilobyte (the rights are in it): at most a few megabytes.
    private const int MaxEntries = 5_000;

    private readonly MemoryCache _counts = new(new MemoryCacheOptions { SizeLimit = MaxEntries });
    private long _version;

    public TimeSpan Lifetime { get; } = configuration.GetValue(LifetimeKey, TimeSpan.FromSeconds(10));

    private sealed record Entry(int Count, long Version, DateTimeOffset Until);

    public void Dispose() => _counts.Dispose();

    /// <summary>The stamp to store a count with: taken before the count is read, so a write meanwhile makes it old.</summary>
    public long Stamp() => Interlocked.Read(ref _version);

    /// <summary>Every kept count is old from now on.</summary>
    public void Changed() => Interlocked.Increment(ref _version);

    /// <summary>The count kept for this key, when it is still current.</summary>
    public int? Find(string key) =>
        _counts.TryGetValue(key, out Entry? entry) && entry!.Version == Stamp() && clock.GetUtcNow() < entry.Until ? entry.Count : null;

    public void Keep(string key, int count, long stamp)
    {
        if (stamp != Stamp() || Lifetime <= TimeSpan.Zero)
        {
            return;
        }
        _counts.Set(key, new Entry(count, stamp, clock.GetUtcNow() + Lifetime),
            new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });
    }

    /// <summary>
    /// A list's page with its capped count: the count kept for <paramref name="key"/> when there is one, else read by
    /// <paramref name="read"/> in the page's own command (<c>withCount</c>) and kept. Only an empty page past the first
    /// needs the count alone (<paramref name="countAlone"/>), and a page past the end of a list no longer than
    /// <paramref name="cap"/> is moved back to the last one and read again.
    /// </summary>
    public async Task<(List<T> Rows, int Count)> PageAsync<T>(string key, IPagedQuery query, int cap,
        Func<bool, Task<(List<T> Rows, int Count)>> read, Func<Task<int>> countAlone)
    {
        query.Page = Math.Max(1, query.Page);
        var stamp = Stamp();
        var known = Find(key);
        var (rows, count) = await read(known is null);
        if (known is { } kept)
        {
            count = kept;
        }
        else if (rows.Count > 0 || query.Page == 1)
        {
            Keep(key, count, stamp);
        }
        if (rows.Count == 0 && query.Page > 1)
        {
            if (known is null)
            {
                count = await countAlone();
                Keep(key, count, stamp);
            }
            var pages = Math.Max(1, (Math.Min(count, cap) + query.Take - 1) / query.Take);
            if (count <= cap && query.Page > pages)
            {
                query.Page = pages;
                (rows, _) = await read(false);
            }
        }
        return (rows, count);
    }

    /// <summary>
    /// The key of one list's count for one user: the list, the user and his rights (what he may see), and the list's
    /// search and filter in a canonical text (no page, size or sort: they do not change the count).
    /// </summary>
    public static string Key(string list, UserAccess user, Action<Action<string, string?>> filter)
    {
        var text = new System.Text.StringBuilder(list).Append('|').Append(user.UserId).Append('|');
        foreach (var permission in user.Permissions.Order(StringComparer.Ordinal))
        {
            text.Append(permission).Append(',');
        }
        text.Append('|');
        filter((name, value) =>
        {
            if (!string.IsNullOrEmpty(value))
            {
                text.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value)).Append('&');
            }
        });
        return text.ToString();
    }
}
