using System.Linq.Expressions;
using WebCrm.Domain.Security;

namespace WebCrm.Domain.Deals;

/// <summary>
/// Who sees a deal. With "view all" (Deals.ViewAll): every deal. With "view own" (Deals.ViewOwn) a user sees a deal
/// when any one of these holds:
/// <list type="number">
/// <item>he is the deal's responsible manager;</item>
/// <item>he is the responsible manager of at least one of the deal's stages (he has work to do on it);</item>
/// <item>he is the responsible manager of the deal's company (the client is his, so are its deals).</item>
/// </list>
/// Without either right: no deal. The same expression filters lists in the database and decides on a loaded deal
/// in <c>DealAuthorizationHandler</c>; for the latter the deal must be loaded with its company and stages.
/// Editing needs Deals.Edit on top of seeing the deal, whichever branch made it visible.
/// </summary>
public sealed class DealVisibility : VisibilityRule<Deal>
{
    public static readonly DealVisibility Instance = new();

    public override OwnershipPermissions Permissions { get; } = new(
        Security.Permissions.Deals.ViewOwn, Security.Permissions.Deals.ViewAll, Security.Permissions.Deals.Edit,
        Security.Permissions.Deals.Delete, Security.Permissions.Deals.Reassign);

    protected override Expression<Func<Deal, string, bool>> IsOwnedBy => (deal, userId) =>
        deal.ResponsibleId == userId
        || deal.Stages.Any(s => s.ResponsibleId == userId)
        || (deal.Company != null && deal.Company.ResponsibleId == userId);

    /// <summary>
    /// The same rule as <see cref="VisibilityRule{T}.Apply"/>, shaped for reading a page: "his deal, or one of the
    /// deals of his stages, or a deal of one of his companies", the last two as uncorrelated key sets that PostgreSQL
    /// hashes once, so a page walks the sort index and stops after one page instead of joining every company.
    /// </summary>
    public IQueryable<Deal> ApplyBySets(IQueryable<Deal> deals, IQueryable<DealStage> stages, IQueryable<Clients.Company> companies, UserAccess user)
    {
        if (SeesAll(user))
        {
            return deals;
        }
        if (!SeesOwn(user))
        {
            return deals.Where(_ => false);
        }
        var userId = user.UserId;
        var stageDeals = stages.Where(s => s.ResponsibleId == userId).Select(s => s.DealId);
        var ownCompanies = companies.Where(c => c.ResponsibleId == userId).Select(c => c.Id);
        return deals.Where(d => d.ResponsibleId == userId || stageDeals.Contains(d.Id) || ownCompanies.Contains(d.CompanyId));
    }

    /// <summary>
    /// The keys of the deals <see cref="ApplyBySets"/> selects, as the union of its three parts — his deals, the deals
    /// of his stages, the deals of his companies — so each part reads its own index (his deals by owner, his stage rows
    /// by responsible) instead of every deal being tested against two key sets; for a whole list of keys (the funnel's).
    /// </summary>
    public IQueryable<int> KeysBySets(IQueryable<Deal> deals, IQueryable<DealStage> stages, IQueryable<Clients.Company> companies, UserAccess user)
    {
        if (SeesAll(user) || !SeesOwn(user))
        {
            return ApplyBySets(deals, stages, companies, user).Select(d => d.Id);
        }
        var userId = user.UserId;
        var ownCompanies = companies.Where(c => c.ResponsibleId == userId).Select(c => c.Id);
        return deals.Where(d => d.ResponsibleId == userId).Select(d => d.Id)
            .Union(stages.Where(s => s.ResponsibleId == userId).Select(s => s.DealId))
            .Union(deals.Where(d => ownCompanies.Contains(d.CompanyId)).Select(d => d.Id));
    }

