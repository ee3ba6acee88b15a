using Microsoft.EntityFrameworkCore;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;

namespace WebCrm.Web.Features.Shared;

/// <summary>A user as pickers and "responsible" columns show him.</summary>
public sealed record CachedUser(string Id, string DisplayName, bool IsDisabled, string? UserName = null);

/// <summary>
/// One consistent copy of the data that changes rarely and that nearly every page reads: every reference list value,
/// the currencies, the exchange rates, the custom-field definitions and the users' display names. Untracked entities,
/// never changed after loading.
/// </summary>
public sealed class ReferenceData
{
    public required IReadOnlyList<ReferenceItem> Items { get; init; }
    public required IReadOnlyDictionary<int, ReferenceItem> ItemsById { get; init; }
    /// <summary>Currencies in list order (sort order, then id).</summary>
    public required IReadOnlyList<Currency> Currencies { get; init; }
    /// <summary>Each currency's rates, newest first.</summary>
    public required IReadOnlyDictionary<int, IReadOnlyList<DatedRate>> Rates { get; init; }
    /// <summary>Definitions in the administrator's order (sort order, then id), active and not.</summary>
    public required IReadOnlyList<CustomFieldDefinition> CustomFields { get; init; }
    /// <summary>Users by display name.</summary>
    public required IReadOnlyList<CachedUser> Users { get; init; }
    public required IReadOnlyDictionary<string, CachedUser> UsersById { get; init; }
    /// <summary>
    /// Every saved filter without its definition, and every company group: the company list offers the ones a user may
    /// see on each of its pages (<c>SavedFilters.OptionsAsync</c>, <c>CompanyFilter</c>'s group condition), which cost
    /// that page a round trip of its own.
    /// </summary>
    public required IReadOnlyList<SavedFilter> SavedFilters { get; init; }
    public required IReadOnlyList<CompanyGroup> CompanyGroups { get; init; }

    public string? ItemName(int? id, bool russian) =>
        id is { } k && ItemsById.TryGetValue(k, out var r) ? (russian ? r.NameRu : r.NameEn) : null;

    public string? UserName(string? id) => id is not null && UsersById.TryGetValue(id, out var u) ? u.DisplayName : null;

    /// <summary>A currency's ISO code; null for an id the copy does not hold.</summary>
    public string? CurrencyCode(int id)
    {
        foreach (var c in Currencies)
        {
            if (c.Id == id)
            {
                return c.Code;
            }
        }
        return null;
    }

    /// <summary>The latest rate of a currency on or before a date; null when none.</summary>
    public DatedRate? RateOn(int currencyId, DateOnly date) =>
        Rates.TryGetValue(currencyId, out var rates) ? rates.FirstOrDefault(r => r.Date <= date) : null;

    /// <summary>Names the change history needs that this copy holds (users, reference values, currencies); null for other types.</summary>
    public IReadOnlyDictionary<string, string>? HistoryNames(Type type, bool russian) => type.Name switch
    {
        "AppUser" => UsersById.ToDictionary(u => u.Key, u => u.Value.DisplayName == "" ? u.Value.UserName ?? "" : u.Value.DisplayName),
        nameof(ReferenceItem) => ItemsById.ToDictionary(r => r.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), r => russian ? r.Value.NameRu : r.Value.NameEn),
        nameof(Currency) => Currencies.ToDictionary(c => c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), c => c.Code),
        _ => null,
    };

    public IEnumerable<CustomFieldDefinition> ActiveFields(CustomFieldTarget target) =>
        CustomFields.Where(d => d.Target == target && d.IsActive);
}

/// <summary>
/// Keeps <see cref="ReferenceData"/> in memory (a singleton). <b>Invalidation:</b> any write of this app instance to
/// one of the cached tables drops the copy at once (<see cref="ReferenceCacheInvalidator"/>), so the next request on
/// this instance reads the new data;
/// other app instances on the same database see it when their copy expires, at most
/// <c>Caching:ReferenceLifetime</c> (default 10 s) after it was loaded. A short lifetime rather than a version row
/// read on every page: it costs no round trip on the pages, and a rename showing up to ten seconds late on another
/// node is harmless for lists that change a few times a year.
/// </summary>
/// <remarks>
/// The copy is loaded in a scope of its own with the request's execution context suppressed: its seven queries
/// belong to no page (they are not counted against the page's round-trip budget) and a cancelled request does not
/// cancel a load other requests wait on.
/// <para>
/// <b>Refreshed ahead:</b> in the last fifth of a copy's lifetime the first request starts loading the next copy and,
/// like every request until that load is done, is served the current one, which is still within its lifetime. Only a
/// copy that was dropped (a write here) or has expired (no request came in its last fifth) makes requests wait for a
/// load. Under load every request used to wait, once every lifetime, for the queries of the reload (the load
/// benchmark's slow-request log showed a card request stalled behind it). A copy is never served past its lifetime,
/// counted from the moment its load started, so "within the lifetime on another instance" holds as before; a refresh
/// that was under way when this instance wrote is dropped with the copy.
/// </para>
/// </remarks>
public sealed class ReferenceCache(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock)
{
    public const string LifetimeKey = "Caching:ReferenceLifetime";

