using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Security;

namespace WebCrm.Web.Features.Deals;

/// <summary>
/// Who sees and changes a deal (<see cref="DealVisibility"/>), for the deal list, card, search, export, the company
/// card's deals and debt, and later reports, the funnel and the calendar.
/// </summary>
/// <remarks>
/// <see cref="Query"/> is the key-set form of the rule (<see cref="DealVisibility.ApplyBySets"/>): "his deal, or a deal
/// of one of his stages, or a deal of one of his companies" as uncorrelated id sets that PostgreSQL hashes once, so a
/// page walks the sort index and stops after one page, and a company's deals are an index lookup. Measured against
/// the correlated form by scripts/benchmark.sh; DealVisibilityShapesTests proves both forms select the same deals.
/// A loaded deal is decided by the plain rule, so it is loaded with its company and stages.
/// </remarks>
[ModuleEntryPoint]
public sealed class DealAccess(CrmDbContext db, IAuthorizationService authorization)
    : RecordAccess<Deal>(db, authorization, DealVisibility.Instance)
{
    public override IQueryable<Deal> Query(UserAccess user) =>
        DealVisibility.Instance.ApplyBySets(Db.Deals.AsNoTracking(), Db.DealStages.AsNoTracking(), Db.Companies.AsNoTracking(), user);

    /// <summary>
    /// <see cref="Query"/> over the deals started between <paramref name="from"/> and <paramref name="to"/> (the funnel's):
    /// the same deals, with the rule's "his stages" key set read over the stage rows of those deals only, down the
    /// stored start date each stage row keeps (<see cref="DealStage.DealStartDate"/>) rather than every stage of his.
    /// </summary>
    public IQueryable<Deal> QueryStartedIn(UserAccess user, DateOnly from, DateOnly to) =>
        DealVisibility.Instance.ApplyBySets(Db.Deals.AsNoTracking().Where(d => d.StartDate >= from && d.StartDate <= to),
            Db.DealStages.AsNoTracking().Where(s => s.DealStartDate >= from && s.DealStartDate <= to), Db.Companies.AsNoTracking(), user);

    /// <summary>
    /// The keys of <see cref="QueryStartedIn"/>'s deals, read as the union of the rule's three parts
    /// (<see cref="DealVisibility.KeysBySets"/>). "His stages" are the period's stage rows: the stored start date of a
    /// stage row is its deal's, so a stage row of the period belongs to a deal started in it.
    /// </summary>
    public IQueryable<int> KeysStartedIn(UserAccess user, DateOnly from, DateOnly to) =>
        DealVisibility.Instance.KeysBySets(Db.Deals.AsNoTracking().Where(d => d.StartDate >= from && d.StartDate <= to),
            Db.DealStages.AsNoTracking().Where(s => s.DealStartDate >= from && s.DealStartDate <= to), Db.Companies.AsNoTracking(), user);

    /// <summary>The rule shaped for one page of the deal list (<see cref="DealVisibility.ApplyForPage"/>): the same deals as <see cref="Query"/>.</summary>
    public IQueryable<Deal> QueryForPage(UserAccess user) =>
        DealVisibility.Instance.ApplyForPage(Db.Deals.AsNoTracking(), Db.DealStages.AsNoTracking(), Db.Companies.AsNoTracking(), user);

    /// <summary>
    /// The rule shaped for a page of the whole list in start-date order ending at the <paramref name="first"/>-th deal
    /// (<see cref="DealVisibility.ApplyForStartPage"/>): the same deals of that page as <see cref="QueryForPage"/>, each
    /// part of the rule read down its own index. Only for that order and without a search or filter.
    /// </summary>
    public IQueryable<Deal> QueryForStartPage(UserAccess user, bool descending, int first) =>
        DealVisibility.Instance.ApplyForStartPage(Db.Deals.AsNoTracking(), Db.DealStages.AsNoTracking(), user, descending, first);

    /// <summary>His own deals, a part of <see cref="Query"/> (<see cref="DealVisibility.OwnBranch"/>); null when he sees all or none.</summary>
    public IQueryable<Deal>? QueryOwnBranch(UserAccess user) => DealVisibility.Instance.OwnBranch(Db.Deals.AsNoTracking(), user);

    /// <summary>
    /// The rule in its correlated form, for queries nested per company row (the company list's debt column, filter and
    /// sort; the company card's deals): there the key-set form's subplans are re-evaluated for every company, which
    /// scripts/benchmark.sh measured at ~800 ms for a manager's company list against ~11 ms in this form.
    /// </summary>
    public IQueryable<Deal> QueryPerCompany(UserAccess user) => Rule.Apply(Db.Deals.AsNoTracking(), user);

    protected override IQueryable<Deal> WithRuleData(IQueryable<Deal> records) => records.Include(d => d.Company).Include(d => d.Stages);

    /// <summary>
    /// Whether the user sees every deal, so that <see cref="Query"/> is the whole table: a sum over rows that each belong
    /// to a deal (payments) then covers exactly the visible deals without a join to them.
    /// </summary>
    public bool SeesAll(UserAccess user) => DealVisibility.Instance.SeesAll(user);

    /// <summary>Whether the user sees any deals at all (the company card and list show debt only then).</summary>
    public bool SeesDeals(UserAccess user) => DealVisibility.Instance.SeesOwn(user);
}
