using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;
using WebCrm.Data.Auditing;
using WebCrm.Domain.Clients;

namespace WebCrm.Data;

public static class DatabaseProviders
{
    public const string Sqlite = "Sqlite";
    public const string PostgreSql = "PostgreSQL";
}

public sealed class SqliteCrmDbContext(DbContextOptions<SqliteCrmDbContext> options, ICurrentUser currentUser, TimeProvider clock)
    : CrmDbContext(options, currentUser, clock);

public sealed class PostgreSqlCrmDbContext(DbContextOptions<PostgreSqlCrmDbContext> options, ICurrentUser currentUser, TimeProvider clock)
    : CrmDbContext(options, currentUser, clock)
{
    /// <summary>
    /// PostgreSQL-only indexes. The quick search is <c>SearchText LIKE '%term%'</c>, which no B-tree can serve; trigram
    /// GIN indexes (pg_trgm) can. The trigram indexes on <c>lower(column)</c> for the list's text filters are
    /// expressions EF Core cannot model: the ClientSearchIndexes migration creates them with SQL.
    /// </summary>
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasPostgresExtension("pg_trgm");
        builder.Entity<Company>().HasIndex(e => e.SearchText, "IX_Companies_SearchText_trgm")
            .HasMethod("gin").HasOperators("gin_trgm_ops");
        builder.Entity<ContactPerson>().HasIndex(e => e.SearchText, "IX_ContactPersons_SearchText_trgm")
            .HasMethod("gin").HasOperators("gin_trgm_ops");
        // Byte order: a prefix LIKE on the name key is then a range of its B-tree index (any other collation needs
        // text_pattern_ops for that), and the order is the same code point order as SQLite's.
        builder.Entity<Company>().Property(e => e.NameKey).UseCollation("C");
    }
}

/// <summary>
/// WAL lets readers work while one user writes; the busy timeout makes a second writer wait instead of
/// failing at once. Foreign keys are off by default in SQLite.
/// </summary>
public sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    public const int BusyTimeoutMs = 5000;
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        if (connection is not SqliteConnection)
        {
            return;
        }
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        // SQLite's own lower() folds only ASCII; Cyrillic search must be case-insensitive too.
        ((SqliteConnection)connection).CreateFunction("lower", (string? s) => s?.ToLowerInvariant(), isDeterministic: true);
        ((SqliteConnection)connection).CreateFunction("upper", (string? s) => s?.ToUpperInvariant(), isDeterministic: true);
        // EF's own EF_DECIMAL collation (ORDER BY a decimal) parses with the current culture: under a Russian UI a
        // computed value such as "29500.0" throws inside SQLite's callback and takes the whole process down. The
        // stored text is always invariant, so the collation is replaced by one that reads it so.
        ((SqliteConnection)connection).CreateCollation("EF_DECIMAL", (x, y) => decimal.Compare(InvariantDecimal(x), InvariantDecimal(y)));
    }

    private static decimal InvariantDecimal(string s) =>
        decimal.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d
            : (decimal)double.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
}

public static class DbContextOptionsSetup
{
    // The providers' own query post-processors are named to run the capped-count rewrite after them (CappedCounts);
    // EF marks them internal (EF1001), but their constructors are the relational base's.
#pragma warning disable EF1001
    public static void UseSqlite(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, o => o.MigrationsHistoryTable("__EFMigrationsHistory"))
            .AddInterceptors(new SqlitePragmaInterceptor())
            .WithUnorderedCappedCounts<Microsoft.EntityFrameworkCore.Sqlite.Query.Internal.SqliteQueryTranslationPostprocessorFactory>();

    public static void UsePostgreSql(DbContextOptionsBuilder options, string connectionString)
    {
        var settings = PostgreSqlSettings(connectionString);
        options.UseNpgsql(settings)
            .WithUnorderedCappedCounts<Npgsql.EntityFrameworkCore.PostgreSQL.Query.Internal.NpgsqlQueryTranslationPostprocessorFactory>();
        // Only where the sessions start in the mode set here: a connection string with its own plan_cache_mode keeps it.
        if (settings.Contains(ForceCustomPlans, StringComparison.Ordinal))
        {
            options.AddInterceptors(GenericPlanInterceptor);
        }
    }
#pragma warning restore EF1001

    private const string ForceCustomPlans = "-c plan_cache_mode=force_custom_plan";

    /// <summary>One for the process: it knows each server session's plan mode, whichever context used it last.</summary>
    private static readonly GenericPlanInterceptor GenericPlanInterceptor = new();