    /// <summary>
    /// The same rule again, shaped for one page of a list walked down its sort index: "his deal, or a deal of one of
    /// his companies (a key set: a manager has a few thousand), or a deal with a stage of his (one index lookup for
    /// this deal)". A manager has tens of thousands of stages (six a deal): hashing them all, as
    /// <see cref="ApplyBySets"/> does, costs more than the whole page, while a page looks up a few hundred deals.
    /// Lists that read every visible deal (exports, reports, counts) keep the key sets.
    /// </summary>
    public IQueryable<Deal> ApplyForPage(IQueryable<Deal> deals, IQueryable<DealStage> stages, IQueryable<Clients.Company> companies, UserAccess user)
    {
        if (SeesAll(user))
        {
            return deals;
        }
        if (!SeesOwn(user))
        {
            return deals.Where(_ => false);
        }
        var userId = user.UserId;
        var ownCompanies = companies.Where(c => c.ResponsibleId == userId).Select(c => c.Id);
        // A scalar lookup rather than Any(): PostgreSQL turns an EXISTS into a hash of every stage of the user.
        return deals.Where(d => d.ResponsibleId == userId || ownCompanies.Contains(d.CompanyId)
            || stages.Where(s => s.ResponsibleId == userId && s.DealId == d.Id).OrderBy(s => s.DealId).Select(s => (int?)s.DealId).FirstOrDefault() != null);
    }

    /// <summary>
    /// The same rule for the first <paramref name="first"/> deals of the whole list in start-date order (<see cref="InStartOrder"/>):
    /// the union of the first <paramref name="first"/> of each part — his deals, the deals of his companies (by the
    /// stored <see cref="Deal.CompanyResponsibleId"/>), the deals of his stages (by the start date each stage row keeps,
    /// <see cref="DealStage.DealStartDate"/>) — each read down its own index in that order and stopping there. Any deal
    /// among the list's first <paramref name="first"/> is among the first <paramref name="first"/> of a part it belongs
    /// to, so a page sorted the same way and ending at <paramref name="first"/> reads the same deals from this as from
    /// <see cref="VisibilityRule{T}.Apply"/>; only for that order and without other conditions (the other parts of a
    /// filter would be tested after each part's limit).
    /// </summary>
    public IQueryable<Deal> ApplyForStartPage(IQueryable<Deal> deals, IQueryable<DealStage> stages, UserAccess user, bool descending, int first)
    {
        if (SeesAll(user))
        {
            return deals;
        }
        if (!SeesOwn(user))
        {
            return deals.Where(_ => false);
        }
        var userId = user.UserId;
        var own = InStartOrder(deals.Where(d => d.ResponsibleId == userId), descending).Take(first).Select(d => d.Id);
        var ofCompanies = InStartOrder(deals.Where(d => d.CompanyResponsibleId == userId), descending).Take(first).Select(d => d.Id);
        // A deal has several stages of his: one key per deal (its stage rows share the deal's start date). Grouped rather
        // than Distinct(): the grouping and the order stay in one SELECT, which PostgreSQL reads backwards from the index
        // for the newest first (a DISTINCT in a subquery is read forwards, all of his stage rows, and sorted).
        var stageKeys = stages.Where(s => s.ResponsibleId == userId).GroupBy(s => new { s.DealStartDate, s.DealId }).Select(g => g.Key);
        var ofStages = (descending ? stageKeys.OrderByDescending(k => k.DealStartDate).ThenByDescending(k => k.DealId)
            : stageKeys.OrderBy(k => k.DealStartDate).ThenBy(k => k.DealId)).Take(first).Select(k => k.DealId);
        var keys = own.Concat(ofCompanies).Concat(ofStages);
        return deals.Where(d => keys.Contains(d.Id));
    }

    /// <summary>The list's start-date order: earliest first, then by key; or latest first, then the latest key (backwards).</summary>
    public static IOrderedQueryable<Deal> InStartOrder(IQueryable<Deal> deals, bool descending) =>
        descending ? deals.OrderByDescending(d => d.StartDate).ThenByDescending(d => d.Id) : deals.OrderBy(d => d.StartDate).ThenBy(d => d.Id);

    /// <summary>
    /// The rule's first branch alone, "his own deals": a part of what <see cref="Apply"/> selects, so when it alone
    /// holds more deals than a list counts, the list need not count the rest. Null for a user who sees every deal or
    /// none (the whole rule is then no dearer than this part).
    /// </summary>
    public IQueryable<Deal>? OwnBranch(IQueryable<Deal> deals, UserAccess user)
    {
        if (SeesAll(user) || !SeesOwn(user))
        {
            return null;
        }
        var userId = user.UserId;
        return deals.Where(d => d.ResponsibleId == userId);
    }
}
