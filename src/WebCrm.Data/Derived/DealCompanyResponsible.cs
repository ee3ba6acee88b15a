using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Deals;

namespace WebCrm.Data.Derived;

/// <summary>
/// Keeps the company responsible stored on each deal (<see cref="Deal.CompanyResponsibleId"/>) equal to its source — the
/// responsible of the deal's company — in the same save (one transaction) as every change that moves it: a deal added,
/// a deal moved to another company, a company given another responsible. <see cref="CrmDbContext"/> calls it around
/// every save, so no module can forget it; <see cref="RebuildAsync"/> rewrites every deal's copy.
/// </summary>
/// <remarks>
/// The copy is written by the database from the company rows as they are after the save's own writes. On PostgreSQL a
/// save that writes the copy for deals added or moved first takes a share lock on their companies, so a responsible
/// changed by another user at the same moment is either committed before that read, or waits until this save commits
/// and then rewrites this save's deals too (that change's own save rewrites every deal of the company). SQLite runs one
/// writer at a time. The same reasoning as <see cref="PaymentReportKeys"/>.
/// </remarks>
public sealed class DealCompanyResponsible
{
    private readonly List<Deal> _deals = [];
    private readonly HashSet<int> _companies = [];

    /// <summary>What the pending changes do to the copies; null when they leave every deal's copy as it is.</summary>
    internal static DealCompanyResponsible? Collect(DbContext context)
    {
        var keys = new DealCompanyResponsible();
        foreach (var entry in context.ChangeTracker.Entries())
        {
            switch (entry.Entity)
            {
                case Deal deal when entry.State == EntityState.Added || (entry.State == EntityState.Modified && EntryChanges.Changed(entry, nameof(Deal.CompanyId))):
                    keys._deals.Add(deal);
                    break;
                case Company company when entry.State == EntityState.Modified && EntryChanges.Changed(entry, nameof(Company.ResponsibleId)):
                    keys._companies.Add(company.Id);
                    break;
            }
        }
        return keys._deals.Count == 0 && keys._companies.Count == 0 ? null : keys;
    }

    /// <summary>Before the save's writes, on PostgreSQL: a share lock on the companies of the deals added or moved (see the remarks).</summary>
    internal async Task LockAsync(CrmDbContext db, CancellationToken ct)
    {
        var companies = _deals.Select(d => d.CompanyId).Where(id => id > 0).Distinct().ToArray();
        if (!db.Database.IsNpgsql() || companies.Length == 0)
        {
            return;
        }
        // Hand-written: EF has no row-lock clause.
        await db.Database.ExecuteSqlRawAsync("""SELECT 1 FROM "Companies" WHERE "Id" = ANY({0}) FOR SHARE""", [companies], ct);
    }

    /// <summary>After the save's writes (added deals have their keys by now): rewrites the copies of the deals concerned.</summary>
    /// <remarks>The tracked deals keep the copy they were read with: no save writes it but this one.</remarks>
    internal Task RefreshAsync(CrmDbContext db, CancellationToken ct)
    {
        var deals = _deals.Select(d => d.Id).ToList();
        var companies = _companies.ToList();
        return Write(db, db.Deals.Where(d => deals.Contains(d.Id) || companies.Contains(d.CompanyId)), ct);
    }

    /// <summary>Rewrites every deal's copy from its company (on demand; the migration that added the copies filled them).</summary>
    public static Task<int> RebuildAsync(CrmDbContext db, CancellationToken ct) => Write(db, db.Deals, ct);

    private static Task<int> Write(CrmDbContext db, IQueryable<Deal> deals, CancellationToken ct) =>
        deals.ExecuteUpdateAsync(s => s.SetProperty(d => d.CompanyResponsibleId,
            d => db.Companies.Where(c => c.Id == d.CompanyId).OrderBy(c => c.Id).Select(c => c.ResponsibleId).FirstOrDefault()), ct);
}
