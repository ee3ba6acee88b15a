using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Clients;

namespace WebCrm.Data.Seeding;

/// <summary>What one demo seeding run added.</summary>
public sealed record DemoDataResult(IReadOnlyList<int> CompanyIds, IReadOnlyList<int> GroupIds, IReadOnlyList<int> DealIds)
{
    public static DemoDataResult Nothing { get; } = new([], [], []);
}

/// <summary>
/// The Development demo data: about 200 companies with contact persons, bank accounts, groups and contracts,
/// spread over the demo managers and the director, and their deals (<see cref="DemoDeals"/>). Deterministic (a fixed seed), so every fresh demo database
/// looks the same. Everything goes through the DbContext, so audit columns, history and search text are
/// written exactly as for data entered in the UI.
/// </summary>
public sealed class DemoDataSeeder(CrmDbContext db, TimeProvider clock)
{
    public const int Seed = 2026;
    public const int CompanyCount = 200;
    private const int BatchSize = 50;

    /// <summary>The demo users who own demo companies.</summary>
    public static IReadOnlyList<string> ResponsibleUserNames { get; } = ["manager1", "manager2", "director"];

    private static readonly string[] SharedGroups = ["Ключевые клиенты", "Выставка 2026", "Партнёры по проектам", "Тендеры"];

    private static readonly (string Owner, string Name)[] PersonalGroups =
    [
        ("manager1", "Перезвонить на этой неделе"), ("manager1", "Горячие"),
        ("manager2", "Мои VIP"), ("manager2", "Отправить КП"),
    ];

    /// <summary>Seeds only when the database has no companies yet; returns what was added.</summary>
    public async Task<DemoDataResult> SeedIfEmptyAsync(CancellationToken ct = default) =>
        await db.Companies.AnyAsync(ct) ? DemoDataResult.Nothing : await SeedAsync(ct);

    /// <summary>Adds the demo data unconditionally; nothing when the demo users are missing.</summary>
    public async Task<DemoDataResult> SeedAsync(CancellationToken ct = default)
    {
        var owners = await db.Users.AsNoTracking()
            .Where(u => ResponsibleUserNames.Contains(u.UserName!))
            .ToDictionaryAsync(u => u.UserName!, u => u.Id, ct);
        if (owners.Count != ResponsibleUserNames.Count)
        {
            return DemoDataResult.Nothing;
        }
        var references = await DemoReferences.LoadAsync(db, ct);
        var random = new Random(Seed);
        var factory = new DemoDataFactory(random, references, ResponsibleUserNames.Select(n => owners[n]).ToList());
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

        var companies = new List<(int Id, string ResponsibleId)>(CompanyCount);
        var contractNumber = 0;
        for (var start = 0; start < CompanyCount; start += BatchSize)
        {
            // One SaveChanges per batch keeps the change tracker (and the audit pass over it) small.
            var batch = new List<Company>(BatchSize);
            for (var i = start; i < Math.Min(start + BatchSize, CompanyCount); i++)
            {
                var company = factory.NewCompany(uniqueName: true);
                var contacts = random.Next(1, 5);
                for (var c = 0; c < contacts; c++)
                {
                    company.Contacts.Add(factory.NewContact(company));
                }
                var accounts = random.Next(0, 3);
                for (var a = 0; a < accounts; a++)
                {
                    company.BankAccounts.Add(factory.NewBankAccount());
                }
                var contracts = random.Next(0, 3);
                for (var k = 0; k < contracts; k++)
                {
                    company.Contracts.Add(factory.NewContract(company, today, ++contractNumber));
                }
                batch.Add(company);
            }
            db.Companies.AddRange(batch);
            await db.SaveChangesAsync(ct);
            companies.AddRange(batch.Select(c => (c.Id, c.ResponsibleId)));
            db.ChangeTracker.Clear();
        }

        var groups = new List<CompanyGroup>();
        var members = new List<CompanyGroupMember>();
        foreach (var name in SharedGroups)
        {
            var group = new CompanyGroup { Name = name };
            groups.Add(group);
            members.AddRange(Sample(random, companies, random.Next(10, 26)).Select(c => new CompanyGroupMember { Group = group, CompanyId = c.Id }));
        }
        foreach (var (owner, name) in PersonalGroups)
        {
            var group = new CompanyGroup { Name = name, OwnerId = owners[owner] };
            groups.Add(group);
            var own = companies.Where(c => c.ResponsibleId == owners[owner]).ToList();
            members.AddRange(Sample(random, own, random.Next(5, 13)).Select(c => new CompanyGroupMember { Group = group, CompanyId = c.Id }));
        }
        db.CompanyGroups.AddRange(groups);
        db.CompanyGroupMembers.AddRange(members);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        // Deals draw from their own sequence, so the companies stay what they were before deals were seeded.
        var dealIds = await new DemoDeals(db, new Random(Seed + 1), ResponsibleUserNames.Select(n => owners[n]).ToList(), today)
            .SeedAsync(companies, ct);
        // The calendar: its own sequence too.
        await new DemoActivities(db, new Random(Seed + 2), clock).SeedAsync(companies, ResponsibleUserNames.Select(n => owners[n]).ToList(), ct);
        return new DemoDataResult(companies.Select(c => c.Id).ToList(), groups.Select(g => g.Id).ToList(), dealIds);
    }

    private static IEnumerable<T> Sample<T>(Random random, IReadOnlyList<T> items, int count)
    {
        var indexes = Enumerable.Range(0, items.Count).ToArray();
        random.Shuffle(indexes);
        return indexes.Take(Math.Min(count, items.Count)).Select(i => items[i]);
    }
}
