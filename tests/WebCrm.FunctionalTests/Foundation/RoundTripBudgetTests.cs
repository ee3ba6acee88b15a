using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Calendar;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Packages;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;
using WebCrm.Web.Infrastructure.Web;

namespace WebCrm.FunctionalTests.Foundation;

/// <summary>
/// The database round trips of every list and card page, counted by the app's command interceptor
/// (<see cref="DbCommandCounter"/>, reported as <c>X-Db-Commands</c> with <c>Diagnostics:ServerTiming</c> on): a list
/// page sends at most 3 commands, a card at most 5, on pages that show every part filled (contacts, bank details,
/// contracts, groups, custom fields, deals with lines, payments and documents, history, activities, letters sent) —
/// with each of the sections other modules add open as the card's tab (full page, no JavaScript), and each section
/// loaded alone the way the card's htmx placeholder loads it.
/// </summary>
public abstract class RoundTripBudgetTests(CrmApp app)
{
    private const int ListBudget = 3;
    private const int CardBudget = 5;

    private sealed record Data(int CompanyId, int DealId, string ManagerName, string Term);

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static readonly Dictionary<CrmApp, Data> Made = [];

    /// <summary>One company with every card part filled and a deal with stages, lines, payments and documents.</summary>
    private async Task<Data> DataAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (Made.TryGetValue(app, out var made))
            {
                return made;
            }
            var (managerId, managerName) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
            var t = CompanyFactory.Token();
            var data = await app.InDbAsync(async db =>
            {
                var rub = await db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync();
                var refs = await db.ReferenceItems.Where(r => r.IsActive).ToListAsync();
                int Ref(ReferenceListKind kind) => refs.Where(r => r.Kind == kind).OrderBy(r => r.SortOrder).First().Id;
                var field = new CustomFieldDefinition { Target = CustomFieldTarget.Company, NameEn = $"{t} size", NameRu = $"{t} размер", Type = CustomFieldType.Number, SortOrder = 1 };
                var contactField = new CustomFieldDefinition { Target = CustomFieldTarget.ContactPerson, NameEn = $"{t} hobby", NameRu = $"{t} хобби", Type = CustomFieldType.Text, SortOrder = 1 };
                var dealField = new CustomFieldDefinition { Target = CustomFieldTarget.Deal, NameEn = $"{t} channel", NameRu = $"{t} канал", Type = CustomFieldType.Text, SortOrder = 1 };
                var group = new CompanyGroup { Name = $"{t} key clients" };
                var product = new Product { Name = $"{t} pump", Price = 100m, CurrencyId = rub, UnitId = Ref(ReferenceListKind.Unit) };
                db.AddRange(field, contactField, dealField, group, product);
                var company = new Company
                {
                    Name = $"{t} works", City = "Kazan", ResponsibleId = managerId, RegionId = Ref(ReferenceListKind.Region),
                    TypeId = Ref(ReferenceListKind.ClientType), IndustryId = Ref(ReferenceListKind.Industry), SourceId = Ref(ReferenceListKind.ClientSource),
                    Contacts = Enumerable.Range(1, 3).Select(i => new ContactPerson { FullName = $"{t} contact {i}", PositionId = Ref(ReferenceListKind.ContactPosition) }).ToList(),
                    BankAccounts = [new BankAccount { BankName = "Bank", Bik = "044525225", AccountNumber = "40702810400000000001" }],
                    Contracts = [new Contract { Number = $"{t}-1", Date = new DateOnly(2026, 1, 10), Amount = 1000m, CurrencyId = rub, StatusId = Ref(ReferenceListKind.ContractStatus) }],
                };
                db.Companies.Add(company);
                await db.SaveChangesAsync();
                db.CompanyGroupMembers.Add(new CompanyGroupMember { GroupId = group.Id, CompanyId = company.Id });
                db.CustomFieldValues.Add(new CustomFieldValue { DefinitionId = field.Id, Target = CustomFieldTarget.Company, EntityId = company.Id, NumberValue = 42 });
                db.CustomFieldValues.Add(new CustomFieldValue { DefinitionId = contactField.Id, Target = CustomFieldTarget.ContactPerson, EntityId = company.Contacts[0].Id, TextValue = "chess" });
                var stages = refs.Where(r => r.Kind == ReferenceListKind.DealStage).OrderBy(r => r.SortOrder).Select(r => r.Id).ToList();
                var shipment = refs.First(r => r.Kind == ReferenceListKind.AccountingDocumentType && r.CountsAsShipment).Id;
                Deal NewDeal(string title, DealStatus status) => new()
                {
                    CompanyId = company.Id, ResponsibleId = managerId, Title = title, StartDate = new DateOnly(2026, 2, 1), CurrencyId = rub,
                    Status = status, CloseDate = status == DealStatus.Won ? new DateOnly(2026, 3, 1) : null, ContactPersonId = company.Contacts[0].Id,
                    SourceId = Ref(ReferenceListKind.ClientSource), CurrentStageId = stages[0],
                    Stages = stages.Select(s => new DealStage { StageId = s, ResponsibleId = managerId, PlannedEnd = new DateOnly(2026, 2, 20) }).ToList(),
                    Lines = [new DealLine { ProductId = product.Id, Quantity = 2, UnitPrice = 100m, Amount = 200m, UnitId = product.UnitId }],
                    Payments = [new Payment { Date = new DateOnly(2026, 2, 5), Amount = 50m, CurrencyId = rub, AmountInDealCurrency = 50m }],
                    Documents = [new AccountingDocument { TypeId = shipment, Number = "1", Date = new DateOnly(2026, 2, 4), Amount = 200m }],
                };
                var deals = new[] { NewDeal($"{t} open", DealStatus.Open), NewDeal($"{t} won", DealStatus.Won) };
                var order = stages.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i);
                foreach (var d in deals)
                {
                    d.Recalculate(2, s => order[s], typeId => typeId == shipment);
                }
                db.Deals.AddRange(deals);
                await db.SaveChangesAsync();
                db.CustomFieldValues.Add(new CustomFieldValue { DefinitionId = dealField.Id, Target = CustomFieldTarget.Deal, EntityId = deals[0].Id, TextValue = "web" });
                // Calendar and Packages sections filled: a done and a planned activity of the company and of the deal, a letter sent.
                var activityType = Ref(ReferenceListKind.ActivityType);
                var start = new DateTime(2026, 2, 10, 9, 0, 0, DateTimeKind.Utc);
                foreach (var (status, days) in new[] { (ActivityStatus.Done, 0), (ActivityStatus.Planned, 30) })
                {
                    db.Activities.Add(new Activity { ResponsibleId = managerId, Subject = $"{t} call {status}", TypeId = activityType, Status = status,
                        StartUtc = start.AddDays(days), EndUtc = start.AddDays(days).AddHours(1), CompanyId = company.Id });
                    db.Activities.Add(new Activity { ResponsibleId = managerId, Subject = $"{t} deal call {status}", TypeId = activityType, Status = status,
                        StartUtc = start.AddDays(days), EndUtc = start.AddDays(days).AddHours(1), CompanyId = company.Id, DealId = deals[0].Id });
                }
                var message = new OutboxMessage { ToAddress = "client@example.com", Subject = $"{t} prices", TextBody = "prices", Source = "packages",
                    State = OutboxState.Failed, LastError = "refused", CreatedAtUtc = start, NextAttemptUtc = start };
                db.Add(message);
                await db.SaveChangesAsync();
                db.Add(new PackageLetter { CompanyId = company.Id, ContactPersonId = company.Contacts[0].Id, ContactName = company.Contacts[0].FullName,
                    ToAddress = "client@example.com", PackageName = $"{t} prices", Subject = $"{t} prices", OutboxMessageId = message.Id,
                    SentById = managerId, SentAtUtc = start });
                await db.SaveChangesAsync();
                // A quick search whose best-match pages of 25 cross from the name-prefix part into the rest: 30 names start
                // with the term, 30 only contain it.
                db.Companies.AddRange(Enumerable.Range(1, 30).SelectMany(i => new[]
                {
                    new Company { Name = $"{t}pm {i:00}", ResponsibleId = managerId },
                    new Company { Name = $"Rest {t}pm {i:00}", ResponsibleId = managerId },
                }));
                await db.SaveChangesAsync();
                return new Data(company.Id, deals[0].Id, managerName, $"{t}pm");
            });
            Made[app] = data;
            return data;
        }
        finally
        {
            Once.Release();
        }
    }

    private static async Task<int> CommandsAsync(CrmClient client, string url)
    {
        // The first request may load the reference cache (in a scope of its own, not counted) and compile queries.
        await client.GetAsync(url);
        var response = await client.GetAsync(url);
        if (url.Contains("/section", StringComparison.Ordinal) || url.StartsWith("/knowledge/linked", StringComparison.Ordinal)
            || (url.StartsWith("/clients/", StringComparison.Ordinal) && url.EndsWith("/products", StringComparison.Ordinal)))
        {
            // A section alone is what htmx asks for: its body must show the section (not an empty or error answer).
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(body.Contains("<section", StringComparison.Ordinal), $"GET {url} did not answer the section");
        }
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}");
        Assert.True(response.Headers.TryGetValues(DbCommandCountMiddleware.Header, out var values), $"GET {url} has no {DbCommandCountMiddleware.Header}");
        return int.Parse(values.Single(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task AssertBudgetAsync(CrmClient client, int budget, params string[] urls)
    {
        var over = new List<string>();
        foreach (var url in urls)
        {
            var commands = await CommandsAsync(client, url);
            // Every page here reads something: zero would mean the counter saw nothing.
            Assert.True(commands > 0, $"GET {url}: no database command counted");
            if (commands > budget)
            {
                over.Add($"{url}: {commands}");
            }
        }
        Assert.True(over.Count == 0, $"over the budget of {budget} round trips: {string.Join("; ", over)}");
    }

    [Fact]
    public async Task List_pages_make_at_most_three_round_trips()
    {
        var data = await DataAsync();
        using var admin = await app.SignedInAsync("admin", "demo-crm-2026");
        using var manager = await app.SignedInAsync(data.ManagerName);
        const string lists = "/clients?sort=name|/clients?q=works|/clients?c%5B0%5D.f=name&c%5B0%5D.o=Contains&c%5B0%5D.v=works&sort=city"
            + "|/clients?sort=debt&desc=true|/deals|/deals?Sort=start&Desc=true|/deals?HasDebt=true&Sort=debt&Desc=true|/deals?Status=Open&Overdue=true"
            + "|/products|/exchange-rates";
        await AssertBudgetAsync(admin, ListBudget, lists.Split('|'));
        await AssertBudgetAsync(manager, ListBudget, lists.Split('|'));
        // The best match's pages: all name-prefix rows, prefix and rest rows, rest rows only.
        var bestMatch = new[] { 1, 2, 3 }.Select(p => $"/clients?q={data.Term}&size=25&page={p}").ToArray();
        await AssertBudgetAsync(admin, ListBudget, bestMatch);
        await AssertBudgetAsync(manager, ListBudget, bestMatch);
        await AssertBudgetAsync(admin, ListBudget, "/admin/users", "/admin/lists/region", "/admin/custom-fields", "/admin/lists/currencies");
    }

    [Fact]
    public async Task The_company_list_offers_saved_filters_from_the_reference_cache_and_sends_two_commands()
    {
        var data = await DataAsync();
        using var manager = await app.SignedInAsync(data.ManagerName);
        var name = $"{CompanyFactory.Token()} my filter";
        var searched = $"/clients?q={data.Term}";
        var action = (await manager.PageAsync(searched)).QuerySelector("form[action^='/clients/filters?']")?.GetAttribute("action");
        Assert.NotNull(action);
        var saved = await manager.PostFormAsync(action!, new { filterName = name }, searched);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        // The save dropped this instance's copy: the very next list page offers the new filter.
        var options = (await manager.PageAsync("/clients?sort=name")).QuerySelectorAll("#saved option").Select(o => o.TextContent.Trim()).ToList();
        Assert.Contains(name, options);
        // Its rows with their count in one command, and the layout's reminder badge; the saved filters and the groups
        // come from the cache (which loads in a scope of its own, not counted), not from a round trip of the page.
        Assert.Equal(2, await CommandsAsync(manager, "/clients?sort=name"));
    }

    [Fact]
    public async Task Card_pages_make_at_most_five_round_trips()
    {
        var data = await DataAsync();
        using var admin = await app.SignedInAsync("admin", "demo-crm-2026");
        using var manager = await app.SignedInAsync(data.ManagerName);
        var company = $"/clients/{data.CompanyId}";
        var deal = $"/deals/{data.DealId}";
        // Every tab open in turn (the lazy sections then render in the page), and each lazy section alone.
        var cards = new[]
        {
            company, $"{company}?tab=activities", $"{company}?tab=materials", $"{company}?tab=products", $"{company}?tab=articles", $"{company}?tab=history",
            deal, $"{deal}?tab=activities", $"{deal}?tab=articles", $"{deal}?tab=history",
            $"/calendar/history/section?companyId={data.CompanyId}", $"/calendar/history/section?dealId={data.DealId}",
            $"/packages/sent/section?companyId={data.CompanyId}", $"{company}/products",
            $"/knowledge/linked?kind=Company&id={data.CompanyId}", $"/knowledge/linked?kind=Deal&id={data.DealId}",
        };
        await AssertBudgetAsync(admin, CardBudget, cards);
        await AssertBudgetAsync(manager, CardBudget, cards);
    }
}

/// <summary>An app of its own with <c>Diagnostics:ServerTiming</c> on, so every response carries <c>X-Db-Commands</c>.</summary>
public sealed class CountingSqliteApp : SqliteApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Diagnostics:ServerTiming", "true");
    }
}

/// <inheritdoc cref="CountingSqliteApp"/>
public sealed class CountingPostgreSqlApp : PostgreSqlApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Diagnostics:ServerTiming", "true");
    }
}

public sealed class RoundTripBudgetTestsSqlite(CountingSqliteApp app) : RoundTripBudgetTests(app), IClassFixture<CountingSqliteApp>;
public sealed class RoundTripBudgetTestsPostgreSql(CountingPostgreSqlApp app) : RoundTripBudgetTests(app), IClassFixture<CountingPostgreSqlApp>;
