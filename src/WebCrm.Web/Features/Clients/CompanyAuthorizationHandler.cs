using WebCrm.Domain.Clients;
using WebCrm.Web.Infrastructure.Authorization;

namespace WebCrm.Web.Features.Clients;

/// <summary>Read, Update, Delete and Reassign on one company, by <see cref="CompanyVisibility"/> (the list's rule).</summary>
public sealed class CompanyAuthorizationHandler() : OwnedResourceAuthorizationHandler<Company>(CompanyVisibility.Instance);
