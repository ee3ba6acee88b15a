using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WebCrm.Domain.Packages;

namespace WebCrm.Data.Configurations;

public sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("OutboxMessages");
        builder.Property(e => e.ToAddress).HasMaxLength(OutboxMessage.MaxAddressLength).IsRequired();
        builder.Property(e => e.ToName).HasMaxLength(300);
        builder.Property(e => e.Subject).HasMaxLength(OutboxMessage.MaxSubjectLength).IsRequired();
        builder.Property(e => e.TextBody).IsRequired();
        builder.Property(e => e.Source).HasMaxLength(50).IsRequired();
        builder.Property(e => e.LastError).HasMaxLength(OutboxMessage.MaxErrorLength);
        builder.Property(e => e.LockOwner).HasMaxLength(100);
        builder.Property(e => e.CreatedById).HasMaxLength(450);
        builder.Property(e => e.MessageId).HasMaxLength(200).IsRequired();
        builder.HasMany(e => e.Attachments).WithOne().HasForeignKey(a => a.OutboxMessageId).OnDelete(DeleteBehavior.Cascade);
        // The worker's claim: due pending letters and expired leases, oldest due first.
        builder.HasIndex(e => new { e.State, e.NextAttemptUtc });
    }
}

public sealed class OutboxAttachmentConfiguration : IEntityTypeConfiguration<OutboxAttachment>
{
    public void Configure(EntityTypeBuilder<OutboxAttachment> builder)
    {
        builder.ToTable("OutboxAttachments");
        builder.Property(e => e.FileName).HasMaxLength(255).IsRequired();
        builder.Property(e => e.ContentType).HasMaxLength(200).IsRequired();
        builder.HasOne(e => e.File).WithMany().HasForeignKey(e => e.StoredFileId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.OutboxMessageId, e.SortOrder });
    }
}

public sealed class StoredFileConfiguration : IEntityTypeConfiguration<StoredFile>
{
    public void Configure(EntityTypeBuilder<StoredFile> builder)
    {
        builder.ToTable("StoredFiles");
        builder.Property(e => e.Sha256).HasMaxLength(64).IsRequired();
        builder.Property(e => e.Content).IsRequired();
        builder.HasIndex(e => e.Sha256);
    }
}
