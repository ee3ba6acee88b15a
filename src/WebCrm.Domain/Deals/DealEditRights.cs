using WebCrm.Domain.Security;

namespace WebCrm.Domain.Deals;

/// <summary>Why a user stands where he does on a deal: the branches of <see cref="DealVisibility"/>, plus "view all".</summary>
[Flags]
public enum DealStanding
{
    None = 0,
    /// <summary>He is the deal's responsible manager.</summary>
    DealResponsible = 1,
    /// <summary>He runs at least one of its stages.</summary>
    StageResponsible = 2,
    /// <summary>He is responsible for the deal's company (the client is his).</summary>
    CompanyResponsible = 4,
    /// <summary>He holds Deals.ViewAll (a director, an administrator).</summary>
    SeesAll = 8,
}

/// <summary>One kind of change of a deal, as every write path names it.</summary>
public enum DealChange
{
    /// <summary>Title, contact person, source, dates, currency, notes, custom fields.</summary>
    Details,
    /// <summary>Moving the deal to another company: changes who sees it and where its debt counts.</summary>
    Company,
    /// <summary>Another responsible manager for the deal.</summary>
    Responsible,
    /// <summary>Products and services (lines).</summary>
    Lines,
    /// <summary>Payments and accounting documents.</summary>
    Money,
    /// <summary>Won or lost.</summary>
    Close,
    Reopen,
    /// <summary>One stage's planned dates, completion and note; moving to the next stage completes the current one.</summary>
    StagePlan,
    /// <summary>Another responsible manager for a stage.</summary>
    StageResponsible,
    /// <summary>Adding, removing and reordering the deal's stages.</summary>
    StageStructure,
    Delete,
}

public enum DealVerdict
{
    Allowed,
    /// <summary>The user may not make this change (403).</summary>
    Forbidden,
    /// <summary>The deal is won or lost: reopen it first.</summary>
    Closed,
}

/// <summary>
/// What each visibility branch may do on a deal it sees. Every change needs Deals.Edit (a delete Deals.Delete) on top.
/// <list type="bullet">
/// <item><b>Deal responsible, company responsible, "view all"</b> — the deal's owners: every change below except
/// those marked Reassign.</item>
/// <item><b>Reassign</b> (Deals.Reassign, on top of being an owner) — another responsible for the deal, another
/// company for the deal, another responsible for a stage: each changes who sees the deal.</item>
/// <item><b>Stage responsible only</b> — works his own stages: their planned dates, completion and note (and the
/// "next stage" step when the current stage is his). Not other stages, not who runs a stage, not the deal's data,
/// company, products or money, not closing.</item>
/// <item><b>A closed (won or lost) deal</b> is read-only until an owner reopens it. One exception: money that
/// arrives after the close (payments, accounting documents) is still recorded by an owner — a won deal's debt is a
/// receivable that such a payment settles; a payment asks for an explicit confirmation.</item>
/// </list>
/// Disabled users are never chosen as responsible (deal, stage or company): the web layer's pickers and checks
/// offer and accept active users only.
/// </summary>
public static class DealEditRights
{
    public static DealStanding StandingOf(Deal deal, UserAccess user)
    {
        var standing = DealStanding.None;
        if (string.IsNullOrEmpty(user.UserId))
        {
            return standing;
        }
        if (deal.ResponsibleId == user.UserId)
        {
            standing |= DealStanding.DealResponsible;
        }
        if (deal.Stages.Any(s => s.ResponsibleId == user.UserId))
        {
            standing |= DealStanding.StageResponsible;
        }
        if (deal.Company is { } company && company.ResponsibleId == user.UserId)
        {
            standing |= DealStanding.CompanyResponsible;
        }
        if (user.Has(Permissions.Deals.ViewAll))
        {
            standing |= DealStanding.SeesAll;
        }
        return standing;
    }

    /// <summary>True for the deal's owners: its responsible, its company's responsible, "view all".</summary>
    public static bool IsOwner(DealStanding standing) =>
        (standing & (DealStanding.DealResponsible | DealStanding.CompanyResponsible | DealStanding.SeesAll)) != 0;

    /// <summary>
    /// The one decision. <paramref name="stage"/> is the stage a <see cref="DealChange.StagePlan"/> or
    /// <see cref="DealChange.StageResponsible"/> concerns (its responsible before the change).
    /// The deal must be loaded with its company and stages.
    /// </summary>
    public static DealVerdict Check(Deal deal, UserAccess user, DealChange change, DealStage? stage = null)
    {
        var standing = StandingOf(deal, user);
        var seesOwn = user.Has(Permissions.Deals.ViewOwn) || user.Has(Permissions.Deals.ViewAll);
        if (standing == DealStanding.None || !seesOwn)
        {
            return DealVerdict.Forbidden;
        }
        var needed = change == DealChange.Delete ? Permissions.Deals.Delete : Permissions.Deals.Edit;
        if (!user.Has(needed))
        {
            return DealVerdict.Forbidden;
        }
        var owner = IsOwner(standing);
        var allowed = change switch
        {
            DealChange.Company or DealChange.Responsible or DealChange.StageResponsible => owner && user.Has(Permissions.Deals.Reassign),
            DealChange.StagePlan => owner || (stage is not null && stage.ResponsibleId == user.UserId),
            _ => owner,
        };
        if (!allowed)
        {
            return DealVerdict.Forbidden;
        }
        return deal.IsClosed && change is not (DealChange.Reopen or DealChange.Money) ? DealVerdict.Closed : DealVerdict.Allowed;
    }
}
