using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using WebCrm.Data;
using WebCrm.Data.Auditing;
using WebCrm.Data.Identity;
using WebCrm.Data.Seeding;
using WebCrm.DataGenerator;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Common;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Security;

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
    await deals.RunAsync(new GeneratedCompanies(companyIds, responsibles, firstContacts), options.Deals, options.Lines, options.Payments,
        options.Products, options.History, (step, action) => Timed(step, action));
    lastDeal = deals.LastDeal;
}

await TimedStep("commit", async () => await transaction.CommitAsync());
await TimedStep("analyze", async () => await db.Database.ExecuteSqlRawAsync(isPostgreSql
    ? "ANALYZE \"Companies\"; ANALYZE \"ContactPersons\"; ANALYZE \"ChangeLog\"; ANALYZE \"Products\"; ANALYZE \"ExchangeRates\"; " +
      "ANALYZE \"Deals\"; ANALYZE \"DealStages\"; ANALYZE \"DealLines\"; ANALYZE \"Payments\";"
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
        .AsSplitQuery().SingleAsync(d => d.Id == lastDeal.Id);
    var stored = (back.LinesTotal, back.PaidTotal, back.ShippedTotal, back.Debt, back.Advance, back.CurrentStageId);
    var minor = await db.Currencies.Where(c => c.Id == back.CurrencyId).Select(c => c.MinorUnits).SingleAsync();
    var order = await db.ReferenceItems.AsNoTracking().Where(r => r.Kind == WebCrm.Domain.Reference.ReferenceListKind.DealStage)
        .ToDictionaryAsync(r => r.Id, r => r.SortOrder);
    var shipment = (await db.ReferenceItems.AsNoTracking().Where(r => r.CountsAsShipment).Select(r => r.Id).ToListAsync()).ToHashSet();
    back.Recalculate(minor, s => order.GetValueOrDefault(s, int.MaxValue), shipment.Contains);
    if (stored != (back.LinesTotal, back.PaidTotal, back.ShippedTotal, back.Debt, back.Advance, back.CurrentStageId) || back.Lines.Count != lastDeal.Lines.Count
        || back.Payments.Count != lastDeal.Payments.Count || back.CreatedAtUtc.Kind != DateTimeKind.Utc)
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

namespace WebCrm.DataGenerator
{
    public sealed class GeneratorOptions
    {
        public const string Usage = """
            usage: dotnet run --project tools/WebCrm.DataGenerator -c Release -- [options]
              --provider Sqlite|PostgreSQL   database provider (default Sqlite)
              --connection "..."             connection string (default Data Source=data/webcrm-scale.db)
              --companies N                  companies to add (default 100000)
              --contacts N                   contact persons to add (default 3 per company)
              --managers N                   generated manager users gen-manager-01.. (default 20)
              --seed N                       random seed (default: derived from the number of companies present)
              --deals N                      deals to add over the companies of this run (default 0); 20 companies
                                             get 100 deals each once there are at least 4000
              --lines N                      deal lines (default 5 per deal)
              --payments N                   payments (default 2.5 per deal)
              --products N                   catalogue products to add (default 500 when there are deals)
              --no-history                   skip the "created" history entries
            Runs migrations first; each run adds more rows.
            """;

        public string Provider { get; private set; } = DatabaseProviders.Sqlite;
        public string Connection { get; private set; } = "Data Source=data/webcrm-scale.db";
        public int Companies { get; private set; } = 100_000;
        public int Contacts { get; private set; } = -1;
        public int Managers { get; private set; } = 20;
        public int? Seed { get; private set; }
        public int Deals { get; private set; }
        public int Lines { get; private set; } = -1;
        public int Payments { get; private set; } = -1;
        public int Products { get; private set; } = -1;
        public bool History { get; private set; } = true;
        public bool Help { get; private set; }

        public static GeneratorOptions Parse(string[] args)
        {
            var options = new GeneratorOptions();
            for (var i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                int Number(int min)
                {
                    var name = args[i];
                    return int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min
                        ? n
                        : throw new ArgumentException($"{name} needs a whole number of at least {min}.");
                }
                switch (args[i])
                {
                    case "--provider": options.Provider = Value(); break;
                    case "--connection": options.Connection = Value(); break;
                    case "--companies": options.Companies = Number(1); break;
                    case "--contacts": options.Contacts = Number(0); break;
                    case "--managers": options.Managers = Number(1); break;
                    case "--seed": options.Seed = Number(0); break;
                    case "--deals": options.Deals = Number(0); break;
                    case "--lines": options.Lines = Number(0); break;
                    case "--payments": options.Payments = Number(0); break;
                    case "--products": options.Products = Number(1); break;
                    case "--no-history": options.History = false; break;
                    case "-h" or "--help": options.Help = true; break;
                    default: throw new ArgumentException($"Unknown option {args[i]}.");
                }
            }
            if (options.Contacts < 0)
            {
                options.Contacts = options.Companies * 3;
            }
            options.Lines = options.Lines < 0 ? options.Deals * 5 : options.Lines;
            options.Payments = options.Payments < 0 ? options.Deals * 5 / 2 : options.Payments;
            options.Products = options.Products < 0 ? (options.Deals > 0 ? 500 : 0) : options.Products;
            if (options.Deals == 0 && (options.Lines > 0 || options.Payments > 0))
            {
                throw new ArgumentException("--lines and --payments need --deals.");
            }
            if (!string.Equals(options.Provider, DatabaseProviders.Sqlite, StringComparison.OrdinalIgnoreCase)
                && !string.Equals(options.Provider, DatabaseProviders.PostgreSql, StringComparison.OrdinalIgnoreCase))
            {
                throw new ArgumentException("--provider is Sqlite or PostgreSQL.");
            }
            return options;
        }

        public CrmDbContext CreateContext()
        {
            if (string.Equals(Provider, DatabaseProviders.PostgreSql, StringComparison.OrdinalIgnoreCase))
            {
                var pg = new DbContextOptionsBuilder<PostgreSqlCrmDbContext>();
                DbContextOptionsSetup.UsePostgreSql(pg, Connection);
                return new PostgreSqlCrmDbContext(pg.Options, SystemUser.Instance, TimeProvider.System);
            }
            var file = new SqliteConnectionStringBuilder(Connection).DataSource;
            if (file != ":memory:" && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder)
            {
                Directory.CreateDirectory(folder);
            }
            var sqlite = new DbContextOptionsBuilder<SqliteCrmDbContext>();
            DbContextOptionsSetup.UseSqlite(sqlite, Connection);
            return new SqliteCrmDbContext(sqlite.Options, SystemUser.Instance, TimeProvider.System);
        }
    }

    /// <summary>The users who own generated companies.</summary>
    public static class Managers
    {
        public const string Password = IdentitySeeder.DemoPassword;

        /// <summary>
        /// Creates the missing gen-manager-NN users (Manager template rights, the demo password) the way Identity's
        /// UserManager stores them, and returns their ids plus those of the demo managers and director when present.
        /// </summary>
        public static async Task<IReadOnlyList<string>> EnsureAsync(CrmDbContext db, int count)
        {
            var names = Enumerable.Range(1, count).Select(i => $"gen-manager-{i:D2}").ToList();
            var wanted = names.Concat(DemoDataSeeder.ResponsibleUserNames).ToList();
            var present = await db.Users.Where(u => wanted.Contains(u.UserName!)).ToDictionaryAsync(u => u.UserName!, u => u.Id);
            var hasher = new PasswordHasher<AppUser>();
            var normalizer = new UpperInvariantLookupNormalizer();
            foreach (var (name, index) in names.Select((n, i) => (n, i + 1)))
            {
                if (present.ContainsKey(name))
                {
                    continue;
                }
                var email = $"{name}@scale.webcrm.local";
                var user = new AppUser
                {
                    UserName = name,
                    NormalizedUserName = normalizer.NormalizeName(name),
                    Email = email,
                    NormalizedEmail = normalizer.NormalizeEmail(email),
                    EmailConfirmed = true,
                    DisplayName = $"Менеджер {index:D2} (тестовые данные)",
                    SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant(),
                    LockoutEnabled = true,
                    CreatedAtUtc = DateTime.UtcNow,
                };
                user.PasswordHash = hasher.HashPassword(user, Password);
                db.Users.Add(user);
                db.UserClaims.AddRange(RoleTemplates.Manager.Permissions.Select(p =>
                    new IdentityUserClaim<string> { UserId = user.Id, ClaimType = Permissions.ClaimType, ClaimValue = p }));
                present[name] = user.Id;
            }
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
            return wanted.Where(present.ContainsKey).Select(n => present[n]).ToList();
        }
    }

    public static class Keys
    {
        /// <summary>
        /// Takes <paramref name="count"/> fresh keys of a table so parent and child rows can be written in separate
        /// bulk passes. PostgreSQL draws them from the identity sequence (safe beside a running app); SQLite, whose
        /// writer holds the database lock for the whole transaction, continues after the highest key ever used.
        /// </summary>
        public static async Task<int[]> ReserveAsync(CrmDbContext db, string table, int count)
        {
            var connection = db.Database.GetDbConnection();
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            if (db is PostgreSqlCrmDbContext)
            {
                command.CommandText = $"SELECT nextval(pg_get_serial_sequence('\"{table}\"', 'Id'))::int FROM generate_series(1, {count})";
                var keys = new int[count];
                await using var reader = await command.ExecuteReaderAsync();
                for (var i = 0; await reader.ReadAsync(); i++)
                {
                    keys[i] = reader.GetInt32(0);
                }
                Array.Sort(keys);
                return keys;
            }
            command.CommandText = $"SELECT max(coalesce((SELECT max(\"Id\") FROM \"{table}\"), 0), " +
                $"coalesce((SELECT seq FROM sqlite_sequence WHERE name = '{table}'), 0))";
            var last = Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            return Enumerable.Range(last + 1, count).ToArray();
        }
    }
}
