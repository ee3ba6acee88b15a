using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WebCrm.Data.Identity;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Foundation;

/// <summary>How the app starts in Production: no demo users, the first administrator from configuration.</summary>
public sealed class StartupTests
{
    private sealed class ProductionApp(Dictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        public readonly string File = Path.Combine(Path.GetTempPath(), $"webcrm-prod-{Guid.NewGuid():N}.db");

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("ConnectionStrings:Crm", $"Data Source={File}");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                System.IO.File.Delete(File + suffix);
            }
        }
    }

    [Fact]
    public async Task An_empty_production_database_without_an_administrator_refuses_to_start()
    {
        await using var app = new ProductionApp([]);
        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("Bootstrap__AdminUserName", error.ToString());
    }

    [Fact]
    public async Task The_first_administrator_comes_from_configuration_and_no_demo_users_exist()
    {
        await using var app = new ProductionApp(new()
        {
            ["Bootstrap:AdminUserName"] = "chief",
            ["Bootstrap:AdminEmail"] = "chief@example.org",
            ["Bootstrap:AdminPassword"] = "Harbour lights 2026",
        });
        var client = new CrmClient(CrmClient.English(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false })));
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync("chief", "Harbour lights 2026")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/users")).StatusCode);
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.Null(await users.FindByNameAsync("manager1"));
        Assert.Null(await users.FindByNameAsync("admin"));
    }

    [Fact]
    public void Sessions_revalidate_rights_at_most_every_minute_by_default()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!System.IO.File.Exists(Path.Combine(dir!.FullName, "WebCrm.sln")))
        {
            dir = dir.Parent;
        }
        var config = new ConfigurationBuilder().AddJsonFile(Path.Combine(dir.FullName, "src", "WebCrm.Web", "appsettings.json")).Build();
        var interval = config.GetValue("Security:StampValidationInterval", TimeSpan.MaxValue);
        Assert.True(interval <= TimeSpan.FromMinutes(1), $"interval {interval}");
    }

    [Fact]
    public async Task The_configured_interval_reaches_identity()
    {
        await using var app = new ProductionApp(new()
        {
            ["Bootstrap:AdminUserName"] = "chief",
            ["Bootstrap:AdminPassword"] = "Harbour lights 2026",
            ["Security:StampValidationInterval"] = "00:07:00",
        });
        var options = app.Services.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
        Assert.Equal(TimeSpan.FromMinutes(7), options.ValidationInterval);
    }

    [Fact]
    public async Task Without_configuration_identity_gets_one_minute_not_its_own_thirty_minutes()
    {
        await using var app = new ProductionApp(new()
        {
            ["Bootstrap:AdminUserName"] = "chief",
            ["Bootstrap:AdminPassword"] = "Harbour lights 2026",
        });
        var options = app.Services.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
        Assert.Equal(TimeSpan.FromMinutes(1), options.ValidationInterval);
        Assert.NotEqual(new SecurityStampValidatorOptions().ValidationInterval, options.ValidationInterval);
    }
}
