using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WebCrm.Data.Identity;
using WebCrm.Domain.Reports;

namespace WebCrm.Data.Configurations;

public sealed class SavedReportConfiguration : IEntityTypeConfiguration<SavedReport>
{
    public void Configure(EntityTypeBuilder<SavedReport> builder)
    {
        builder.Property(e => e.Name).HasMaxLength(200).IsRequired();
        builder.Property(e => e.OwnerId).HasMaxLength(450);
        builder.Property(e => e.Code).HasMaxLength(50);
        builder.Property(e => e.Definition).HasMaxLength(20000).IsRequired();
        builder.HasOne<AppUser>().WithMany().HasForeignKey(e => e.OwnerId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => e.OwnerId);
        builder.HasIndex(e => e.Code).IsUnique();
    }
}
