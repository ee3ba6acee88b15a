using WebCrm.Domain.Clients;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Security;

namespace WebCrm.UnitTests;

/// <summary>What each visibility branch may do on a deal (finding 2 of the penetration test).</summary>
public sealed class DealEditRightsTests
{
    private const string Owner = "owner", Client = "client-owner", Worker = "stage-man", Stranger = "stranger", Boss = "boss";

    private static readonly string[] Manager = [Permissions.Deals.ViewOwn, Permissions.Deals.Edit];

    private static Deal NewDeal(DealStatus status = DealStatus.Open) => new()
    {
        ResponsibleId = Owner,
        Company = new Company { ResponsibleId = Client },
        Status = status,
        Stages = [new DealStage { Id = 1, ResponsibleId = Owner }, new DealStage { Id = 2, ResponsibleId = Worker }, new DealStage { Id = 3, ResponsibleId = Owner }],
    };

    private static UserAccess User(string id, params string[] rights) => new(id, rights);

    private static DealVerdict Check(Deal deal, UserAccess user, DealChange change, int? stageId = null) =>
        DealEditRights.Check(deal, user, change, stageId is { } s ? deal.Stages.Single(x => x.Id == s) : null);

    [Fact]
    public void Standing_names_every_branch_the_user_is_on()
    {
        var deal = NewDeal();
        Assert.Equal(DealStanding.DealResponsible | DealStanding.StageResponsible, DealEditRights.StandingOf(deal, User(Owner)));
        Assert.Equal(DealStanding.StageResponsible, DealEditRights.StandingOf(deal, User(Worker)));
        Assert.Equal(DealStanding.CompanyResponsible, DealEditRights.StandingOf(deal, User(Client)));
        Assert.Equal(DealStanding.SeesAll, DealEditRights.StandingOf(deal, User(Boss, Permissions.Deals.ViewAll)));
        Assert.Equal(DealStanding.None, DealEditRights.StandingOf(deal, User(Stranger, Manager)));
        deal.ResponsibleId = Worker;
        Assert.Equal(DealStanding.DealResponsible | DealStanding.StageResponsible, DealEditRights.StandingOf(deal, User(Worker)));
        Assert.Equal(DealStanding.StageResponsible, DealEditRights.StandingOf(deal, User(Owner)));
    }

    [Theory]
    [InlineData(DealChange.Details)]
    [InlineData(DealChange.Lines)]
    [InlineData(DealChange.Money)]
    [InlineData(DealChange.Close)]
    [InlineData(DealChange.StageStructure)]
    public void Owners_edit_the_deal_a_stage_responsible_does_not(DealChange change)
    {
        var deal = NewDeal();
        Assert.Equal(DealVerdict.Allowed, Check(deal, User(Owner, Manager), change));
        Assert.Equal(DealVerdict.Allowed, Check(deal, User(Client, Manager), change));
        Assert.Equal(DealVerdict.Allowed, Check(deal, User(Boss, Permissions.Deals.ViewAll, Permissions.Deals.Edit), change));
        Assert.Equal(DealVerdict.Forbidden, Check(deal, User(Worker, Manager), change));
        Assert.Equal(DealVerdict.Forbidden, Check(deal, User(Stranger, Manager), change));
    }

    [Fact]
    public void A_stage_responsible_plans_his_own_stage_only()
    {
        var deal = NewDeal();
        var worker = User(Worker, Manager);
        Assert.Equal(DealVerdict.Allowed, Check(deal, worker, DealChange.StagePlan, 2));
        Assert.Equal(DealVerdict.Forbidden, Check(deal, worker, DealChange.StagePlan, 1));
        Assert.Equal(DealVerdict.Forbidden, Check(deal, worker, DealChange.StagePlan));
        // Even with Reassign he does not choose who runs a stage, his own included.
        var withReassign = User(Worker, Permissions.Deals.ViewOwn, Permissions.Deals.Edit, Permissions.Deals.Reassign);
        Assert.Equal(DealVerdict.Forbidden, Check(deal, withReassign, DealChange.StageResponsible, 1));
        Assert.Equal(DealVerdict.Forbidden, Check(deal, withReassign, DealChange.StageResponsible, 2));
        Assert.Equal(DealVerdict.Forbidden, Check(deal, withReassign, DealChange.Company));
        // The owner plans every stage.
        Assert.Equal(DealVerdict.Allowed, Check(deal, User(Owner, Manager), DealChange.StagePlan, 2));
    }

    [Theory]
    [InlineData(DealChange.Responsible)]
    [InlineData(DealChange.Company)]
    [InlineData(DealChange.StageResponsible)]
    public void Who_sees_the_deal_changes_only_with_reassign(DealChange change)
    {
        var deal = NewDeal();
        Assert.Equal(DealVerdict.Forbidden, Check(deal, User(Owner, Manager), change, 2));
        Assert.Equal(DealVerdict.Allowed, Check(deal, User(Owner, [.. Manager, Permissions.Deals.Reassign]), change, 2));
        Assert.Equal(DealVerdict.Allowed, Check(deal, User(Boss, Permissions.Deals.ViewAll, Permissions.Deals.Edit, Permissions.Deals.Reassign), change, 2));
    }

    [Fact]
    public void Every_change_needs_the_edit_right_and_delete_the_delete_right()
    {
        var deal = NewDeal();
        Assert.Equal(DealVerdict.Forbidden, Check(deal, User(Owner, Permissions.Deals.ViewOwn), DealChange.Details));
        Assert.Equal(DealVerdict.Forbidden, Check(deal, User(Worker, Permissions.Deals.ViewOwn), DealChange.StagePlan, 2));
        Assert.Equal(DealVerdict.Forbidden, Check(deal, User(Owner, Manager), DealChange.Delete));
        Assert.Equal(DealVerdict.Allowed, Check(deal, User(Owner, [.. Manager, Permissions.Deals.Delete]), DealChange.Delete));
        // Without any view right the standing does not count.
        Assert.Equal(DealVerdict.Forbidden, Check(deal, User(Owner, Permissions.Deals.Edit), DealChange.Details));
    }

    [Theory]
    [InlineData(DealStatus.Won)]
    [InlineData(DealStatus.Lost)]
    public void A_closed_deal_is_read_only_until_reopened_except_money_that_arrives_later(DealStatus status)
    {
        var deal = NewDeal(status);
        var owner = User(Owner, [.. Manager, Permissions.Deals.Reassign, Permissions.Deals.Delete]);
        foreach (var change in new[] { DealChange.Details, DealChange.Company, DealChange.Responsible, DealChange.Lines, DealChange.Close,
                     DealChange.StagePlan, DealChange.StageResponsible, DealChange.StageStructure, DealChange.Delete })
        {
            Assert.Equal(DealVerdict.Closed, Check(deal, owner, change, 1));
        }
        Assert.Equal(DealVerdict.Allowed, Check(deal, owner, DealChange.Reopen));
        Assert.Equal(DealVerdict.Allowed, Check(deal, owner, DealChange.Money));
        // A stage responsible cannot reopen, and his stage is closed with the deal.
        Assert.Equal(DealVerdict.Forbidden, Check(deal, User(Worker, Manager), DealChange.Reopen));
        Assert.Equal(DealVerdict.Closed, Check(deal, User(Worker, Manager), DealChange.StagePlan, 2));
        Assert.Equal(DealVerdict.Allowed, Check(NewDeal(), owner, DealChange.Delete));
    }
}
