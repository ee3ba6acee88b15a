namespace WebCrm.Web.Features.Reports;

public static class ReportsModule
{
    /// <summary>The report builder, saved reports and exports (registered with one line from ModuleRegistration).</summary>
    public static IServiceCollection AddReportsModule(this IServiceCollection services)
    {
        services.AddScoped<ReportFacts>();
        services.AddScoped<ReportReceivable>();
        services.AddScoped<ReportPayments>();
        services.AddScoped<ReportLabels>();
        services.AddScoped<ReportBuilder>();
        services.AddScoped<ReportOptions>();
        services.AddScoped<ReportPage>();
        services.AddScoped<SavedReports>();
        services.AddScoped<ReportSeeder>();
        services.AddScoped<Export.ReportExport>();
        services.AddSingleton<Export.IReportPdf, Export.PdfSharpReportPdf>();
        return services;
    }
}
