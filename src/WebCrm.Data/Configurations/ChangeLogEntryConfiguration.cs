using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WebCrm.Domain.Common;

namespace WebCrm.Data.Configurations;

public sealed class ChangeLogEntryConfiguration : IEntityTypeConfiguration<ChangeLogEntry>
{
    public void Configure(EntityTypeBuilder<ChangeLogEntry> builder)
    {
        builder.ToTable("ChangeLog");
        builder.Property(e => e.EntityType).HasMaxLength(100);
        builder.Property(e => e.EntityId).HasMaxLength(100);
        builder.Property(e => e.RootType).HasMaxLength(100);
        builder.Property(e => e.RootId).HasMaxLength(100);
        builder.Property(e => e.Field).HasMaxLength(100);
        builder.Property(e => e.OldValue).HasMaxLength(1001);
        builder.Property(e => e.NewValue).HasMaxLength(1001);
        builder.Property(e => e.UserId).HasMaxLength(450);
        builder.Property(e => e.UserName).HasMaxLength(256);
        // A card shows its own history newest first.
        builder.HasIndex(e => new { e.RootType, e.RootId, e.AtUtc });
    }
}
