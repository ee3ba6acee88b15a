using WebCrm.Domain.Clients;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Security;

namespace WebCrm.UnitTests;

/// <summary>The list's shapes of the deal rule (key sets, per page) must select exactly the deals the rule itself selects.</summary>
public sealed class DealVisibilityShapesTests
{
    [Fact]
    public void Key_sets_and_the_rule_agree_for_every_user_and_every_branch()
    {
        string[] users = ["a", "b", "c", "d"];
        var random = new Random(42);
        var companies = Enumerable.Range(1, 12).Select(i => new Company { Id = i, ResponsibleId = users[random.Next(users.Length)] }).ToList();
        var deals = new List<Deal>();
        var stages = new List<DealStage>();
        for (var i = 1; i <= 80; i++)
        {
            var company = companies[random.Next(companies.Count)];
            // Forty days for eighty deals: many share a start date, so the order's tie on the key is exercised.
            var deal = new Deal { Id = i, CompanyId = company.Id, Company = company, CompanyResponsibleId = company.ResponsibleId,
                ResponsibleId = users[random.Next(users.Length)], StartDate = new DateOnly(2025, 1, 1).AddDays(random.Next(40)) };
            for (var s = 0; s < 3; s++)
            {
                var stage = new DealStage { DealId = i, ResponsibleId = users[random.Next(users.Length)], DealStartDate = deal.StartDate };
                deal.Stages.Add(stage);
                stages.Add(stage);
            }
            deals.Add(deal);
        }
        foreach (var user in users)
        {
            foreach (var rights in new[] { new[] { Permissions.Deals.ViewOwn }, [Permissions.Deals.ViewAll], [Permissions.Deals.Edit] })
            {
                var access = new UserAccess(user, rights);
                var byRule = DealVisibility.Instance.Apply(deals.AsQueryable(), access).Select(d => d.Id).Order().ToList();
                var bySets = DealVisibility.Instance.ApplyBySets(deals.AsQueryable(), stages.AsQueryable(), companies.AsQueryable(), access)
                    .Select(d => d.Id).Order().ToList();
                Assert.Equal(byRule, bySets);
                var forPage = DealVisibility.Instance.ApplyForPage(deals.AsQueryable(), stages.AsQueryable(), companies.AsQueryable(), access)
                    .Select(d => d.Id).Order().ToList();
                Assert.Equal(byRule, forPage);
                // The funnel's form (DealAccess.QueryStartedIn): the deals started in a period, "his stages" read over
                // the stage rows of that period only (by the start date each stores) — the rule's deals of the period.
                var (from, to) = (new DateOnly(2025, 1, 10), new DateOnly(2025, 1, 30));
                var inPeriod = DealVisibility.Instance.ApplyBySets(deals.AsQueryable().Where(d => d.StartDate >= from && d.StartDate <= to),
                    stages.AsQueryable().Where(s => s.DealStartDate >= from && s.DealStartDate <= to), companies.AsQueryable(), access)
                    .Select(d => d.Id).Order().ToList();
                Assert.Equal(deals.Where(d => d.StartDate >= from && d.StartDate <= to && byRule.Contains(d.Id)).Select(d => d.Id).Order(), inPeriod);
                // Its keys as the union of the rule's three parts (DealAccess.KeysStartedIn): the same deals.
                var keys = DealVisibility.Instance.KeysBySets(deals.AsQueryable().Where(d => d.StartDate >= from && d.StartDate <= to),
                    stages.AsQueryable().Where(s => s.DealStartDate >= from && s.DealStartDate <= to), companies.AsQueryable(), access).Order().ToList();
                Assert.Equal(inPeriod, keys);
                Assert.Equal(byRule, DealVisibility.Instance.KeysBySets(deals.AsQueryable(), stages.AsQueryable(), companies.AsQueryable(), access).Order().ToList());
                // The list in start-date order read by the rule's parts (DealAccess.QueryForStartPage): every page, either
                // way, of several sizes, is the rule's page (sorted the same way, then cut).
                foreach (var descending in new[] { false, true })
                {
                    foreach (var (page, size) in new[] { (1, 5), (2, 5), (3, 7), (1, 50), (2, 50), (4, 10) })
                    {
                        var expected = DealVisibility.InStartOrder(DealVisibility.Instance.Apply(deals.AsQueryable(), access), descending)
                            .Skip((page - 1) * size).Take(size).Select(d => d.Id).ToList();
                        var byParts = DealVisibility.InStartOrder(
                                DealVisibility.Instance.ApplyForStartPage(deals.AsQueryable(), stages.AsQueryable(), access, descending, page * size), descending)
                            .Skip((page - 1) * size).Take(size).Select(d => d.Id).ToList();
                        Assert.Equal(expected, byParts);
                    }
                }
                // The own branch (what the list counts first) is a part of the rule: his deals, all of them.
                var own = DealVisibility.Instance.OwnBranch(deals.AsQueryable(), access)?.Select(d => d.Id).Order().ToList();
                if (rights[0] == Permissions.Deals.ViewOwn)
                {
                    Assert.NotNull(own);
                    Assert.Subset(byRule.ToHashSet(), own.ToHashSet());
                    Assert.Equal(deals.Where(d => d.ResponsibleId == user).Select(d => d.Id).Order(), own);
                    Assert.NotEmpty(own);
                }
                else
                {
                    Assert.Null(own);
                }
                // Two empty lists would agree too: the rule must actually select (all, or some but not all).
                if (rights[0] == Permissions.Deals.ViewAll)
                {
                    Assert.Equal(deals.Count, byRule.Count);
                }
                else if (rights[0] == Permissions.Deals.ViewOwn)
                {
                    Assert.InRange(byRule.Count, 1, deals.Count - 1);
                }
            }
        }
        Assert.True(deals.GroupBy(d => d.StartDate).Count(g => g.Count() > 1) >= 10, "deals sharing a start date");
        // A part alone would not do: a page of "a"'s deals in start order draws on all three parts.
        var firstOfA = DealVisibility.InStartOrder(DealVisibility.Instance.Apply(deals.AsQueryable(), new UserAccess("a", [Permissions.Deals.ViewOwn])), false)
            .Take(20).ToList();
        Assert.Contains(firstOfA, d => d.ResponsibleId == "a");
        Assert.Contains(firstOfA, d => d.ResponsibleId != "a" && d.CompanyResponsibleId == "a");
        Assert.Contains(firstOfA, d => d.ResponsibleId != "a" && d.CompanyResponsibleId != "a");
        // The data exercises every branch: some deals are visible only through a stage or only through the company.
        Assert.Contains(deals, d => d.ResponsibleId != "a" && d.Company!.ResponsibleId != "a" && d.Stages.Any(s => s.ResponsibleId == "a"));
        Assert.Contains(deals, d => d.ResponsibleId != "a" && d.Company!.ResponsibleId == "a" && d.Stages.All(s => s.ResponsibleId != "a"));
    }
}
