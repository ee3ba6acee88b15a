using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WebCrm.Data.Identity;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Packages;

namespace WebCrm.Data.Configurations;

public sealed class MaterialConfiguration : IEntityTypeConfiguration<Material>
{
    public void Configure(EntityTypeBuilder<Material> builder)
    {
        builder.Property(e => e.Title).HasMaxLength(Material.MaxTitleLength).IsRequired();
        builder.Property(e => e.Description).HasMaxLength(4000);
        builder.Property(e => e.SubjectRu).HasMaxLength(Material.MaxSubjectLength);
        builder.Property(e => e.SubjectEn).HasMaxLength(Material.MaxSubjectLength);
        builder.Property(e => e.BodyRu).HasMaxLength(Material.MaxBodyLength);
        builder.Property(e => e.BodyEn).HasMaxLength(Material.MaxBodyLength);
        builder.HasMany(e => e.Files).WithOne().HasForeignKey(f => f.MaterialId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => e.Title);
    }
}

public sealed class MaterialFileConfiguration : IEntityTypeConfiguration<MaterialFile>
{
    public void Configure(EntityTypeBuilder<MaterialFile> builder)
    {
        builder.Property(e => e.FileName).HasMaxLength(255).IsRequired();
        builder.Property(e => e.ContentType).HasMaxLength(200).IsRequired();
        builder.HasOne(e => e.File).WithMany().HasForeignKey(e => e.StoredFileId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.MaterialId, e.SortOrder });
    }
}

public sealed class InfoPackageConfiguration : IEntityTypeConfiguration<InfoPackage>
{
    public void Configure(EntityTypeBuilder<InfoPackage> builder)
    {
        builder.ToTable("InfoPackages");
        builder.Property(e => e.Name).HasMaxLength(InfoPackage.MaxNameLength).IsRequired();
        builder.Property(e => e.Description).HasMaxLength(4000);
        builder.HasMany(e => e.Items).WithOne().HasForeignKey(i => i.PackageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => e.Name);
    }
}

public sealed class InfoPackageItemConfiguration : IEntityTypeConfiguration<InfoPackageItem>
{
    public void Configure(EntityTypeBuilder<InfoPackageItem> builder)
    {
        builder.ToTable("InfoPackageItems");
        builder.HasOne(e => e.Material).WithMany().HasForeignKey(e => e.MaterialId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.PackageId, e.SortOrder });
    }
}

public sealed class PackageLetterConfiguration : IEntityTypeConfiguration<PackageLetter>
{
    public void Configure(EntityTypeBuilder<PackageLetter> builder)
    {
        builder.Property(e => e.ContactName).HasMaxLength(300).IsRequired();
        builder.Property(e => e.ToAddress).HasMaxLength(OutboxMessage.MaxAddressLength).IsRequired();
        builder.Property(e => e.PackageName).HasMaxLength(InfoPackage.MaxNameLength).IsRequired();
        builder.Property(e => e.Subject).HasMaxLength(OutboxMessage.MaxSubjectLength).IsRequired();
        builder.Property(e => e.Language).HasMaxLength(5).IsRequired();
        builder.Property(e => e.SentById).HasMaxLength(450).IsRequired();
        builder.HasOne<Company>().WithMany().HasForeignKey(e => e.CompanyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ContactPerson>().WithMany().HasForeignKey(e => e.ContactPersonId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<InfoPackage>().WithMany().HasForeignKey(e => e.PackageId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<OutboxMessage>().WithMany().HasForeignKey(e => e.OutboxMessageId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(e => e.SentById).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.CompanyId, e.SentAtUtc });
        builder.HasIndex(e => e.ContactPersonId);
    }
}
