using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WebCrm.Data.Identity;
using WebCrm.Domain.Common;
using WebCrm.Domain.Deals;

namespace WebCrm.Data.Configurations;

public sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> builder)
    {
        builder.Property(e => e.Name).HasMaxLength(300).IsRequired();
        builder.Property(e => e.Code).HasMaxLength(50);
        builder.Property(e => e.SearchText).HasMaxLength(SearchText.MaxLength);
        builder.HasOne(e => e.Group).WithMany().HasForeignKey(e => e.GroupId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Unit).WithMany().HasForeignKey(e => e.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Currency).WithMany().HasForeignKey(e => e.CurrencyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.IsActive, e.Name });
        builder.HasIndex(e => e.GroupId);
    }
}

public sealed class DealConfiguration : IEntityTypeConfiguration<Deal>
{
    public void Configure(EntityTypeBuilder<Deal> builder)
    {
        builder.Property(e => e.Title).HasMaxLength(300).IsRequired();
        builder.Property(e => e.ResponsibleId).HasMaxLength(450).IsRequired();
        builder.Property(e => e.Status).HasConversion<int>();
        builder.Property(e => e.Notes).HasMaxLength(4000);
        builder.Property(e => e.SearchText).HasMaxLength(SearchText.MaxLength);
        builder.Ignore(e => e.IsClosed);
        builder.HasOne(e => e.Company).WithMany().HasForeignKey(e => e.CompanyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.ContactPerson).WithMany().HasForeignKey(e => e.ContactPersonId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(e => e.Source).WithMany().HasForeignKey(e => e.SourceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Currency).WithMany().HasForeignKey(e => e.CurrencyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.LossReason).WithMany().HasForeignKey(e => e.LossReasonId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.LostAtStage).WithMany().HasForeignKey(e => e.LostAtStageId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Domain.Reference.ReferenceItem>().WithMany().HasForeignKey(e => e.CurrentStageId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(e => e.ResponsibleId).OnDelete(DeleteBehavior.Restrict);
        // What the deal list filters and sorts on, led by the owner for the common "my deals" list; the company's
        // deals (company card, company debt) by company. Both end in the key so lookups of "his deals" and "deals of
        // his companies" (the company card, the per-user key sets) read the keys from the index alone.
        builder.HasIndex(e => new { e.ResponsibleId, e.StartDate, e.Id });
        // The deals of his companies in start-date order (DealVisibility.ApplyForStartPage), by the stored copy of the
        // company's responsible (DealCompanyResponsible): no foreign key, it follows the company.
        builder.Property(e => e.CompanyResponsibleId).HasMaxLength(450);
        builder.HasIndex(e => new { e.CompanyResponsibleId, e.StartDate, e.Id });
        builder.HasIndex(e => new { e.CompanyId, e.Status, e.Id });
        builder.HasIndex(e => new { e.Status, e.StartDate });
        // Reports of won or lost deals by close date: only the period's closed deals.
        builder.HasIndex(e => new { e.Status, e.CloseDate });
        builder.HasIndex(e => e.StartDate);
        builder.HasIndex(e => e.EndDate);
        builder.HasIndex(e => e.CurrentStageId);
        builder.HasIndex(e => e.SourceId);
        builder.HasIndex(e => e.LinesTotal);
        // Debtors are a small share of deals under the receivable rule: "has debt" lists walk this partial index in
        // start-date order instead of every deal's (scripts/benchmark.sh, "manager's deals: open, has debt").
        builder.HasIndex(e => new { e.StartDate, e.Id }, "IX_Deals_Debtors_StartDate_Id").HasFilter("\"Debt\" > 0");
        // The funnel: the deals started in a period with what it groups, sums and the visibility rule tests, from the
        // index alone (its pass over their stage rows and its count of outcomes).
        builder.HasIndex(e => new { e.StartDate, e.Id, e.Status, e.CurrencyId, e.CurrentStageId, e.LostAtStageId, e.LossReasonId, e.LinesTotal,
            e.ResponsibleId, e.CompanyId }, "IX_Deals_Funnel");
        // The funnel's board: a column's page walks its stage's open deals newest first, and the columns' counts read
        // the open deals with what the visibility rule tests (owner, company, key) from the index alone.
        builder.HasIndex(e => new { e.CurrentStageId, e.StartDate, e.Id, e.ResponsibleId, e.CompanyId }, "IX_Deals_Open_Stage_StartDate_Id")
            .HasFilter("\"Status\" = 0");
        // The capped count of a "has debt" list walks the key in order until it has counted 1,001 visible deals: over
        // every deal's key that read the whole table for a manager whose open debtors are few (~195,000 rows passed
        // over for 1,001). Over debtors only, with what the filters and the visibility rule test carried along, the
        // walk reads this index alone (scripts/benchmark.sh, "manager's deals: open, has debt").
        builder.HasIndex(e => new { e.Id, e.Status, e.ResponsibleId, e.CompanyId }, "IX_Deals_Debtors_Keys").HasFilter("\"Debt\" > 0");
        builder.HasIndex(e => e.Debt);
        builder.HasIndex(e => e.Title);
    }
}

public sealed class DealStageConfiguration : IEntityTypeConfiguration<DealStage>
{
    public void Configure(EntityTypeBuilder<DealStage> builder)
    {
        builder.Property(e => e.ResponsibleId).HasMaxLength(450);
        builder.Property(e => e.Note).HasMaxLength(2000);
        builder.HasOne(e => e.Deal).WithMany(d => d.Stages).HasForeignKey(e => e.DealId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(e => e.Stage).WithMany().HasForeignKey(e => e.StageId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(e => e.ResponsibleId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.DealId, e.StageId }).IsUnique();
        // The visibility rule's "responsible for one of its stages" and the overdue filter.
        builder.HasIndex(e => new { e.ResponsibleId, e.DealId });
        builder.HasIndex(e => new { e.PlannedEnd, e.CompletedOn });
        // The funnel: a period's reached stage rows with all it groups and sums of them (stage, the deal's currency,
        // start date and lines total, the days), from this partial index alone and without the deals; the key for the
        // deals its filters and the visibility rule keep.
        builder.HasIndex(e => new { e.DealStartDate, e.StageId, e.DealCurrencyId, e.DealLinesTotal, e.CompletedOn, e.EnteredOn, e.DealId },
            "IX_DealStages_Funnel_Reached").HasFilter("\"Reached\"");
        // The same rows by deal, for the funnel of a few thousand deals (a manager's, a filter's): one lookup per deal.
        builder.HasIndex(e => new { e.DealId, e.StageId, e.DealCurrencyId, e.DealLinesTotal, e.DealStartDate, e.CompletedOn, e.EnteredOn },
            "IX_DealStages_Reached_Deal").HasFilter("\"Reached\"");
        // The funnel's visibility rule for a manager: "his stages" of the deals started in the period only.
        builder.HasIndex(e => new { e.ResponsibleId, e.DealStartDate, e.DealId }, "IX_DealStages_Responsible_DealStartDate");
    }
}

public sealed class DealLineConfiguration : IEntityTypeConfiguration<DealLine>
{
    public void Configure(EntityTypeBuilder<DealLine> builder)
    {
        builder.HasOne(e => e.Deal).WithMany(d => d.Lines).HasForeignKey(e => e.DealId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(e => e.Product).WithMany().HasForeignKey(e => e.ProductId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Unit).WithMany().HasForeignKey(e => e.UnitId).OnDelete(DeleteBehavior.Restrict);
        // A deal's lines, and for reports split by product the product and amount of each line of the deals in the
        // period read from this index alone (a nested loop over those deals instead of a scan of every line).
        builder.HasIndex(e => new { e.DealId, e.ProductId, e.Amount, e.Quantity });
        builder.HasIndex(e => e.ProductId);
    }
}

public sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> builder)
    {
        builder.Property(e => e.DocumentNumber).HasMaxLength(100);
        builder.Property(e => e.Note).HasMaxLength(2000);
        // A rate between two currencies (e.g. roubles to dollars, 0.0108108108) needs more digits than an amount.
        builder.Property(e => e.Rate).HasPrecision(28, DealMath.RateDecimals);
        builder.HasOne(e => e.Deal).WithMany(d => d.Payments).HasForeignKey(e => e.DealId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(e => e.Currency).WithMany().HasForeignKey(e => e.CurrencyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.DealId, e.Date });
        // Derived report keys (PaymentReportKeys): no foreign keys, they follow the deal and its company.
        builder.Property(e => e.DealResponsibleId).HasMaxLength(450);
        // Payments by region: a period's payments in (date, region, currency) order with the deal and the amount, so the
        // report's grouping streams over this index alone (and the visibility rule's deal key is there too).
        builder.HasIndex(e => new { e.Date, e.CompanyRegionId, e.CurrencyId, e.DealId, e.Amount }, "IX_Payments_Report_Region");
    }
}

public sealed class AccountingDocumentConfiguration : IEntityTypeConfiguration<AccountingDocument>
{
    public void Configure(EntityTypeBuilder<AccountingDocument> builder)
    {
        builder.Property(e => e.Number).HasMaxLength(100).IsRequired();
        builder.Property(e => e.Note).HasMaxLength(2000);
        builder.HasOne(e => e.Deal).WithMany(d => d.Documents).HasForeignKey(e => e.DealId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(e => e.Type).WithMany().HasForeignKey(e => e.TypeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.DealId, e.Date });
    }
}

public sealed class ExchangeRateConfiguration : IEntityTypeConfiguration<ExchangeRate>
{
    public void Configure(EntityTypeBuilder<ExchangeRate> builder)
    {
        builder.HasOne(e => e.Currency).WithMany().HasForeignKey(e => e.CurrencyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.CurrencyId, e.Date }).IsUnique();
    }
}

public sealed class DealDebtPeriodConfiguration : IEntityTypeConfiguration<DealDebtPeriod>
{
    public void Configure(EntityTypeBuilder<DealDebtPeriod> builder)
    {
        builder.HasKey(e => new { e.DealId, e.From });
        builder.HasOne(e => e.Deal).WithMany(d => d.DebtPeriods).HasForeignKey(e => e.DealId).OnDelete(DeleteBehavior.Cascade);
        // The receivable at interval ends reads the spans still open at the period's first interval end and begun by
        // its last, with the deal and the debt, from this index alone.
        builder.HasIndex(e => new { e.Until, e.From, e.DealId, e.Debt });
    }
}
