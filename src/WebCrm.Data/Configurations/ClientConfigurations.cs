using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WebCrm.Data.Identity;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Common;

namespace WebCrm.Data.Configurations;

public sealed class CompanyConfiguration : IEntityTypeConfiguration<Company>
{
    public void Configure(EntityTypeBuilder<Company> builder)
    {
        builder.Property(e => e.Name).HasMaxLength(300).IsRequired();
        builder.Property(e => e.LegalName).HasMaxLength(500);
        builder.Property(e => e.Inn).HasMaxLength(12);
        builder.Property(e => e.Kpp).HasMaxLength(9);
        builder.Property(e => e.Ogrn).HasMaxLength(15);
        builder.Property(e => e.LegalAddress).HasMaxLength(500);
        builder.Property(e => e.PostalAddress).HasMaxLength(500);
        builder.Property(e => e.City).HasMaxLength(100);
        builder.Property(e => e.Phone).HasMaxLength(100);
        builder.Property(e => e.Email).HasMaxLength(256);
        builder.Property(e => e.Website).HasMaxLength(256);
        builder.Property(e => e.ResponsibleId).HasMaxLength(450).IsRequired();
        builder.Property(e => e.Notes).HasMaxLength(4000);
        builder.Property(e => e.SearchText).HasMaxLength(SearchText.MaxLength);
        builder.Property(e => e.NameKey).HasMaxLength(300).IsRequired();
        builder.HasOne(e => e.Type).WithMany().HasForeignKey(e => e.TypeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Region).WithMany().HasForeignKey(e => e.RegionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Industry).WithMany().HasForeignKey(e => e.IndustryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Source).WithMany().HasForeignKey(e => e.SourceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(e => e.ResponsibleId).OnDelete(DeleteBehavior.Restrict);
        // Every column users filter or sort on, led by the owner for the common "my companies" list. The list sorts by
        // a column then by id, in the same direction: the name and city indexes end in the id, so a page at any size of
        // database is a walk down one index in either direction (a city has tens of thousands of companies).
        builder.HasIndex(e => new { e.Name, e.Id });
        // A manager's list by name (then id, the paging tie-break), and the deal rule's "companies he is responsible
        // for" key set read from the index alone (it ends in the key).
        builder.HasIndex(e => new { e.ResponsibleId, e.Name, e.Id });
        // The quick search's best match: the companies whose name key starts with the term, in key order (on PostgreSQL the
        // column is in collation "C", so a prefix LIKE is a range of this index).
        builder.HasIndex(e => new { e.NameKey, e.Id });
        builder.HasIndex(e => e.Inn);
        // The city index carries the name: a page by city under a "name contains" condition tests each company's name in
        // the index itself and reads a company row only for the page (PostgreSQL; SQLite has no included columns).
        builder.HasIndex(e => new { e.City, e.Id }).IncludeProperties(e => e.Name);
        // Region with the id: the contact analysis by region joins a period's activities to their companies' regions by reading
        // this index alone (~270 pages) instead of every company row.
        builder.HasIndex(e => new { e.RegionId, e.Id });
        builder.HasIndex(e => e.IndustryId);
        builder.HasIndex(e => e.SourceId);
        builder.HasIndex(e => e.TypeId);
        builder.HasIndex(e => e.CreatedAtUtc);
    }
}

public sealed class ContactPersonConfiguration : IEntityTypeConfiguration<ContactPerson>
{
    public void Configure(EntityTypeBuilder<ContactPerson> builder)
    {
        builder.Property(e => e.FullName).HasMaxLength(300).IsRequired();
        builder.Property(e => e.Phone).HasMaxLength(100);
        builder.Property(e => e.MobilePhone).HasMaxLength(100);
        builder.Property(e => e.Email).HasMaxLength(256);
        builder.Property(e => e.Notes).HasMaxLength(4000);
        builder.Property(e => e.SearchText).HasMaxLength(SearchText.MaxLength);
        builder.HasOne(e => e.Company).WithMany(c => c.Contacts).HasForeignKey(e => e.CompanyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(e => e.Position).WithMany().HasForeignKey(e => e.PositionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.CompanyId, e.FullName });
        // Birthdays of a range of days: the month-days, then the companies; the name makes it an index-only read.
        builder.HasIndex(e => new { e.BirthdayMonthDay, e.CompanyId, e.FullName }).HasFilter("\"BirthdayMonthDay\" IS NOT NULL");
    }
}

public sealed class BankAccountConfiguration : IEntityTypeConfiguration<BankAccount>
{
    public void Configure(EntityTypeBuilder<BankAccount> builder)
    {
        builder.Property(e => e.BankName).HasMaxLength(300).IsRequired();
        builder.Property(e => e.Bik).HasMaxLength(9).IsRequired();
        builder.Property(e => e.CorrespondentAccount).HasMaxLength(20);
        builder.Property(e => e.AccountNumber).HasMaxLength(20).IsRequired();
        builder.HasOne(e => e.Company).WithMany(c => c.BankAccounts).HasForeignKey(e => e.CompanyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => e.CompanyId);
    }
}

public sealed class CompanyGroupConfiguration : IEntityTypeConfiguration<CompanyGroup>
{
    public void Configure(EntityTypeBuilder<CompanyGroup> builder)
    {
        builder.Property(e => e.Name).HasMaxLength(200).IsRequired();
        builder.Property(e => e.OwnerId).HasMaxLength(450);
        builder.Ignore(e => e.IsShared);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(e => e.OwnerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.OwnerId, e.Name });
    }
}

