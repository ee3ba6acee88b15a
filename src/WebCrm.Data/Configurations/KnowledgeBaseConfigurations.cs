using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
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
