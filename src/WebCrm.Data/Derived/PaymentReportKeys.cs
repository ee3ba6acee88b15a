using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Deals;

namespace WebCrm.Data.Derived;

/// <summary>
/// Keeps the report keys stored beside each payment (<see cref="Payment.CompanyRegionId"/>, <see cref="Payment.DealResponsibleId"/>)
/// equal to their sources — the region of the deal's company and the deal's responsible — in the same save (one
/// transaction) as every change that moves them: a payment added, a deal moved to another company or given another
/// responsible, a company's region changed. A deleted deal takes its payments with it. <see cref="CrmDbContext"/> calls
/// it around every save, so no module can forget it; <see cref="RebuildAsync"/> rewrites every payment's keys.
/// </summary>
/// <remarks>
/// The keys are written by the database from the rows as they are at that moment, after the save's own writes. On
/// PostgreSQL a save that writes a payment's keys first takes a share lock on the companies involved, so a region
/// changed by another user at the same moment is either committed before that read or waits until this save commits
/// (and then rewrites this save's payments too): the keys never keep a region that is no longer the company's. SQLite
/// runs one writer at a time, so there the read inside the write transaction is the latest already.
/// </remarks>
public sealed class PaymentReportKeys
{
    private readonly List<EntityEntry> _payments = [];
    private readonly HashSet<int> _deals = [];
    private readonly HashSet<int> _dealCompanies = [];
    private readonly HashSet<int> _companies = [];

    /// <summary>What the pending changes do to the keys; null when they leave every payment's keys as they are.</summary>
    internal static PaymentReportKeys? Collect(DbContext context)
    {
        var keys = new PaymentReportKeys();
        foreach (var entry in context.ChangeTracker.Entries())
        {
            switch (entry.Entity)
            {
                case Payment payment when entry.State == EntityState.Added || (entry.State == EntityState.Modified && EntryChanges.Changed(entry, nameof(Payment.DealId))):
                    keys._payments.Add(entry);
                    if (payment.Deal is { } owner)
                    {
                        keys._dealCompanies.Add(owner.CompanyId);
                    }
                    break;
                case Deal deal when entry.State == EntityState.Modified
                    && (EntryChanges.Changed(entry, nameof(Deal.CompanyId)) || EntryChanges.Changed(entry, nameof(Deal.ResponsibleId))):
                    keys._deals.Add(deal.Id);
                    keys._dealCompanies.Add(deal.CompanyId);
                    break;
                case Company company when entry.State == EntityState.Modified && EntryChanges.Changed(entry, nameof(Company.RegionId)):
                    keys._companies.Add(company.Id);
                    break;
            }
        }
        return keys._payments.Count == 0 && keys._deals.Count == 0 && keys._companies.Count == 0 ? null : keys;
    }

    /// <summary>
    /// Before the save's writes, on PostgreSQL: a share lock on the companies whose region this save will copy (those of
    /// the deals it writes payment keys for), held to the end of the transaction (see the remarks).
    /// </summary>
    internal async Task LockAsync(CrmDbContext db, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            return;
        }
        var companies = _dealCompanies.Where(id => id > 0).ToArray();
        var deals = _payments.Select(e => ((Payment)e.Entity).DealId).Concat(_deals).Where(id => id > 0).Distinct().ToArray();
        if (companies.Length == 0 && deals.Length == 0)
        {
            return;
        }
        // Hand-written: EF has no row-lock clause. The companies of the deals as stored now, and as this save leaves them.
        await db.Database.ExecuteSqlRawAsync("""
            SELECT 1 FROM "Companies" WHERE "Id" = ANY({0}) OR "Id" IN (SELECT "CompanyId" FROM "Deals" WHERE "Id" = ANY({1})) FOR SHARE
            """, [companies, deals], ct);
    }

    /// <summary>After the save's writes (new payments have their deal's key by now): rewrites the keys of the payments concerned.</summary>
    internal Task RefreshAsync(CrmDbContext db, CancellationToken ct)
    {
        var deals = _payments.Select(e => ((Payment)e.Entity).DealId).Concat(_deals).Distinct().ToList();
        var companies = _companies.ToList();
        return Write(db, db.Payments.Where(p => deals.Contains(p.DealId) || companies.Contains(p.Deal!.CompanyId)), ct);
    }

    /// <summary>Rewrites every payment's keys from its deal and company (on demand; the migration that added them filled them).</summary>
    public static Task<int> RebuildAsync(CrmDbContext db, CancellationToken ct) => Write(db, db.Payments, ct);

    // Each key from its deal's row (a subquery: EF does not translate a setter through two navigations).
    private static Task<int> Write(CrmDbContext db, IQueryable<Payment> payments, CancellationToken ct) =>
        payments.ExecuteUpdateAsync(s => s
            .SetProperty(p => p.CompanyRegionId, p => db.Deals.Where(d => d.Id == p.DealId).OrderBy(d => d.Id).Select(d => d.Company!.RegionId).FirstOrDefault())
            .SetProperty(p => p.DealResponsibleId, p => db.Deals.Where(d => d.Id == p.DealId).OrderBy(d => d.Id).Select(d => d.ResponsibleId).FirstOrDefault()), ct);
}