public sealed class CompanyGroupMemberConfiguration : IEntityTypeConfiguration<CompanyGroupMember>
{
    public void Configure(EntityTypeBuilder<CompanyGroupMember> builder)
    {
        builder.HasKey(e => new { e.GroupId, e.CompanyId });
        builder.HasOne(e => e.Group).WithMany().HasForeignKey(e => e.GroupId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(e => e.Company).WithMany(c => c.Groups).HasForeignKey(e => e.CompanyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => e.CompanyId);
    }
}

public sealed class ContractConfiguration : IEntityTypeConfiguration<Contract>
{
    public void Configure(EntityTypeBuilder<Contract> builder)
    {
        builder.Property(e => e.Number).HasMaxLength(100).IsRequired();
        builder.Property(e => e.Subject).HasMaxLength(1000);
        builder.Property(e => e.FileName).HasMaxLength(255);
        builder.Property(e => e.FileContentType).HasMaxLength(100);
        builder.HasOne(e => e.Company).WithMany(c => c.Contracts).HasForeignKey(e => e.CompanyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(e => e.Currency).WithMany().HasForeignKey(e => e.CurrencyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Status).WithMany().HasForeignKey(e => e.StatusId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.File).WithOne().HasForeignKey<ContractFile>(f => f.ContractId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.CompanyId, e.Date });
    }
}

public sealed class ContractFileConfiguration : IEntityTypeConfiguration<ContractFile>
{
    public void Configure(EntityTypeBuilder<ContractFile> builder) => builder.HasKey(e => e.ContractId);
}

public sealed class CustomFieldDefinitionConfiguration : IEntityTypeConfiguration<CustomFieldDefinition>
{
    public void Configure(EntityTypeBuilder<CustomFieldDefinition> builder)
    {
        builder.Property(e => e.Target).HasConversion<int>();
        builder.Property(e => e.Type).HasConversion<int>();
        builder.Property(e => e.NameEn).HasMaxLength(200).IsRequired();
        builder.Property(e => e.NameRu).HasMaxLength(200).IsRequired();
        builder.Property(e => e.Options).HasMaxLength(4000);
        builder.HasIndex(e => new { e.Target, e.SortOrder });
    }
}

public sealed class CustomFieldValueConfiguration : IEntityTypeConfiguration<CustomFieldValue>
{
    public void Configure(EntityTypeBuilder<CustomFieldValue> builder)
    {
        builder.Property(e => e.Target).HasConversion<int>();
        builder.Property(e => e.TextValue).HasMaxLength(4000);
        builder.HasOne(e => e.Definition).WithMany().HasForeignKey(e => e.DefinitionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.DefinitionId, e.EntityId }).IsUnique();
        builder.HasIndex(e => new { e.Target, e.EntityId });
        builder.HasIndex(e => new { e.DefinitionId, e.NumberValue });
        builder.HasIndex(e => new { e.DefinitionId, e.DateValue });
    }
}

public sealed class SavedFilterConfiguration : IEntityTypeConfiguration<SavedFilter>
{
    public void Configure(EntityTypeBuilder<SavedFilter> builder)
    {
        builder.Property(e => e.Module).HasMaxLength(50).IsRequired();
        builder.Property(e => e.Name).HasMaxLength(200).IsRequired();
        builder.Property(e => e.OwnerId).HasMaxLength(450).IsRequired();
        builder.Property(e => e.Definition).HasMaxLength(20000).IsRequired();
        builder.HasOne<AppUser>().WithMany().HasForeignKey(e => e.OwnerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.Module, e.OwnerId });
    }
}
