using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WebCrm.Domain.Administration;

namespace WebCrm.Data.Configurations;

public sealed class SecurityEventConfiguration : IEntityTypeConfiguration<SecurityEvent>
{
    public void Configure(EntityTypeBuilder<SecurityEvent> builder)
    {
        builder.Property(e => e.ActorId).HasMaxLength(450);
        builder.Property(e => e.ActorName).HasMaxLength(256);
        builder.Property(e => e.TargetUserId).HasMaxLength(450);
        builder.Property(e => e.TargetUserName).HasMaxLength(256);
        builder.Property(e => e.Details).HasMaxLength(SecurityEvent.DetailsMaxLength);
        builder.Property(e => e.Address).HasMaxLength(SecurityEvent.AddressMaxLength);
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(40);
        builder.HasIndex(e => new { e.TargetUserId, e.AtUtc });
        // The security log page lists newest first over a period; the retention cleanup deletes by date.
        builder.HasIndex(e => e.AtUtc);
        builder.HasIndex(e => new { e.Kind, e.AtUtc });
    }
}
