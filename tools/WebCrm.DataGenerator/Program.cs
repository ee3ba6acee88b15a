using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Data.Auditing;
using WebCrm.Data.Seeding;
using WebCrm.DataGenerator;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Common;
using WebCrm.Domain.Deals;

// Fills a WebCrm database with scale data for performance work: companies with contact persons and, on request,
// deals with stages, lines and payments, spread over a set of generated managers. Each run adds more; nothing is
// ever deleted.

GeneratorOptions options;
try
{
    options = GeneratorOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(GeneratorOptions.Usage);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(GeneratorOptions.Usage);
    return 0;
}

var total = Stopwatch.StartNew();
await using var db = options.CreateContext();
var isPostgreSql = db is PostgreSqlCrmDbContext;
db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));

await TimedStep("migrate", async () => await db.Database.MigrateAsync());
await TimedStep("reference values", async () => await new ReferenceSeeder(db).SeedAsync());
var managers = await Timed("manager users", () => Managers.EnsureAsync(db, options.Managers));
Console.WriteLine($"  {managers.Count} responsible managers");

var references = await DemoReferences.LoadAsync(db);
var existing = await db.Companies.CountAsync();
var seed = options.Seed ?? 1_000_003 + existing;
var random = new Random(seed);
var factory = new DemoDataFactory(random, references, managers);
var now = TimeProvider.System.GetUtcNow().UtcDateTime;
Console.WriteLine($"  {existing} companies already there; random seed {seed}");

// Every company gets one contact while there are enough; the rest land on random companies.
var contactsOf = new int[options.Companies];
for (var i = 0; i < options.Contacts; i++)
{
    contactsOf[i < options.Companies ? i : random.Next(options.Companies)]++;
}

await using var transaction = await db.Database.BeginTransactionAsync();
var (companyIds, contactIds) = await Timed("reserve keys", async () => (
    await Keys.ReserveAsync(db, "Companies", options.Companies),
    await Keys.ReserveAsync(db, "ContactPersons", options.Contacts)));

var phones = new string?[options.Companies];
var responsibles = new string[options.Companies];
var regions = new int?[options.Companies];
var firstContacts = new int?[options.Companies];
var emails = new string?[options.Companies];
Company? lastCompany = null;
await Timed("companies", async () =>
{
    await using var writer = Open<Company>(db, isPostgreSql);
    for (var i = 0; i < options.Companies; i++)
    {
        var company = factory.NewCompany();
        company.Id = companyIds[i];
        Stamp(company);
        company.RefreshSearchText();
        writer.Write(company);
        phones[i] = company.Phone;
        responsibles[i] = company.ResponsibleId;
        regions[i] = company.RegionId;
        emails[i] = company.Email;
        lastCompany = company;
    }
    await writer.CompleteAsync();
    return writer.Rows;
});

var contactCompany = new int[options.Contacts];
await Timed("contact persons", async () =>
{
    await using var writer = Open<ContactPerson>(db, isPostgreSql);
    var stub = new Company();
    var next = 0;
    for (var i = 0; i < options.Companies; i++)
    {
        stub.Id = companyIds[i];
        stub.Phone = phones[i];
        stub.Email = emails[i];
        for (var k = 0; k < contactsOf[i]; k++)
        {
            var contact = factory.NewContact(stub);
            contact.Id = contactIds[next];
            Stamp(contact);
            contact.RefreshSearchText();
            writer.Write(contact);
            firstContacts[i] ??= contact.Id;
            contactCompany[next++] = stub.Id;
        }
    }
    await writer.CompleteAsync();
    return writer.Rows;
});

if (options.History)
{
    // The "created" entry the DbContext writes for every new row, so each card's history starts as in the app.
    await Timed("history", async () =>
    {
        await using var writer = Open<ChangeLogEntry>(db, isPostgreSql, databaseGeneratesKey: true);
        var entry = new ChangeLogEntry { Kind = ChangeKind.Created, UserId = SystemUser.Instance.UserId, UserName = SystemUser.Instance.UserName, AtUtc = now };
        foreach (var id in companyIds)
        {
            var text = id.ToString(CultureInfo.InvariantCulture);
            entry.EntityType = nameof(Company);
            entry.EntityId = text;
            entry.RootType = nameof(Company);
            entry.RootId = text;
            writer.Write(entry);
        }
        for (var i = 0; i < contactIds.Length; i++)
        {
            entry.EntityType = nameof(ContactPerson);
            entry.EntityId = contactIds[i].ToString(CultureInfo.InvariantCulture);
            entry.RootType = nameof(Company);
            entry.RootId = contactCompany[i].ToString(CultureInfo.InvariantCulture);
            writer.Write(entry);
        }
        await writer.CompleteAsync();
        return writer.Rows;
    });
}

Deal? lastDeal = null;
if (options.Deals > 0)
{
    var deals = new DealGenerator(db, isPostgreSql, random, managers, now, Stamp);
    await deals.RunAsync(new GeneratedCompanies(companyIds, responsibles, firstContacts, regions), options.Deals, options.Lines, options.Payments,
        options.Products, options.History, (step, action) => Timed(step, action));
    lastDeal = deals.LastDeal;
}

