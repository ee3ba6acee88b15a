using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore.Diagnostics;
using WebCrm.Web.Features.Shared;
using WebCrm.Web.Features.Account;
using WebCrm.Web.Features.Calendar;
using WebCrm.Web.Features.Clients;
using WebCrm.Web.Features.Clients.Filtering;
using WebCrm.Web.Features.Deals;
using WebCrm.Web.Features.Packages;
using WebCrm.Web.Features.KnowledgeBase;
using WebCrm.Web.Features.Products;
using WebCrm.Web.Features.Reports;
using WebCrm.Web.Features.Funnel;
using WebCrm.Web.Features.Shared.Money;
using WebCrm.Web.Features.Administration.ReferenceLists;
using WebCrm.Web.Features.Administration.Users;

namespace WebCrm.Web.Infrastructure.Startup;

public static class ModuleRegistration
{
    /// <summary>Each module's service, used by its controller; one line per module.</summary>
    public static IServiceCollection AddCrmModules(this IServiceCollection services)
    {
        services.AddScoped<AccountService>();
        services.AddScoped<TwoFactor>();
        services.AddScoped<Features.Home.HomeDashboard>();
        services.AddScoped<WebCrm.Web.Features.Account.AccountSessions>();
        services.AddScoped<UsersService>();
        services.AddScoped<WebCrm.Web.Features.Administration.Users.RightsPreviews>();
        Features.Administration.Security.SecurityModule.AddSecurityModule(services);
        // Clients: the one access service of companies (also offered to other modules), then one service per use case.
        services.AddScoped<CompanyAccess>();
        services.AddScoped<CompanyList>();
        services.AddScoped<SavedFilters>();
        services.AddScoped<SavedFilterCompanies>();
        services.AddScoped<CompanyCard>();
        services.AddScoped<CompanyEditing>();
        services.AddScoped<CompanyConflicts>();
        services.AddScoped<CompanyParts>();
        services.AddScoped<ContactPersonEditing>();
        services.AddScoped<BankAccountEditing>();
        services.AddScoped<ContractEditing>();
        services.AddScoped<CompanyGroupEditing>();
        services.AddScoped<CompanyFilter>();
        services.AddScoped<ContactPersonFilters>();
        services.AddScoped<CustomFieldFilters>();
        services.AddSingleton<IAuthorizationHandler, CompanyAuthorizationHandler>();
        // Deals: the one access service of deals (also offered to other modules), then one service per use case.
        services.AddScoped<DealList>();
        services.AddScoped<DealFilter>();
        services.AddScoped<DealCard>();
        services.AddScoped<DealEditing>();
        services.AddScoped<DealStages>();
        services.AddScoped<DealStagePlanning>();
        services.AddScoped<DealMoneyParts>();
        services.AddScoped<DealClosing>();
        services.AddScoped<DealStore>();
        services.AddScoped<DealRecalculation>();
        services.AddScoped<DealAccess>();
        services.AddScoped<CompanyDealsService>();
        services.AddScoped<ProductsService>();
        services.AddSingleton<IAuthorizationHandler, DealAuthorizationHandler>();
        // Currencies, rates and conversions for every module (Features/Shared/Money).
        services.AddScoped<MoneyService>();
        services.AddScoped<MoneyText>();
        services.AddOptions<MoneyOptions>().BindConfiguration("Money");
        services.AddScoped<ReferenceListsService>();
        services.AddScoped<CustomFieldsService>();
        // The read side of the reference lists, used by every module that offers their values, over one in-memory copy
        // of the rarely changing data (reference values, currencies, rates, custom-field definitions, user names),
        // dropped by any save that changes it.
        services.AddScoped<ReferenceLookup>();
        services.AddSingleton<ReferenceCache>();
        services.AddSingleton<IInterceptor, ReferenceCacheInvalidator>();
        // The lists' capped counts per user and filter, old after any write of this instance (see ListCounts).
        services.AddSingleton<ListCounts>();
        services.AddReportsModule();
        services.AddFunnelModule();
        services.AddCalendarModule();
        services.AddPackagesModule();
        services.AddKnowledgeBaseModule();
        return services;
    }
}
