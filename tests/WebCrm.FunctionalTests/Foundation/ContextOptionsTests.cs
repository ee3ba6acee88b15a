using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using WebCrm.Data;
using WebCrm.Domain.Common;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;
using WebCrm.Web.Features.Shared;
using WebCrm.Web.Infrastructure.Web;

namespace WebCrm.FunctionalTests.Foundation;

/// <summary>
/// The contexts' options are built once per app (<c>DatabaseSetup.OptionsBuiltOnce</c>) and still carry everything the
/// per-request options carried: the provider's connection settings, the command counter and the reference cache's
/// invalidator; what is per request — the user the change history names — stays per request.
/// </summary>
public abstract class ContextOptionsTests(CrmApp app)
{
    private static (CrmDbContext Db, IServiceScope Scope) NewContext(CrmApp app)
    {
        var scope = app.Services.CreateScope();
        return (scope.ServiceProvider.GetRequiredService<CrmDbContext>(), scope);
    }

    [Fact]
    public void Contexts_of_two_scopes_share_one_options_instance_that_carries_the_interceptors_and_settings()
    {
        var (first, firstScope) = NewContext(app);
        var (second, secondScope) = NewContext(app);
        using (firstScope)
        using (secondScope)
        {
            Assert.NotSame(first, second);
            var options = first.GetService<IDbContextOptions>();
            Assert.Same(options, second.GetService<IDbContextOptions>());

            var interceptors = options.FindExtension<CoreOptionsExtension>()!.Interceptors!.ToList();
            Assert.Single(interceptors.OfType<DbCommandCounter>());
            Assert.Single(interceptors.OfType<ReferenceCacheInvalidator>());
            if (first.Database.IsNpgsql())
            {
                var settings = new Npgsql.NpgsqlConnectionStringBuilder(first.Database.GetConnectionString());
                Assert.True(settings.NoResetOnClose);
                Assert.Equal(DbContextOptionsSetup.AutoPreparedStatements, settings.MaxAutoPrepare);
                Assert.Contains("jit=off", settings.Options);
                Assert.Contains("plan_cache_mode=force_custom_plan", settings.Options);
            }
            else
            {
                // SQLite's pragmas and its Cyrillic lower() come with a connection interceptor of the options.
                Assert.Single(interceptors.OfType<SqlitePragmaInterceptor>());
            }
        }
    }

    [Fact]
    public async Task A_context_made_per_request_names_that_request_s_user_in_the_history()
    {
        var users = new List<(string Id, string Name)>();
        for (var i = 0; i < 3; i++)
        {
            users.Add(await app.CreateUserAsync(RoleTemplates.Manager.Permissions));
        }
        var t = CompanyFactory.Token();
        // Three users save at once: each save's history names its own user, not the first or the last one.
        var saved = await Task.WhenAll(users.Select(async (user, i) =>
        {
            using var client = await app.SignedInAsync(user.Name);
            var response = await client.PostFormAsync("/clients/new", new Dictionary<string, string> { ["Name"] = $"{t} company {i}" }, "/clients/new");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return (user.Id, Name: $"{t} company {i}");
        }));

        foreach (var (userId, name) in saved)
        {
            var companyId = await app.InDbAsync(db => db.Companies.Where(c => c.Name == name).Select(c => c.Id).SingleAsync());
            var entityId = companyId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var authors = await app.InDbAsync(db => db.ChangeLog
                .Where(e => e.EntityType == "Company" && e.EntityId == entityId && e.Kind == ChangeKind.Created)
                .Select(e => e.UserId).Distinct().ToListAsync());
            Assert.Equal([userId], authors);
        }
    }
}

public sealed class ContextOptionsTestsSqlite(SqliteApp app) : ContextOptionsTests(app);

public sealed class ContextOptionsTestsPostgreSql(PostgreSqlApp app) : ContextOptionsTests(app);
