using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Deals;
using WebCrm.Domain.KnowledgeBase;

namespace WebCrm.Data.Configurations;

public sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> builder)
    {
        builder.ToTable("Articles");
        builder.Property(e => e.Title).HasMaxLength(Article.MaxTitleLength).IsRequired();
        builder.Property(e => e.Body).HasMaxLength(Article.MaxBodyLength).IsRequired();
        builder.Property(e => e.Tags).HasMaxLength(Article.MaxTagsLength).IsRequired();
        builder.HasOne(e => e.Category).WithMany().HasForeignKey(e => e.CategoryId).OnDelete(DeleteBehavior.SetNull);
        builder.Ignore(e => e.TagList);
        builder.HasIndex(e => e.CategoryId);
        builder.HasIndex(e => e.UpdatedAtUtc);
        // PostgreSQL adds a generated "SearchVector" tsvector column and its GIN index (KnowledgeSearchSql, migration KnowledgeBase).
    }
}

public sealed class ArticleCategoryConfiguration : IEntityTypeConfiguration<ArticleCategory>
{
    public void Configure(EntityTypeBuilder<ArticleCategory> builder)
    {
        builder.ToTable("ArticleCategories");
        builder.Property(e => e.Name).HasMaxLength(ArticleCategory.MaxNameLength).IsRequired();
        builder.HasOne<ArticleCategory>().WithMany().HasForeignKey(e => e.ParentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.ParentId, e.SortOrder });
    }
}

public sealed class ArticleAttachmentConfiguration : IEntityTypeConfiguration<ArticleAttachment>
{
    public void Configure(EntityTypeBuilder<ArticleAttachment> builder)
    {
        builder.ToTable("ArticleAttachments");
        builder.Property(e => e.FileName).HasMaxLength(ArticleAttachment.MaxFileNameLength).IsRequired();
        builder.Property(e => e.ContentType).HasMaxLength(200).IsRequired();
        builder.HasOne<Article>().WithMany(a => a.Attachments).HasForeignKey(e => e.ArticleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(e => e.File).WithMany().HasForeignKey(e => e.StoredFileId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => new { e.ArticleId, e.SortOrder });
    }
}

public sealed class ArticleLinkConfiguration : IEntityTypeConfiguration<ArticleLink>
{
    public void Configure(EntityTypeBuilder<ArticleLink> builder)
    {
        builder.ToTable("ArticleLinks");
        builder.Ignore(e => e.TargetId);
        builder.HasOne<Article>().WithMany().HasForeignKey(e => e.ArticleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Company>().WithMany().HasForeignKey(e => e.CompanyId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Product>().WithMany().HasForeignKey(e => e.ProductId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Deal>().WithMany().HasForeignKey(e => e.DealId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.ArticleId, e.Kind });
        builder.HasIndex(e => e.CompanyId);
        builder.HasIndex(e => e.ProductId);
        builder.HasIndex(e => e.DealId);
    }
}
