using WebCrm.Web.Features.Packages.Outbox;

namespace WebCrm.Web.Features.Packages;

public static class PackagesModule
{
    /// <summary>The Packages module: the mail outbox (offered to every module) and its worker, then one service per use case.</summary>
    public static IServiceCollection AddPackagesModule(this IServiceCollection services)
    {
        services.AddOptions<SmtpOptions>().BindConfiguration("Smtp");
        services.AddOptions<OutboxOptions>().BindConfiguration("Outbox");
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxDelivery>();
        services.AddOptions<FileStorageOptions>().BindConfiguration("Files");
        services.AddScoped<StoredFiles>();
        services.AddScoped<MailOutbox>();
        services.AddHostedService<OutboxWorker>();
        services.AddScoped<PackageLetters>();
        services.AddScoped<PackageEditing>();
        services.AddScoped<MaterialEditing>();
        services.AddScoped<PackageSending>();
        services.AddScoped<SentMaterials>();
        return services;
    }
}
