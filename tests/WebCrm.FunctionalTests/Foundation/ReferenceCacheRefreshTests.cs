using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WebCrm.FunctionalTests.Infrastructure;
using WebCrm.FunctionalTests.Packages;
using WebCrm.Web.Features.Shared;

namespace WebCrm.FunctionalTests.Foundation;

/// <summary>
/// The reference cache loads its next copy ahead, in the last fifth of the current one's lifetime, so requests at the
/// expiry are served at once instead of waiting for the reload; a copy is still never served past its lifetime, and a
/// write here drops a refresh under way. A cache of its own on the app's database with a clock the test moves.
/// </summary>
public sealed class ReferenceCacheRefreshTests(SqliteApp app)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);

    private (ReferenceCache Cache, StepClock Clock) NewCache()
    {
        var clock = new StepClock(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [ReferenceCache.LifetimeKey] = Lifetime.ToString() }).Build();
        return (new ReferenceCache(app.Services.GetRequiredService<IServiceScopeFactory>(), configuration, clock), clock);
    }

    [Fact]
    public async Task At_the_expiry_the_copy_loaded_ahead_is_served_without_waiting()
    {
        var (cache, clock) = NewCache();
        var first = await cache.GetAsync();

        clock.Advance(TimeSpan.FromSeconds(7));
        Assert.Same(first, await cache.GetAsync());
        Assert.Null(cache.Refreshing);

        // 8.5 s: in the last fifth. The current copy is served and one load of the next starts.
        clock.Advance(TimeSpan.FromSeconds(1.5));
        var served = cache.GetAsync();
        Assert.True(served.IsCompletedSuccessfully);
        Assert.Same(first, await served);
        var refreshing = cache.Refreshing;
        Assert.NotNull(refreshing);
        var next = await refreshing;
        Assert.NotSame(first, next);
        Assert.NotEmpty(next.Currencies);

        // 10.5 s: the first copy has expired; the next one is there already, so the request does not wait.
        clock.Advance(TimeSpan.FromSeconds(2));
        var atExpiry = cache.GetAsync();
        Assert.True(atExpiry.IsCompletedSuccessfully);
        Assert.Same(next, await atExpiry);
        Assert.Null(cache.Refreshing);

        // The next copy's lifetime counts from its load's start (8.5 s): at 18.6 s, with no request in its last fifth,
        // it is not served any more; the request waits for a fresh load.
        clock.Advance(TimeSpan.FromSeconds(8.1));
        var fresh = await cache.GetAsync();
        Assert.NotSame(next, fresh);
    }

    [Fact]
    public async Task A_copy_that_expires_while_its_successor_loads_hands_over_to_that_load()
    {
        var (cache, clock) = NewCache();
        var first = await cache.GetAsync();
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Same(first, await cache.GetAsync());
        var refreshing = cache.Refreshing!;

        clock.Advance(TimeSpan.FromSeconds(2));
        // Past the first copy's lifetime: the request gets the load under way, no second one.
        Assert.Same(refreshing, cache.GetAsync());
        Assert.NotSame(first, await refreshing);
    }

    [Fact]
    public async Task A_write_here_drops_the_copy_and_the_refresh_under_way()
    {
        var (cache, clock) = NewCache();
        var first = await cache.GetAsync();
        clock.Advance(TimeSpan.FromSeconds(9));
        await cache.GetAsync();
        var refreshing = cache.Refreshing!;

        cache.Invalidate();
        Assert.Null(cache.Refreshing);
        var dropped = await refreshing;
        var after = await cache.GetAsync();
        Assert.NotSame(first, after);
        Assert.NotSame(dropped, after);
    }
}
