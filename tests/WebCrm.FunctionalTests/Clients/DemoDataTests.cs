using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebCrm.Data;
using WebCrm.Data.Seeding;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Common;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Clients;

/// <summary>
/// Runs the Development demo seed on a database of its own (it adds 200 companies to the demo managers, deals on
/// every deal stage, rates and products). Every assertion looks only at the rows this run added.
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
        // The demo calendar: a few hundred activities around today for each of them, about their own companies only.
        var activities = await db.Activities.AsNoTracking().Where(a => demoOwners.Keys.Contains(a.ResponsibleId))
            .Select(a => new { a.ResponsibleId, a.CompanyId, a.StartUtc, a.Status }).ToListAsync(ct);
        Assert.All(demoOwners.Keys, owner => Assert.Equal(DemoActivities.PerUser, activities.Count(a => a.ResponsibleId == owner)));
        var owned = companies.ToDictionary(c => c.Id, c => c.ResponsibleId);
        Assert.All(activities, a => Assert.True(a.CompanyId is null || owned[a.CompanyId.Value] == a.ResponsibleId));
        Assert.Contains(activities, a => a.Status == WebCrm.Domain.Calendar.ActivityStatus.Done && a.StartUtc < DateTime.UtcNow);
        Assert.Contains(activities, a => a.Status == WebCrm.Domain.Calendar.ActivityStatus.Planned && a.StartUtc > DateTime.UtcNow);
        Assert.All(activities, a => Assert.InRange(a.StartUtc, DateTime.UtcNow.AddDays(-62), DateTime.UtcNow.AddDays(33)));

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

        await CheckDealsAsync(db, result, demoOwners, ct);

        // The start-up path seeds only an empty database: now that companies exist, it adds nothing.
        using var again = app.Services.CreateScope();
        var second = await again.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedIfEmptyAsync(ct);
        Assert.Empty(second.CompanyIds);
    }

    /// <summary>The demo deals: every state, lines, payments (some in USD), documents, stored totals as the app keeps them.</summary>
    private static async Task CheckDealsAsync(CrmDbContext db, DemoDataResult result, IReadOnlyDictionary<string, string> demoOwners, CancellationToken ct)
    {
        var ids = result.DealIds.ToList();
        Assert.InRange(ids.Count, 150, 450);
        var deals = await db.Deals.AsNoTracking().Where(d => ids.Contains(d.Id))
            .Include(d => d.Stages).Include(d => d.Lines).Include(d => d.Payments).Include(d => d.Documents)
            .AsSplitQuery().ToListAsync(ct);
        Assert.Equal(ids.Count, deals.Count);
        var companyIds = result.CompanyIds.ToHashSet();
        Assert.All(deals, d => Assert.Contains(d.CompanyId, companyIds));
        Assert.All(deals, d => Assert.Contains(d.ResponsibleId, demoOwners.Keys));

        var stages = await db.ReferenceItems.AsNoTracking().Where(r => r.Kind == ReferenceListKind.DealStage && r.IsActive)
            .OrderBy(r => r.SortOrder).Select(r => r.Id).ToListAsync(ct);
        var open = deals.Where(d => d.Status == DealStatus.Open).ToList();
        // Open at each stage of the list, won, and lost with a reason and the stage it was lost at.
        Assert.All(stages, s => Assert.Contains(open, d => d.CurrentStageId == s));
        Assert.True(deals.Count(d => d.Status == DealStatus.Won) >= 10);
        var lost = deals.Where(d => d.Status == DealStatus.Lost).ToList();
        Assert.True(lost.Count >= 5);
        Assert.All(lost, d => Assert.True(d.LossReasonId is not null && d.LostAtStageId is not null && d.CloseDate is not null));
        Assert.True(lost.Select(d => d.LostAtStageId).Distinct().Count() >= 2);
        Assert.True(lost.Select(d => d.LossReasonId).Distinct().Count() >= 2);
        Assert.All(deals.Where(d => d.Status == DealStatus.Won), d => Assert.All(d.Stages, s => Assert.NotNull(s.CompletedOn)));
        // Stage responsibles are sometimes a colleague of the owner.
        Assert.Contains(deals, d => d.Stages.Any(s => s.ResponsibleId != d.ResponsibleId));

        var today = DateOnly.FromDateTime(DateTime.Now);
        var shipmentTypes = (await db.ReferenceItems.AsNoTracking().Where(r => r.CountsAsShipment).Select(r => r.Id).ToListAsync(ct)).ToHashSet();
        foreach (var d in deals)
        {
            Assert.Equal(stages.Count, d.Stages.Count);
            Assert.NotEmpty(d.Lines);
            var totals = DealMath.Totals(d.Status, d.Lines.Select(l => l.Amount), d.Payments.Select(p => p.AmountInDealCurrency),
                d.Documents.Select(x => new ShipmentDocument(x.Amount, shipmentTypes.Contains(x.TypeId))), 2);
            Assert.Equal((totals.LinesTotal, totals.Paid, totals.Shipped, totals.Debt, totals.Advance),
                (d.LinesTotal, d.PaidTotal, d.ShippedTotal, d.Debt, d.Advance));
            Assert.All(d.Lines, l => Assert.Equal(DealMath.LineAmount(l.Quantity, l.UnitPrice, l.DiscountPercent, 2), l.Amount));
            Assert.True(d.Debt >= 0, $"{d.Title}: debt {d.Debt}");
            Assert.All(d.Payments, p => Assert.InRange(p.Date, d.StartDate, today));
            Assert.True(d.CloseDate is null || (d.CloseDate >= d.StartDate && d.CloseDate <= today));
        }
        Assert.Contains(deals, d => d.Status == DealStatus.Won && d.Debt == 0);
        Assert.Contains(deals, d => d.Status == DealStatus.Won && d.Debt > 0);
        // Won deals with and without their shipment documents (the latter count their amount as shipped).
        Assert.Contains(deals, d => d.Status == DealStatus.Won && d.Documents.Any(x => shipmentTypes.Contains(x.TypeId)));
        Assert.Contains(deals, d => d.Status == DealStatus.Won && !d.Documents.Any(x => shipmentTypes.Contains(x.TypeId)));
        Assert.All(deals.Where(d => d.Status == DealStatus.Lost), d => Assert.Equal(0m, d.Debt));
        Assert.True(deals.Count(d => d.Documents.Count > 0) >= deals.Count / 2);

        var currencies = await db.Currencies.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.Id, ct);
        var usd = currencies["USD"];
        Assert.Contains(deals, d => d.CurrencyId == usd);
        var usdPayments = deals.Where(d => d.CurrencyId != usd).SelectMany(d => d.Payments).Where(p => p.CurrencyId == usd).ToList();
        Assert.NotEmpty(usdPayments);
        var rates = await db.ExchangeRates.AsNoTracking().Where(r => r.CurrencyId == usd).Select(r => new DatedRate(r.CurrencyId, r.Date, r.Rate)).ToListAsync(ct);
        Assert.True(rates.Count(r => r.Date >= today.AddDays(-DemoDeals.PeriodDays)) >= 50);
        Assert.All(usdPayments, p =>
        {
            Assert.NotNull(DealMath.RateOn(usd, p.Date, currencies["RUB"], rates));
            Assert.True(p.AmountInDealCurrency > p.Amount * 50, $"{p.Amount} USD = {p.AmountInDealCurrency} RUB");
        });

        // The catalogue the lines come from, found again (not duplicated) by a second run.
        Assert.Equal(8, await db.Products.CountAsync(p => p.Code != null && p.Code.StartsWith("DEMO-"), ct));
    }
}

public sealed class DemoDataTestsSqlite(IsolatedSqliteApp app) : DemoDataTests(app), IClassFixture<IsolatedSqliteApp>;

public sealed class DemoDataTestsPostgreSql(IsolatedPostgreSqlApp app) : DemoDataTests(app), IClassFixture<IsolatedPostgreSqlApp>;
