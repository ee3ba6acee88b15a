namespace WebCrm.Web.Features.KnowledgeBase;

public static class KnowledgeBaseModule
{
    /// <summary>The knowledge base: articles and categories, and the full-text search.</summary>
    public static IServiceCollection AddKnowledgeBaseModule(this IServiceCollection services)
    {
        services.AddScoped<ArticleSearch>();
        services.AddScoped<KnowledgeArticles>();
        return services;
    }
}
