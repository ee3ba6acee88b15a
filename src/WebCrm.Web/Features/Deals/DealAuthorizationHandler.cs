using WebCrm.Domain.Deals;
using WebCrm.Web.Infrastructure.Authorization;

namespace WebCrm.Web.Features.Deals;

/// <summary>
/// Read, Update, Delete and Reassign on one deal, by <see cref="DealVisibility"/> (the list's rule): a manager with
/// Deals.ViewOwn sees a deal he is responsible for, or one with a stage he is responsible for, or one of a company he
/// is responsible for; Deals.ViewAll sees every deal. The deal must be loaded with its company and stages.
/// </summary>
public sealed class DealAuthorizationHandler() : OwnedResourceAuthorizationHandler<Deal>(DealVisibility.Instance);