    private readonly TimeSpan _lifetime = configuration.GetValue(LifetimeKey, TimeSpan.FromSeconds(10));
    private readonly Lock _lock = new();
    private Task<ReferenceData>? _current;
    private DateTimeOffset _expires;
    private Task<ReferenceData>? _next;
    private DateTimeOffset _nextExpires;

    public TimeSpan Lifetime => _lifetime;

    /// <summary>The load of the next copy started ahead of the current one's expiry, while it runs (tests).</summary>
    internal Task<ReferenceData>? Refreshing
    {
        get { lock (_lock) { return _next; } }
    }

    public Task<ReferenceData> GetAsync()
    {
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            if (_next is { IsCompletedSuccessfully: true } || (_next is { IsCompleted: false } && IsStale(now)))
            {
                // The refresh is done, or the current copy has expired while it runs: it is the copy now.
                (_current, _expires, _next) = (_next, _nextExpires, null);
            }
            else if (_next is { IsCompleted: true })
            {
                _next = null; // a failed refresh: the next request in the window tries again
            }
            if (IsStale(now))
            {
                _current = Load();
                _expires = now + _lifetime;
            }
            else if (_next is null && _current!.IsCompletedSuccessfully && now >= _expires - _lifetime / 5)
            {
                _next = Load();
                _nextExpires = now + _lifetime;
            }
            return _current!;
        }
    }

    private bool IsStale(DateTimeOffset now) =>
        _current is null || _current.IsFaulted || _current.IsCanceled || (_current.IsCompleted && now >= _expires);

    private Task<ReferenceData> Load()
    {
        using (ExecutionContext.SuppressFlow())
        {
            return Task.Run(LoadAsync);
        }
    }

    /// <summary>Drops the copy, and a refresh under way; the next <see cref="GetAsync"/> loads a fresh one.</summary>
    public void Invalidate()
    {
        lock (_lock)
        {
            _current = null;
            _next = null;
        }
    }

    private async Task<ReferenceData> LoadAsync()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var items = await db.ReferenceItems.AsNoTracking().OrderBy(r => r.Kind).ThenBy(r => r.SortOrder).ThenBy(r => r.Id).ToListAsync();
        var currencies = await db.Currencies.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Id).ToListAsync();
        var rates = await db.ExchangeRates.AsNoTracking().OrderBy(r => r.CurrencyId).ThenByDescending(r => r.Date)
            .Select(r => new DatedRate(r.CurrencyId, r.Date, r.Rate)).ToListAsync();
        var fields = await db.CustomFieldDefinitions.AsNoTracking().OrderBy(d => d.SortOrder).ThenBy(d => d.Id).ToListAsync();
        var users = await db.Users.AsNoTracking().OrderBy(u => u.DisplayName)
            .Select(u => new CachedUser(u.Id, u.DisplayName, u.IsDisabled, u.UserName)).ToListAsync();
        var savedFilters = await db.SavedFilters.AsNoTracking()
            .Select(f => new SavedFilter { Id = f.Id, Module = f.Module, Name = f.Name, OwnerId = f.OwnerId, IsShared = f.IsShared }).ToListAsync();
        var groups = await db.CompanyGroups.AsNoTracking().Select(g => new CompanyGroup { Id = g.Id, Name = g.Name, OwnerId = g.OwnerId }).ToListAsync();
        return new ReferenceData
        {
            Items = items,
            ItemsById = items.ToDictionary(r => r.Id),
            Currencies = currencies,
            Rates = rates.GroupBy(r => r.CurrencyId).ToDictionary(g => g.Key, g => (IReadOnlyList<DatedRate>)g.ToList()),
            CustomFields = fields,
            Users = users,
            UsersById = users.ToDictionary(u => u.Id),
            SavedFilters = savedFilters,
            CompanyGroups = groups,
        };
    }
}

