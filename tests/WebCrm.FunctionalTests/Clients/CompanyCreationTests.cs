using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;
using WebCrm.Web.Infrastructure.Startup;

namespace WebCrm.FunctionalTests.Clients;

/// <summary>A new company and its custom field values are stored together or not at all.</summary>
public abstract class CompanyCreationTests(CrmApp app)
{
    /// <summary>Makes the database refuse the custom field values of one definition, as a failing custom-field save would.</summary>
    private sealed class FailingCustomValues(int definitionId) : SaveChangesInterceptor
    {
        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (eventData.Context!.ChangeTracker.Entries<CustomFieldValue>().Any(e => e.State == EntityState.Added && e.Entity.DefinitionId == definitionId))
            {
                throw new DbUpdateException("The custom field values could not be saved.");
            }
            return base.SavingChangesAsync(eventData, result, cancellationToken);
        }
    }

    private async Task<int> DefinitionAsync(string token) => await app.InDbAsync(async db =>
    {
        var d = new CustomFieldDefinition { Target = CustomFieldTarget.Company, NameEn = $"{token} code", NameRu = $"{token} код", Type = CustomFieldType.Text, SortOrder = 5000 };
        db.CustomFieldDefinitions.Add(d);
        await db.SaveChangesAsync();
        return d.Id;
    });

    private Task<int> RetireAsync(int definitionId) => app.InDbAsync(async db =>
    {
        // Other tests create companies without this field: it must not outlive this test.
        (await db.CustomFieldDefinitions.SingleAsync(x => x.Id == definitionId)).IsActive = false;
        return await db.SaveChangesAsync();
    });

    [Fact]
    public async Task When_the_custom_values_fail_no_company_row_is_left()
    {
        var t = CompanyFactory.Token();
        var defId = await DefinitionAsync(t);
        try
        {
            await using var failing = app.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            {
                // The app's context options are singletons (DatabaseSetup.OptionsBuiltOnce): so is what a test adds to them.
                s.ConfigureDbContext<SqliteCrmDbContext>(o => o.AddInterceptors(new FailingCustomValues(defId)), DatabaseSetup.OptionsBuiltOnce);
                s.ConfigureDbContext<PostgreSqlCrmDbContext>(o => o.AddInterceptors(new FailingCustomValues(defId)), DatabaseSetup.OptionsBuiltOnce);
            }));
            var (_, userName) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
            using var client = new CrmClient(CrmClient.English(failing.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true })));
            Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(userName, CrmApp.Password)).StatusCode);

            var form = new Dictionary<string, string> { ["Name"] = t, [$"Custom[{defId}]"] = "A-17" };
            try
            {
                var response = await client.PostFormAsync("/clients/new", form, "/clients/new");
                Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            }
            catch (DbUpdateException)
            {
                // The test server may hand the unhandled exception to the caller instead of the error page.
            }

            Assert.False(await app.InDbAsync(db => db.Companies.AnyAsync(c => c.Name == t)));
            Assert.False(await app.InDbAsync(db => db.CustomFieldValues.AnyAsync(v => v.DefinitionId == defId)));
        }
        finally
        {
            await RetireAsync(defId);
        }
    }

    [Fact]
    public async Task Create_with_custom_values_stores_both()
    {
        var t = CompanyFactory.Token();
        var defId = await DefinitionAsync(t);
        try
        {
            var (_, userName) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
            var client = await app.SignedInAsync(userName);
            var response = await client.PostFormAsync("/clients/new", new Dictionary<string, string> { ["Name"] = t, [$"Custom[{defId}]"] = "A-17" }, "/clients/new");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var id = await app.InDbAsync(db => db.Companies.Where(c => c.Name == t).Select(c => c.Id).SingleAsync());
            Assert.Equal("A-17", await app.InDbAsync(db => db.CustomFieldValues
                .Where(v => v.DefinitionId == defId && v.EntityId == id && v.Target == CustomFieldTarget.Company).Select(v => v.TextValue).SingleAsync()));
        }
        finally
        {
            await RetireAsync(defId);
        }
    }
}

public sealed class CompanyCreationTestsSqlite(SqliteApp app) : CompanyCreationTests(app);
public sealed class CompanyCreationTestsPostgreSql(PostgreSqlApp app) : CompanyCreationTests(app);
