using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WebCrm.Domain.Reference;

namespace WebCrm.Data.Configurations;

public sealed class ReferenceItemConfiguration : IEntityTypeConfiguration<ReferenceItem>
{
    public void Configure(EntityTypeBuilder<ReferenceItem> builder)
    {
        builder.Property(e => e.Kind).HasConversion<int>();
        builder.Property(e => e.NameEn).HasMaxLength(200).IsRequired();
        builder.Property(e => e.NameRu).HasMaxLength(200).IsRequired();
        builder.Property(e => e.Code).HasMaxLength(50);
        builder.HasIndex(e => new { e.Kind, e.SortOrder });
        builder.HasIndex(e => new { e.Kind, e.Code }).IsUnique();
    }
}

public sealed class CurrencyConfiguration : IEntityTypeConfiguration<Currency>
{
    public void Configure(EntityTypeBuilder<Currency> builder)
    {
        builder.Property(e => e.Code).HasMaxLength(3).IsRequired();
        builder.Property(e => e.NameEn).HasMaxLength(100).IsRequired();
        builder.Property(e => e.NameRu).HasMaxLength(100).IsRequired();
        builder.Property(e => e.Symbol).HasMaxLength(10);
        builder.HasIndex(e => e.Code).IsUnique();
    }
}