/// <summary>
/// Drops the <see cref="ReferenceCache"/> whenever this app instance writes to a cached table, whichever way: a
/// <c>SaveChanges</c> (reference lists, currencies, rates, custom fields, users through Identity, saved filters, company groups), an
/// <c>ExecuteUpdate</c>/<c>ExecuteDelete</c> or raw SQL through a <see cref="CrmDbContext"/>. It looks at the command
/// text (a write naming one of the tables), drops the copy when the command goes out and again when it has run, and,
/// for a command inside a transaction, once more when that transaction commits, so a load racing the write does not
/// keep the old rows. Any write of a table a list may count, the same way, makes the lists' kept counts old (<see cref="ListCounts"/>).
/// </summary>
public sealed class ReferenceCacheInvalidator(ReferenceCache cache, ListCounts counts) : IDbCommandInterceptor, IDbTransactionInterceptor
{
    private static readonly string[] CachedTables =
        ["\"ReferenceItems\"", "\"Currencies\"", "\"ExchangeRates\"", "\"CustomFieldDefinitions\"", "\"AspNetUsers\"", "\"SavedFilters\"",
            "\"CompanyGroups\""];

    /// <summary>
    /// Tables whose writes change no list's count: written on every signed-in request now and then (sessions' "last
    /// seen"), by the background workers (outbox), or beside a write of what they describe (the change history).
    /// </summary>
    private static readonly HashSet<string> NotListed =
        ["UserSessions", "SecurityEvents", "SecurityPolicies", "DataProtectionKeys", "OutboxMessages", "OutboxAttachments", "CalendarFeeds",
            "SavedReports", "ChangeLog"];

    private static readonly System.Text.RegularExpressions.Regex WrittenTable =
        new("(?:INSERT INTO|UPDATE|DELETE FROM|MERGE INTO)\\s+\"(\\w+)\"", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>Whether the write names a table other than <see cref="NotListed"/> (a command that names none, such as SET, changes nothing).</summary>
    private static bool ChangesLists(string text) =>
        WrittenTable.Matches(text).Any(m => !NotListed.Contains(m.Groups[1].Value));

    /// <summary>A transaction that wrote: whether to a cached table, whether to a listed one.</summary>
    private sealed class Wrote
    {
        public bool Cached;
        public bool Listed;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbTransaction, Wrote> Dirty = [];

    /// <summary>Whether the command is not a query (past a query's tag, an SQL comment, and the plan mode GenericPlanInterceptor sets ahead of it).</summary>
    private static bool Writes(DbCommand command)
    {
        var text = command.CommandText.AsSpan().TrimStart();
        while (text.StartsWith("--", StringComparison.Ordinal) || text.StartsWith("SET plan_cache_mode", StringComparison.Ordinal))
        {
            var end = text.StartsWith("--", StringComparison.Ordinal) ? text.IndexOf('\n') : text.IndexOf(';');
            text = end < 0 ? [] : text[(end + 1)..].TrimStart();
        }
        return !text.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase);
    }

    private void Touch(DbCommand command)
    {
        if (!Writes(command))
        {
            return;
        }
        var listed = ChangesLists(command.CommandText);
        if (listed)
        {
            counts.Changed();
        }
        var cached = CachedTables.Any(t => command.CommandText.Contains(t, StringComparison.Ordinal));
        if (cached)
        {
            cache.Invalidate();
        }
        if ((cached || listed) && command.Transaction is { } transaction)
        {
            var wrote = Dirty.GetValue(transaction, _ => new Wrote());
            wrote.Cached |= cached;
            wrote.Listed |= listed;
        }
    }

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Touch(command);
        return result;
    }

    public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Touch(command);
        return ValueTask.FromResult(result);
    }

    public DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Touch(command);
        return result;
    }

    public ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken cancellationToken = default)
    {
        Touch(command);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Touch(command);
        return result;
    }

    public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Touch(command);
        return ValueTask.FromResult(result);
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Touch(command);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        Touch(command);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(transaction);
        return Task.CompletedTask;
    }

    private void Committed(DbTransaction transaction)
    {
        if (Dirty.TryGetValue(transaction, out var wrote))
        {
            Dirty.Remove(transaction);
            if (wrote.Listed)
            {
                counts.Changed();
            }
            if (wrote.Cached)
            {
                cache.Invalidate();
            }
        }
    }
}
