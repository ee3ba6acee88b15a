using Microsoft.AspNetCore.Authorization;

namespace WebCrm.Web.Features.Calendar;

/// <summary>The calendar's services, registered with one line from ModuleRegistration.</summary>
public static class CalendarModule
{
    public static IServiceCollection AddCalendarModule(this IServiceCollection services)
    {
        services.AddScoped<CalendarClock>();
        services.AddScoped<ActivityAccess>();
        services.AddSingleton<IAuthorizationHandler, ActivityAuthorizationHandler>();
        services.AddScoped<ActivityLinks>();
        services.AddScoped<ActivitySeriesLayout>();
        services.AddScoped<ActivityEditing>();
        services.AddScoped<ActivityPage>();
        services.AddScoped<ActivityMoving>();
        services.AddScoped<CalendarBoard>();
        services.AddScoped<ActivityHistory>();
        services.AddScoped<CompanyContactDates>();
        services.AddScoped<ContactAnalysis>();
        services.AddScoped<CalendarFeeds>();
        services.AddScoped<Reminders>();
        services.AddScoped<ReminderSender>();
        services.AddHostedService<ReminderJob>();
        return services;
    }
}