if (options.Activities > 0)
{
    await Timed("activities", () => new ActivityGenerator(db, isPostgreSql, random, now, Stamp)
        .RunAsync(new GeneratedCompanies(companyIds, responsibles, firstContacts, regions), options.Activities));
}

await TimedStep("commit", async () => await transaction.CommitAsync());
await TimedStep("analyze", async () => await db.Database.ExecuteSqlRawAsync(isPostgreSql
    ? "ANALYZE \"Companies\"; ANALYZE \"ContactPersons\"; ANALYZE \"ChangeLog\"; ANALYZE \"Products\"; ANALYZE \"ExchangeRates\"; " +
      "ANALYZE \"Deals\"; ANALYZE \"DealStages\"; ANALYZE \"DealLines\"; ANALYZE \"Payments\"; ANALYZE \"Activities\";"
    : "ANALYZE;"));

// Read the last company back through EF: proves the rows are stored the way the app reads and compares them.
if (lastCompany is not null)
{
    var stamp = lastCompany.ConcurrencyStamp;
    var back = await db.Companies.AsNoTracking().Include(c => c.Contacts).SingleAsync(c => c.ConcurrencyStamp == stamp);
    var search = SearchText.Normalize(lastCompany.Name);
    if (back.Id != lastCompany.Id || back.SearchText != lastCompany.SearchText || back.CreatedAtUtc.Kind != DateTimeKind.Utc
        || back.Contacts.Count != contactsOf[^1]
        || !await db.Companies.AnyAsync(c => c.Id == back.Id && c.SearchText.Contains(search)))
    {
        Console.Error.WriteLine("Read-back check failed: the generated rows do not look like the app's own.");
        return 1;
    }
}

// The stored totals and current stage of the last deal, recomputed from what was read back, must not change.
if (lastDeal is not null)
{
    var back = await db.Deals.AsNoTracking().Include(d => d.Stages).Include(d => d.Lines).Include(d => d.Payments).Include(d => d.Documents)
        .Include(d => d.DebtPeriods).AsSplitQuery().SingleAsync(d => d.Id == lastDeal.Id);
    var stored = (back.LinesTotal, back.PaidTotal, back.ShippedTotal, back.Debt, back.Advance, back.CurrentStageId);
    string History() => string.Join(";", back.DebtPeriods.OrderBy(p => p.From).Select(p => $"{p.From}-{p.Until}:{p.Debt}"));
    var storedHistory = History();
    var minor = await db.Currencies.Where(c => c.Id == back.CurrencyId).Select(c => c.MinorUnits).SingleAsync();
    var order = await db.ReferenceItems.AsNoTracking().Where(r => r.Kind == WebCrm.Domain.Reference.ReferenceListKind.DealStage)
        .ToDictionaryAsync(r => r.Id, r => r.SortOrder);
    var shipment = (await db.ReferenceItems.AsNoTracking().Where(r => r.CountsAsShipment).Select(r => r.Id).ToListAsync()).ToHashSet();
    back.Recalculate(minor, s => order.GetValueOrDefault(s, int.MaxValue), shipment.Contains);
    if (stored != (back.LinesTotal, back.PaidTotal, back.ShippedTotal, back.Debt, back.Advance, back.CurrentStageId) || back.Lines.Count != lastDeal.Lines.Count
        || back.Payments.Count != lastDeal.Payments.Count || back.CreatedAtUtc.Kind != DateTimeKind.Utc || storedHistory != History())
    {
        Console.Error.WriteLine("Read-back check failed: the stored deal totals differ from Deal.Recalculate.");
        return 1;
    }
}

var companies = await db.Companies.CountAsync();
var contacts = await db.ContactPersons.CountAsync();
var dealCount = await db.Deals.CountAsync();
Console.WriteLine($"done in {total.Elapsed.TotalSeconds:F1} s: the database now holds {companies} companies, {contacts} contact persons and {dealCount} deals");
return 0;

void Stamp(Entity entity)
{
    entity.CreatedAtUtc = now;
    entity.UpdatedAtUtc = now;
    entity.CreatedById = SystemUser.Instance.UserId;
    entity.UpdatedById = SystemUser.Instance.UserId;
    entity.ConcurrencyStamp = Guid.NewGuid();
}

static TableWriter<T> Open<T>(CrmDbContext db, bool postgreSql, bool databaseGeneratesKey = false) where T : class =>
    postgreSql
        ? PostgreSqlCopyWriter<T>.Open(db, databaseGeneratesKey)
        : SqliteInsertWriter<T>.Open(db, databaseGeneratesKey);

static async Task<T> Timed<T>(string step, Func<Task<T>> action)
{
    var watch = Stopwatch.StartNew();
    var result = await action();
    var rows = result is long n ? n : -1;
    var rate = rows > 0 ? $", {rows / Math.Max(watch.Elapsed.TotalSeconds, 0.001):N0} rows/s" : "";
    Console.WriteLine(rows >= 0
        ? $"{step,-18} {rows,9} rows in {watch.Elapsed.TotalSeconds,6:F1} s{rate}"
        : $"{step,-18} {"",9}      in {watch.Elapsed.TotalSeconds,6:F1} s");
    return result;
}

static async Task TimedStep(string step, Func<Task> action) => await Timed(step, async () =>
{
    await action();
    return "";
});
