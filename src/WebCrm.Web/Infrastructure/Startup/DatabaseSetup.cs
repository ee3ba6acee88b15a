using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using WebCrm.Data;
using WebCrm.Data.Seeding;
using WebCrm.Web.Infrastructure.Web;

namespace WebCrm.Web.Infrastructure.Startup;

public static class DatabaseSetup
{
    public const string DefaultSqlite = "Data Source=data/webcrm.db";

    public static IServiceCollection AddCrmDatabase(this IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment)
    {
        // Interceptors of every context: each request's database commands are counted (X-Db-Commands with
        // Diagnostics:ServerTiming; the round-trip budget tests); modules add theirs as IInterceptor (the reference cache's).
        services.AddSingleton<IInterceptor, DbCommandCounter>();
        var provider = configuration["Database:Provider"] ?? DatabaseProviders.Sqlite;
        var strict = environment.IsDevelopment();
        var connectionString = configuration.GetConnectionString("Crm");
        if (string.Equals(provider, DatabaseProviders.PostgreSql, StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException("Database:Provider is PostgreSQL but ConnectionStrings:Crm is empty.");
            }
            services.AddDbContext<CrmDbContext, PostgreSqlCrmDbContext>((sp, o) =>
                DbContextOptionsSetup.UsePostgreSql(Strict(o.AddInterceptors(sp.GetServices<IInterceptor>()), strict), connectionString),
                ServiceLifetime.Scoped, OptionsBuiltOnce);
        }
        else if (string.Equals(provider, DatabaseProviders.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            var sqlite = ResolveSqlitePath(connectionString ?? DefaultSqlite, environment.ContentRootPath);
            services.AddDbContext<CrmDbContext, SqliteCrmDbContext>((sp, o) =>
                DbContextOptionsSetup.UseSqlite(Strict(o.AddInterceptors(sp.GetServices<IInterceptor>()), strict), sqlite),
                ServiceLifetime.Scoped, OptionsBuiltOnce);
        }
        else
        {
            throw new InvalidOperationException($"Unknown Database:Provider '{provider}'. Use Sqlite or PostgreSQL.");
        }
        return services;
    }

    /// <summary>
    /// The contexts' options are built once, when the first context is made, and shared by every context after it: a
    /// context is still made per request (it carries the request's user and clock, <see cref="CrmDbContext"/>), but its
    /// options only hold what is the same for the whole process — the provider and connection string, the strict warnings,
    /// and the interceptors, which are singletons that find the request's state themselves (<see cref="DbCommandCounter"/>
    /// reads it from the request through IHttpContextAccessor; the reference cache's invalidator is per process anyway).
    /// Built per request (EF's default, scoped options), the builder ran this setup again, cloned every extension and
    /// looked its internal service provider up anew: about a tenth of the company card's CPU under load. A test or module
    /// that adds to the options (<c>ConfigureDbContext</c>) registers its configuration as a singleton too.
    /// </summary>
    public const ServiceLifetime OptionsBuiltOnce = ServiceLifetime.Singleton;

    /// <summary>
    /// In Development (and so in every functional and browser test) a page or a First without an ORDER BY fails loudly:
    /// such a query returns rows in whatever order the database finds them, which differs between SQLite and PostgreSQL
    /// and between runs, so paging skips or repeats rows and "the first" is a different record each time.
    /// </summary>
    private static DbContextOptionsBuilder Strict(DbContextOptionsBuilder options, bool strict) =>
        strict
            ? options.ConfigureWarnings(w => w.Throw(CoreEventId.RowLimitingOperationWithoutOrderByWarning, CoreEventId.FirstWithoutOrderByAndFilterWarning))
            : options;

    /// <summary>A relative SQLite file is placed under the content root so it does not depend on the shell's folder.</summary>
    private static string ResolveSqlitePath(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource != ":memory:" && !Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
        }
        if (builder.DataSource != ":memory:")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        }
        builder.DefaultTimeout = 30;
        return builder.ToString();
    }

    /// <summary>
    /// <c>--rebuild-debt-history</c>: rewrites every deal's stored debt history from its records (see
    /// <see cref="Features.Deals.DealRecalculation.RebuildDebtHistoryAsync"/>) and every payment's report keys from its
    /// deal and company (<see cref="Features.Deals.DealRecalculation.RebuildPaymentKeysAsync"/>) and every deal's copy of its company's
    /// responsible (<see cref="Features.Deals.DealRecalculation.RebuildCompanyResponsibleAsync"/>), and prints how many rows it read.
    /// </summary>
    public static async Task<int> RebuildDebtHistoryAsync(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var recalculation = scope.ServiceProvider.GetRequiredService<Features.Deals.DealRecalculation>();
        var deals = await recalculation.RebuildDebtHistoryAsync(CancellationToken.None);
        Console.WriteLine($"The debt history of {deals} deals was rebuilt.");
        var payments = await recalculation.RebuildPaymentKeysAsync(CancellationToken.None);
        Console.WriteLine($"The report keys of {payments} payments were rebuilt.");
        var copies = await recalculation.RebuildCompanyResponsibleAsync(CancellationToken.None);
        Console.WriteLine($"The company responsible stored on {copies} deals was rebuilt.");
        return 0;
    }

    /// <summary>
    /// <c>--rebuild-funnel</c>: rewrites what every stage row stores for the funnel from its deal (see
    /// <see cref="Features.Deals.DealRecalculation.RebuildFunnelFactsAsync"/>) and prints how many rows it wrote.
    /// </summary>
    public static async Task<int> RebuildFunnelFactsAsync(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var rows = await scope.ServiceProvider.GetRequiredService<Features.Deals.DealRecalculation>().RebuildFunnelFactsAsync(CancellationToken.None);
        Console.WriteLine($"The funnel's facts of {rows} deal stages were rebuilt.");
        return 0;
    }

    /// <summary>Applies pending migrations (unless switched off) and seeds what a fresh database needs.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<CrmDbContext>();
        var pending = new List<string>();
        if (app.Configuration.GetValue("Database:MigrateOnStartup", true))
        {
            pending.AddRange(await db.Database.GetPendingMigrationsAsync());
            // A data step or an index over a large table may take minutes; a request's 30 s do not apply here.
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            await db.Database.MigrateAsync();
            db.Database.SetCommandTimeout(null);
        }
        // The debt history table arrives empty: the deals already there get theirs from their records once.
        if (pending.Any(m => m.EndsWith("_DealDebtHistory", StringComparison.Ordinal)))
        {
            await services.GetRequiredService<Features.Deals.DealRecalculation>().RebuildDebtHistoryAsync(CancellationToken.None);
        }
        // The funnel's stage columns arrive empty: the stage rows already there get them from their deals once.
        if (pending.Any(m => m.EndsWith("_DealStageFunnelFacts", StringComparison.Ordinal)))
        {
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            await services.GetRequiredService<Features.Deals.DealRecalculation>().RebuildFunnelFactsAsync(CancellationToken.None);
            db.Database.SetCommandTimeout(null);
        }
        await services.GetRequiredService<Security.TwoFactorSecretsMigration>().RunAsync();
        await services.GetRequiredService<ReferenceSeeder>().SeedAsync();
        await services.GetRequiredService<Features.Reports.ReportSeeder>().SeedAsync();
        var seeder = services.GetRequiredService<IdentitySeeder>();
        if (app.Configuration.GetValue("Seed:DemoUsers", app.Environment.IsDevelopment()))
        {
            await seeder.SeedDemoUsersAsync();
        }
        await seeder.EnsureAdministratorAsync(new BootstrapAdministrator(
            app.Configuration["Bootstrap:AdminUserName"],
            app.Configuration["Bootstrap:AdminEmail"],
            app.Configuration["Bootstrap:AdminPassword"]));
        // Demo companies only on a database that has none, so real or hand-entered data is never mixed with them.
        if (app.Configuration.GetValue("Seed:DemoData", false))
        {
            await services.GetRequiredService<DemoDataSeeder>().SeedIfEmptyAsync();
        }
    }
}
