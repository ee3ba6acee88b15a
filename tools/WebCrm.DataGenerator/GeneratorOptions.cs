using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Data.Auditing;

namespace WebCrm.DataGenerator;

/// <summary>The command line of the generator: what to add, where, and how much.</summary>
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
          --activities N                 calendar activities to add over the companies of this run (default 0):
                                         four years back to three months ahead, 20 companies get 500 each
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
    public int Activities { get; private set; }
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
                case "--activities": options.Activities = Number(0); break;
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
