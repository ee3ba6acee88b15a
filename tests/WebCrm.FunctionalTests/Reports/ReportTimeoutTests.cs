using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using WebCrm.Data;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Reports;

/// <summary>
/// A report whose query the database does not finish in time answers 503 with a page that says so in the user's
/// language, never 500: the test holds a lock on the payments table, so the payments report's query waits until the
/// app's one-second report timeout cancels it (a real PostgreSQL command timeout); released, the same report answers.
/// </summary>
public sealed class ReportTimeoutTests(ReportTimeoutTests.App app) : IClassFixture<ReportTimeoutTests.App>
{
    /// <summary>A PostgreSQL app whose report queries may take one second.</summary>
    public sealed class App : PostgreSqlApp
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Reports:TimeoutSeconds", "1");
        }
    }

    private const string Report = "/reports?M=Payments&R=Salesperson&Step=Month&From=2025-01-01&To=2025-06-30";

    [Fact]
    public async Task A_report_the_database_does_not_finish_in_time_says_so_with_503()
    {
        var (_, director) = await app.CreateUserAsync([.. RoleTemplates.Director.Permissions], "tdir");
        using var client = await app.SignedInAsync(director);
        var connection = await app.WithServiceAsync<CrmDbContext, string>(db => Task.FromResult(db.Database.GetConnectionString()!));
        await using (var locker = new NpgsqlConnection(connection))
        {
            await locker.OpenAsync(TestContext.Current.CancellationToken);
            await using var transaction = await locker.BeginTransactionAsync(TestContext.Current.CancellationToken);
            await using (var command = new NpgsqlCommand("""LOCK TABLE "Payments" IN ACCESS EXCLUSIVE MODE""", locker, transaction))
            {
                await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            }
            var response = await client.GetAsync(Report);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var page = await CrmClient.ParseAsync(response);
            Assert.Contains("did not finish this report in time", page.QuerySelector("#report-timeout")!.TextContent);

            var russian = new HttpRequestMessage(HttpMethod.Get, Report);
            russian.Headers.AcceptLanguage.Clear();
            russian.Headers.AcceptLanguage.ParseAdd("ru");
            var inRussian = await client.Http.SendAsync(russian, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, inRussian.StatusCode);
            Assert.Contains("не успела построить этот отчёт", (await CrmClient.ParseAsync(inRussian)).QuerySelector("#report-timeout")!.TextContent);

            // The export of the same report says the same.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync(Report.Replace("/reports?", "/reports/export/xlsx?"))).StatusCode);
            await transaction.RollbackAsync(TestContext.Current.CancellationToken);
        }
        var released = await client.GetAsync(Report);
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        Assert.NotNull((await CrmClient.ParseAsync(released)).QuerySelector("#report-table"));
    }
}