    /// <summary>
    /// The connection string the app connects with: jit off, no reset on close, auto-prepared statements. Worked out
    /// once per connection string: the options are built for every context (every request), and parsing a connection
    /// string is not free.
    /// </summary>
    public static string PostgreSqlSettings(string connectionString) =>
        Settings.GetOrAdd(connectionString, static c => WithAutoPrepare(WithoutResetOnClose(WithoutJit(c))));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Settings = new();

    /// <summary>
    /// The app's PostgreSQL sessions run with <c>jit=off</c>. Its queries are short index reads, but at a million rows the
    /// planner's cost estimate of some (a month of a user's activities, the analysis of a month) crosses
    /// <c>jit_above_cost</c>, and compiling the plan to machine code then took 100–600 ms, several times what the query itself
    /// costs. A connection string whose <c>Options</c> already mention jit (e.g. <c>Options=-c jit=on</c>) is left alone.
    /// </summary>
    public static string WithoutJit(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Options?.Contains("jit", StringComparison.OrdinalIgnoreCase) == true)
        {
            return connectionString;
        }
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? "-c jit=off" : builder.Options + " -c jit=off";
        return builder.ConnectionString;
    }

    /// <summary>
    /// Pooled connections are handed on without a reset. By default Npgsql resets a connection returned to its pool by
    /// sending <c>DISCARD ALL</c> ahead of the next command on it: a second statement, and transaction, on the server for
    /// every command the app sends (the load benchmark counted 2 transactions per command). The app keeps no session
    /// state to reset — no <c>SET</c>, temporary tables, <c>LISTEN</c>, advisory locks or prepared statements of its own (the
    /// statements Npgsql prepares itself, <see cref="WithAutoPrepare"/>, are meant to outlive the request);
    /// its session options (jit) are startup options, kept either way. A connection string that names the setting
    /// (<c>No Reset On Close=false</c>) is left alone.
    /// </summary>
    public static string WithoutResetOnClose(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var named = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (named.ContainsKey("No Reset On Close") || named.ContainsKey("NoResetOnClose"))
        {
            return connectionString;
        }
        builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    /// <summary>How many of its most used statements a pooled connection keeps prepared (<see cref="WithAutoPrepare"/>).</summary>
    public const int AutoPreparedStatements = 100;

    /// <summary>
    /// A pooled connection keeps the statements the app sends over and over (from the fifth use on) prepared on the
    /// server, at most <see cref="AutoPreparedStatements"/> of them (Npgsql's <c>Max Auto Prepare</c>, least used dropped
    /// first): a card's or list's SQL is long, and PostgreSQL parsed and analysed it anew for every request (pgbench on
    /// the benchmark's database at load ~35, the company card's parts query: 4.2 ms sent as text, 2.4–3.0 ms prepared).
    /// Each run is still planned with its own values (<c>plan_cache_mode=force_custom_plan</c>): a generic plan, made
    /// without the values, is kept by PostgreSQL when its estimate is no dearer, and estimates without values can be far
    /// off — the manager's deal list forced onto its generic plan hashed all 428,000 open stage rows for the "overdue"
    /// mark and took 2.6 s instead of 5 ms. Lookups by id may still keep a generic plan (<see cref="GenericPlans"/>). A connection string that names <c>Max Auto Prepare</c> is left alone, and
    /// one whose <c>Options</c> mention plan_cache_mode keeps its own.
    /// </summary>
    public static string WithAutoPrepare(string connectionString)
    {
        var named = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (named.ContainsKey("Max Auto Prepare") || named.ContainsKey("MaxAutoPrepare"))
        {
            return connectionString;
        }
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = AutoPreparedStatements };
        if (builder.Options?.Contains("plan_cache_mode", StringComparison.OrdinalIgnoreCase) != true)
        {
            builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? ForceCustomPlans : builder.Options + " " + ForceCustomPlans;
        }
        return builder.ConnectionString;
    }
}

public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCrmDbContext>
{
    public SqliteCrmDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteCrmDbContext>();
        DbContextOptionsSetup.UseSqlite(options, "Data Source=design-time.db");
        return new SqliteCrmDbContext(options.Options, SystemUser.Instance, TimeProvider.System);
    }
}

public sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlCrmDbContext>
{
    public PostgreSqlCrmDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PostgreSqlCrmDbContext>();
        DbContextOptionsSetup.UsePostgreSql(options, "Host=localhost;Database=webcrm_design;Username=webcrm");
        return new PostgreSqlCrmDbContext(options.Options, SystemUser.Instance, TimeProvider.System);
    }
}
