namespace WebCrm.Web.Features.Funnel;

public static class FunnelModule
{
    /// <summary>The funnel report and the board (registered with one line from ModuleRegistration).</summary>
    public static IServiceCollection AddFunnelModule(this IServiceCollection services)
    {
        services.AddScoped<FunnelReport>();
        services.AddScoped<FunnelBoard>();
        services.AddScoped<FunnelExport>();
        return services;
    }
}
