using Microsoft.Extensions.DependencyInjection;
using WebCrm.Data;
using WebCrm.Domain.Clients;

namespace WebCrm.FunctionalTests.Infrastructure;

public static class CompanyFactory
{
    /// <summary>Stores a company straight through the DbContext (audit, stamps and search text as the app does).</summary>
    public static async Task<Company> CreateCompanyAsync(this CrmApp app, string responsibleId, string name, Action<Company>? configure = null)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var company = new Company { Name = name, ResponsibleId = responsibleId };
        configure?.Invoke(company);
        db.Companies.Add(company);
        await db.SaveChangesAsync();
        return company;
    }

    public static async Task<T> InDbAsync<T>(this CrmApp app, Func<CrmDbContext, Task<T>> action)
    {
        using var scope = app.Services.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<CrmDbContext>());
    }

    public static string Token() => "t" + Guid.NewGuid().ToString("N")[..10];
}
