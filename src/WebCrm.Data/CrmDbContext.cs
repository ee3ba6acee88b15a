using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using WebCrm.Data.Auditing;
using WebCrm.Data.Identity;
using WebCrm.Domain.Administration;
using WebCrm.Domain.Calendar;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Common;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;

namespace WebCrm.Data;

/// <summary>
/// The CRM's unit of work. Abstract because each provider has its own sealed subclass with its own migration
/// set; modules only ever depend on this type.
/// </summary>
public abstract class CrmDbContext : IdentityDbContext<AppUser>, IDataProtectionKeyContext
{
    private readonly AuditTrail _audit;

    protected CrmDbContext(DbContextOptions options, ICurrentUser currentUser, TimeProvider clock) : base(options)
    {
        _audit = new AuditTrail(currentUser, clock);
    }

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<ChangeLogEntry> ChangeLog => Set<ChangeLogEntry>();
    public DbSet<SecurityEvent> SecurityEvents => Set<SecurityEvent>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<SecurityPolicy> SecurityPolicies => Set<SecurityPolicy>();
    public DbSet<ReferenceItem> ReferenceItems => Set<ReferenceItem>();
    public DbSet<Currency> Currencies => Set<Currency>();
    public DbSet<Company> Companies => Set<Company>();
    public DbSet<ContactPerson> ContactPersons => Set<ContactPerson>();
    public DbSet<BankAccount> BankAccounts => Set<BankAccount>();
    public DbSet<CompanyGroup> CompanyGroups => Set<CompanyGroup>();
    public DbSet<CompanyGroupMember> CompanyGroupMembers => Set<CompanyGroupMember>();
    public DbSet<Contract> Contracts => Set<Contract>();
    public DbSet<ContractFile> ContractFiles => Set<ContractFile>();
    public DbSet<CustomFieldDefinition> CustomFieldDefinitions => Set<CustomFieldDefinition>();
    public DbSet<CustomFieldValue> CustomFieldValues => Set<CustomFieldValue>();
    public DbSet<SavedFilter> SavedFilters => Set<SavedFilter>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Deal> Deals => Set<Deal>();
    public DbSet<DealStage> DealStages => Set<DealStage>();
    public DbSet<DealLine> DealLines => Set<DealLine>();
    public DbSet<Payment> Payments => Set<Payment>();
    public DbSet<AccountingDocument> AccountingDocuments => Set<AccountingDocument>();
    public DbSet<DealDebtPeriod> DealDebtPeriods => Set<DealDebtPeriod>();
    public DbSet<ExchangeRate> ExchangeRates => Set<ExchangeRate>();
    public DbSet<Domain.Reports.SavedReport> SavedReports => Set<Domain.Reports.SavedReport>();
    public DbSet<Activity> Activities => Set<Activity>();
    public DbSet<ActivityParticipant> ActivityParticipants => Set<ActivityParticipant>();
    public DbSet<ActivitySeries> ActivitySeries => Set<ActivitySeries>();
    public DbSet<CalendarFeed> CalendarFeeds => Set<CalendarFeed>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CrmDbContext).Assembly);

        foreach (var entityType in builder.Model.GetEntityTypes())
        {
            if (typeof(IConcurrencyAware).IsAssignableFrom(entityType.ClrType))
            {
                builder.Entity(entityType.ClrType).Property(nameof(IConcurrencyAware.ConcurrencyStamp)).IsConcurrencyToken();
            }
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<decimal>().HavePrecision(MoneyPrecision.Precision, MoneyPrecision.Scale);
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var added = _audit.BeforeSave(this);
        var reportKeys = Derived.PaymentReportKeys.Collect(this);
        var companyResponsible = Derived.DealCompanyResponsible.Collect(this);
        if (added.Count == 0 && reportKeys is null && companyResponsible is null)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // New rows get their keys from the INSERT, so their "created" entry is written by a second save;
        // one transaction keeps the row and its history together (and the payments' report keys with their sources).
        var ownTransaction = Database.CurrentTransaction is null
            ? await Database.BeginTransactionAsync(cancellationToken)
            : null;
        try
        {
            if (reportKeys is not null)
            {
                await reportKeys.LockAsync(this, cancellationToken);
            }
            if (companyResponsible is not null)
            {
                await companyResponsible.LockAsync(this, cancellationToken);
            }
            var result = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (added.Count > 0)
            {
                ChangeLog.AddRange(_audit.CreatedLogs(added));
                await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            }
            if (reportKeys is not null)
            {
                await reportKeys.RefreshAsync(this, cancellationToken);
            }
            if (companyResponsible is not null)
            {
                await companyResponsible.RefreshAsync(this, cancellationToken);
            }
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }
            return result;
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }

    /// <summary>Every DateTime is stored and read back as UTC, whichever provider.</summary>
    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
