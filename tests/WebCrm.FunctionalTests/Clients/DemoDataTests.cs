using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebCrm.Data;
using WebCrm.Data.Seeding;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Common;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Clients;

/// <summary>
/// Runs the Development demo seed against the shared test database. It only adds rows (other tests must not
/// assume an empty company table), and every assertion looks only at the companies this run added.
/// </summary>
public abstract class DemoDataTests(CrmApp app)
{
    [Fact]
    public async Task Demo_seed_adds_about_200_valid_companies_of_the_demo_managers()
    {
        var ct = TestContext.Current.CancellationToken;
        DemoDataResult result;
        var started = System.Diagnostics.Stopwatch.StartNew();
        using (var scope = app.Services.CreateScope())
        {
            result = await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync(ct);
        }
        TestContext.Current.SendDiagnosticMessage($"demo seed took {started.ElapsedMilliseconds} ms");
        Assert.InRange(result.CompanyIds.Count, 190, 210);

        using var check = app.Services.CreateScope();
        var db = check.ServiceProvider.GetRequiredService<CrmDbContext>();
        var ids = result.CompanyIds.ToList();
        var companies = await db.Companies.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Include(c => c.Contacts).Include(c => c.BankAccounts).Include(c => c.Contracts).Include(c => c.Groups)
            .AsSplitQuery().ToListAsync(ct);
        Assert.Equal(ids.Count, companies.Count);

        var demoOwners = await db.Users.AsNoTracking()
            .Where(u => DemoDataSeeder.ResponsibleUserNames.Contains(u.UserName!))
            .ToDictionaryAsync(u => u.Id, u => u.UserName!, ct);
        Assert.Equal(3, demoOwners.Count);
        Assert.All(companies, c => Assert.Contains(c.ResponsibleId, demoOwners.Keys));
        // Spread over all three, not piled on one.
        Assert.All(demoOwners.Keys, owner => Assert.True(companies.Count(c => c.ResponsibleId == owner) >= 30, owner));

        Assert.Equal(companies.Count, companies.Select(c => c.Name).Distinct().Count());
        foreach (var company in companies)
        {
            Assert.True(RussianTaxNumbers.IsValidInn(company.Inn), $"{company.Name}: INN {company.Inn}");
            Assert.True(RussianTaxNumbers.IsValidOgrnOrOgrnip(company.Ogrn), $"{company.Name}: OGRN {company.Ogrn}");
            if (company.Inn!.Length == 10)
            {
                Assert.True(RussianTaxNumbers.IsValidKpp(company.Kpp), $"{company.Name}: KPP {company.Kpp}");
                Assert.True(RussianTaxNumbers.IsValidOgrn(company.Ogrn));
            }
            else
            {
                Assert.StartsWith("ИП ", company.Name);
                Assert.Null(company.Kpp);
                Assert.True(RussianTaxNumbers.IsValidOgrnip(company.Ogrn));
            }
            Assert.False(string.IsNullOrWhiteSpace(company.LegalName));
            Assert.False(string.IsNullOrWhiteSpace(company.City));
            Assert.Contains(company.City!, company.LegalAddress);
            Assert.StartsWith("+7 (", company.Phone);
            Assert.Contains("@", company.Email);
            Assert.NotNull(company.TypeId);
            Assert.NotNull(company.RegionId);
            Assert.NotNull(company.IndustryId);
            // Written by the DbContext on save, as for companies entered in the UI.
            Assert.Equal(SearchText.Of(company.Name, company.LegalName, company.Inn, company.Phone, company.Email, company.City), company.SearchText);
            Assert.NotEqual(default, company.CreatedAtUtc);

            Assert.InRange(company.Contacts.Count, 1, 4);
            Assert.All(company.Contacts, p =>
            {
                Assert.Equal(3, p.FullName.Split(' ').Length);
                Assert.NotEmpty(p.SearchText);
            });
            Assert.InRange(company.BankAccounts.Count, 0, 2);
            Assert.All(company.BankAccounts, a =>
            {
                Assert.True(RussianTaxNumbers.IsValidAccount(a.AccountNumber, a.Bik), $"{a.AccountNumber} / {a.Bik}");
                Assert.True(RussianTaxNumbers.IsValidCorrespondentAccount(a.CorrespondentAccount, a.Bik), $"{a.CorrespondentAccount} / {a.Bik}");
            });
            Assert.InRange(company.Contracts.Count, 0, 2);
        }
        Assert.True(companies.Sum(c => c.Contacts.Count) >= 2 * companies.Count);
        Assert.True(companies.Count(c => c.BankAccounts.Count > 0) >= companies.Count / 2);
        Assert.Contains(companies, c => c.Inn!.Length == 12);
        Assert.Contains(companies, c => c.Contacts.Any(p => p.Birthday is not null));

        var contracts = companies.SelectMany(c => c.Contracts).ToList();
        Assert.True(contracts.Count >= 100);
        Assert.All(contracts, k => Assert.NotNull(k.StatusId));
        var currencies = await db.Currencies.AsNoTracking().Where(c => c.Code == "RUB" || c.Code == "USD").ToDictionaryAsync(c => c.Id, c => c.Code, ct);
        Assert.Equal(["RUB", "USD"], contracts.Select(k => currencies[k.CurrencyId!.Value]).Distinct().Order());
        var withFile = contracts.Where(k => k.FileName is not null).ToList();
        Assert.NotEmpty(withFile);
        var fileIds = withFile.Select(k => k.Id).ToList();
        var files = await db.ContractFiles.AsNoTracking().Where(f => fileIds.Contains(f.ContractId)).ToListAsync(ct);
        Assert.Equal(withFile.Count, files.Count);
        Assert.All(files, f =>
        {
            var contract = withFile.Single(k => k.Id == f.ContractId);
            Assert.Equal(contract.FileSize, f.Content.Length);
            Assert.Contains(contract.Number, System.Text.Encoding.UTF8.GetString(f.Content));
        });

        var groupIds = result.GroupIds.ToList();
        var groups = await db.CompanyGroups.AsNoTracking().Where(g => groupIds.Contains(g.Id)).ToListAsync(ct);
        Assert.Contains(groups, g => g.Name == "Ключевые клиенты" && g.OwnerId == null);
        Assert.Contains(groups, g => g.Name == "Выставка 2026" && g.OwnerId == null);
        var personal = groups.Where(g => g.OwnerId != null).ToList();
        Assert.Equal(["manager1", "manager2"], personal.Select(g => demoOwners[g.OwnerId!]).Distinct().Order());
        var members = await db.CompanyGroupMembers.AsNoTracking().Where(m => groupIds.Contains(m.GroupId)).ToListAsync(ct);
        Assert.All(groups, g => Assert.Contains(members, m => m.GroupId == g.Id));
        // A personal group holds only its owner's companies.
        var owners = companies.ToDictionary(c => c.Id, c => c.ResponsibleId);
        Assert.All(personal, g => Assert.All(members.Where(m => m.GroupId == g.Id), m => Assert.Equal(g.OwnerId, owners[m.CompanyId])));

        // Created through the DbContext, so each company's card has its "created" history entry.
        var idTexts = ids.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var created = await db.ChangeLog.AsNoTracking()
            .CountAsync(e => e.EntityType == nameof(Company) && e.Kind == ChangeKind.Created && idTexts.Contains(e.EntityId), ct);
        Assert.Equal(ids.Count, created);

        // The start-up path seeds only an empty database: now that companies exist, it adds nothing.
        using var again = app.Services.CreateScope();
        var second = await again.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedIfEmptyAsync(ct);
        Assert.Empty(second.CompanyIds);
    }
}

public sealed class DemoDataTestsSqlite(SqliteApp app) : DemoDataTests(app);

public sealed class DemoDataTestsPostgreSql(PostgreSqlApp app) : DemoDataTests(app);
