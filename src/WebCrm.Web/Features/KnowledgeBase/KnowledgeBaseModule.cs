namespace WebCrm.Web.Features.KnowledgeBase;

public static class KnowledgeBaseModule
{
    /// <summary>The knowledge base: articles and categories, their files and links, and the full-text search.</summary>
    public static IServiceCollection AddKnowledgeBaseModule(this IServiceCollection services)
    {
        services.AddScoped<ArticleSearch>();
        services.AddScoped<KnowledgeArticles>();
        services.AddScoped<ArticleFiles>();
        services.AddScoped<ArticleLinks>();
        return services;
    }
}
