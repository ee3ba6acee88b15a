using System.Security.Claims;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Reports;
using WebCrm.Domain.Security;
using WebCrm.Web.Features.Deals;
using WebCrm.Web.Features.Shared.Money;
using WebCrm.Web.Infrastructure.Localization;

using WebCrm.Web.Features.Shared;

namespace WebCrm.Web.Features.Funnel;

/// <summary>The funnel's query string: the period (deals started in it) and optional filters.</summary>
[ModuleEntryPoint]
public sealed class FunnelQuery
{
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public string? ResponsibleId { get; set; }
    public int? SourceId { get; set; }
    public int? ProductGroupId { get; set; }
    public int? RegionId { get; set; }
}

public sealed class FunnelQueryValidator : AbstractValidator<FunnelQuery>
{
    public FunnelQueryValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.To).GreaterThanOrEqualTo(x => x.From).When(x => x.From is not null && x.To is not null)
            .WithMessage(_ => l["The end date cannot be before the start date."]);
        RuleFor(x => x.To).Must((x, to) => ReportPeriods.IsAcceptable(new DateSpan(x.From!.Value, to!.Value)))
            .When(x => x.From is not null && x.To is not null && x.To >= x.From)
            .WithMessage(_ => l["A report covers at most {0} years.", ReportPeriods.MaxYears]);
    }
}

[ModuleEntryPoint]
public sealed record FunnelLoss(string Reason, int Deals);

/// <summary>One stage of the funnel: how many deals reached it and their amount, conversions, losses there, average days spent in it.</summary>
[ModuleEntryPoint]
public sealed record FunnelStage(int StageId, string Name, int Reached, decimal Amount, decimal? ToNext, decimal? FromFirst, int Lost,
    IReadOnlyList<FunnelLoss> LossReasons, decimal? AverageDays);

[ModuleEntryPoint]
public sealed class FunnelViewModel
{
    public required FunnelQuery Query { get; init; }
    public required DateSpan Period { get; init; }
    public required IReadOnlyList<FunnelStage> Stages { get; init; }
    public required int Deals { get; init; }
    public required int Won { get; init; }
    public required string CurrencySymbol { get; init; }
    public required IReadOnlyList<UserOption> Users { get; init; }
    public required IReadOnlyList<LookupOption> Sources { get; init; }
    public required IReadOnlyList<LookupOption> ProductGroups { get; init; }
    public required IReadOnlyList<LookupOption> Regions { get; init; }
    public bool CanExport { get; init; }
}

/// <summary>
/// The sales funnel over the deals the user sees (<see cref="DealAccess"/>) that started in the period: a deal has
/// reached a stage of its own when that stage is completed, is its current stage, or is the stage it was lost at
/// (a won deal reached every stage it completed; <see cref="Deal.Reached"/>, stored on each stage row). Counts, amounts (lines total in the base currency at the rate of the
/// deal's start date), losses and days are grouped in the database; conversions are ratios of those counts.
/// Days in a stage: from the completion of the deal's previous stage (or the deal's start) to the stage's completion,
/// the first date stored on each stage (<see cref="Deal.EnteredOn"/>) so one grouped pass over the stage rows counts,
/// sums and averages every stage at once; the amounts are summed per currency and start date and converted after.
/// Each stage row also stores whether it is reached and its deal's start date, currency and lines total
/// (<see cref="Deal.Recalculate"/>, in the same save as every change of the deal; rebuilt by <c>--rebuild-funnel</c>).
/// 
/// </summary>
[ModuleEntryPoint]
public sealed class FunnelReport(CrmDbContext db, DealAccess access, MoneyService money, ReferenceLookup lookup, TimeProvider clock,
    IStringLocalizer<SharedResource> l, IConfiguration configuration)
{
    public DateSpan PeriodOf(FunnelQuery q) => q.From is { } from && q.To is { } to
        ? new DateSpan(from, to)
        : ReportPeriods.Quick(QuickPeriod.ThisYear, Numbers.Today(clock));

    public IQueryable<Deal> Deals(FunnelQuery q, UserAccess user, DateSpan period)
    {
        var deals = access.QueryStartedIn(user, period.From, period.To);
        if (!string.IsNullOrEmpty(q.ResponsibleId)) { deals = deals.Where(d => d.ResponsibleId == q.ResponsibleId); }
        if (q.SourceId is { } source) { deals = deals.Where(d => d.SourceId == source); }
        if (q.RegionId is { } region) { deals = deals.Where(d => d.Company!.RegionId == region); }
        if (q.ProductGroupId is { } group)
        {
            var withGroup = db.DealLines.Where(x => x.Product!.GroupId == group).Select(x => x.DealId);
            deals = deals.Where(d => withGroup.Contains(d.Id));
        }
        return deals;
    }

    private static bool Unfiltered(FunnelQuery q) => string.IsNullOrEmpty(q.ResponsibleId) && q.SourceId is null && q.RegionId is null
        && q.ProductGroupId is null;

    /// <summary>Whether the funnel covers every deal started in the period (no filter, and the user sees every deal).</summary>
    private bool Unrestricted(FunnelQuery q, UserAccess user) => access.Rule.SeesAll(user) && Unfiltered(q);

    /// <summary>
    /// Up to how many deals the funnel looks their stage rows up by deal key (see <see cref="PartsAsync"/>);
    /// <c>Funnel:KeyListLimit</c> changes it (a test sets it low to take both ways).
    /// </summary>
    public const int DefaultKeyListLimit = 20000;

    private int KeyListLimit => configuration.GetValue("Funnel:KeyListLimit", DefaultKeyListLimit);

    /// <summary>
    /// The reached stage rows the funnel counts, and the deals whose outcomes it counts. With no filter for a user who
    /// sees every deal: the period's stage rows along the stored start date (IX_DealStages_Funnel_Reached, grouped in
    /// that index's order without hashing). Otherwise the deals' keys are read first (the visibility rule reads "his
    /// stages" of the period only) and, when there are at most <see cref="KeyListLimit"/>, sent back as one list:
    /// their stage rows are looked up by deal key (IX_DealStages_Reached_Deal) and their outcomes by primary key — a
    /// manager's few thousand deals instead of every stage row and deal of the period, which the planner would read
    /// since it cannot tell how few deals the rule keeps. More keys (a filter that keeps most deals): both along the
    /// period, kept to the deals by the filter and the rule in the database.
    /// </summary>
    private async Task<(IQueryable<DealStage> Stages, IQueryable<Deal> Deals)> PartsAsync(FunnelQuery q, UserAccess user, DateSpan period,
        IQueryable<Deal> deals, CancellationToken ct)
    {
        var reached = db.DealStages.Where(s => s.Reached);
        var inPeriod = reached.Where(s => s.DealStartDate >= period.From && s.DealStartDate <= period.To);
        if (Unrestricted(q, user))
        {
            return (inPeriod, deals);
        }
        // Without a filter, the rule's three parts each down its own index (a manager's); a filter reads the deals.
        var keys = await (Unfiltered(q) ? access.KeysStartedIn(user, period.From, period.To) : deals.Select(d => d.Id)).ToListAsync(ct);
        if (keys.Count > KeyListLimit)
        {
            var all = deals.Select(d => d.Id);
            return (inPeriod.Where(s => all.Contains(s.DealId)), deals);
        }
        return (reached.Where(s => EF.Parameter(keys).Contains(s.DealId)), db.Deals.AsNoTracking().Where(d => EF.Parameter(keys).Contains(d.Id)));
    }

    public async Task<FunnelViewModel> BuildAsync(FunnelQuery q, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = UserAccess.From(principal);
        var period = PeriodOf(q);
        var deals = Deals(q, user, period);
        var baseCurrency = await money.BaseCurrencyAsync(ct);
        var baseId = baseCurrency.Id;

        // One pass over the reached stage rows (DealStage.Reached, with the deal's start date, currency and lines
        // total each stores, so without the deals) of the deals the funnel covers: per start date (the date of the
        // rate), stage and currency, the deals that reached the stage and their lines total, and the days spent in the
        // completed ones (from the stored date each was entered, Deal.EnteredOn). Rates are applied afterwards, once
        // per currency and date.
        var (stages, counted) = await PartsAsync(q, user, period, deals, ct);
        var grouped = await stages
            .GroupBy(s => new { StartDate = s.DealStartDate, s.StageId, CurrencyId = s.DealCurrencyId })
            .Select(g => new
            {
                g.Key.StageId,
                g.Key.CurrencyId,
                g.Key.StartDate,
                Deals = g.Count(),
                Lines = g.Sum(x => x.DealLinesTotal),
                Completed = g.Count(x => x.CompletedOn != null && x.EnteredOn != null),
                Days = g.Sum(x => x.CompletedOn != null && x.EnteredOn != null ? x.CompletedOn.Value.DayNumber - x.EnteredOn.Value.DayNumber : 0),
            }).ToListAsync(ct);
        var rates = new Dictionary<(int, DateOnly), decimal?>();
        foreach (var key in grouped.Select(g => (g.CurrencyId, g.StartDate)).Distinct())
        {
            rates[key] = key.CurrencyId == baseId ? 1m : (await money.RateOnAsync(key.CurrencyId, key.StartDate, ct))?.Rate;
        }
        var reached = grouped.GroupBy(g => g.StageId).Select(g => new
        {
            StageId = g.Key,
            Deals = g.Sum(x => x.Deals),
            Amount = g.Sum(x => x.Lines * rates[(x.CurrencyId, x.StartDate)]),
        }).ToList();
        var days = grouped.GroupBy(g => g.StageId).Where(g => g.Sum(x => x.Completed) > 0)
            .Select(g => new { StageId = g.Key, Average = (double)g.Sum(x => (long)x.Days) / g.Sum(x => x.Completed) }).ToList();
        var outcomes = await counted.GroupBy(d => new { d.Status, d.LostAtStageId, d.LossReasonId })
            .Select(g => new { g.Key.Status, g.Key.LostAtStageId, g.Key.LossReasonId, Deals = g.Count() }).ToListAsync(ct);
        var losses = outcomes.Where(x => x.Status == DealStatus.Lost && x.LostAtStageId != null).ToList();
        var totals = new { Deals = outcomes.Sum(x => x.Deals), Won = outcomes.Where(x => x.Status == DealStatus.Won).Sum(x => x.Deals) };

        var ru = FormText.IsRussian;
        var names = (await lookup.DataAsync()).Items
            .Where(r => r.Kind == ReferenceListKind.DealStage || r.Kind == ReferenceListKind.LossReason)
            .Select(r => new { r.Id, r.Kind, r.SortOrder, Name = ru ? r.NameRu : r.NameEn }).ToList();
        var used = reached.Select(r => r.StageId).Concat(losses.Where(x => x.LostAtStageId != null).Select(x => x.LostAtStageId!.Value)).ToHashSet();
        var order = names.Where(n => n.Kind == ReferenceListKind.DealStage && used.Contains(n.Id)).OrderBy(n => n.SortOrder).ThenBy(n => n.Id).ToList();
        var result = new List<FunnelStage>();
        int? first = null;
        for (var i = 0; i < order.Count; i++)
        {
            var stage = order[i];
            var here = reached.FirstOrDefault(r => r.StageId == stage.Id);
            var count = here?.Deals ?? 0;
            first ??= count;
            var next = i + 1 < order.Count ? reached.FirstOrDefault(r => r.StageId == order[i + 1].Id)?.Deals ?? 0 : (int?)null;
            var lost = losses.Where(x => x.LostAtStageId == stage.Id).ToList();
            result.Add(new FunnelStage(stage.Id, stage.Name, count, DealMath.Round(here?.Amount ?? 0m, baseCurrency.MinorUnits),
                next is { } n && count > 0 ? Math.Round(100m * n / count, 1) : null,
                first > 0 ? Math.Round(100m * count / first.Value, 1) : null,
                lost.Sum(x => x.Deals),
                lost.GroupBy(x => x.LossReasonId).Select(g => new FunnelLoss(
                    names.FirstOrDefault(n => n.Id == g.Key)?.Name ?? l["(not set)"], g.Sum(x => x.Deals))).OrderByDescending(x => x.Deals).ToList(),
                days.FirstOrDefault(x => x.StageId == stage.Id) is { } d ? Math.Round((decimal)d.Average, 1) : null));
        }
        return new FunnelViewModel
        {
            Query = q,
            Period = period,
            Stages = result,
            Deals = totals.Deals,
            Won = totals.Won,
            CurrencySymbol = baseCurrency.Symbol,
            Users = await lookup.UsersAsync(null, ct),
            Sources = await lookup.OptionsAsync(ReferenceListKind.ClientSource, ct: ct),
            ProductGroups = await lookup.OptionsAsync(ReferenceListKind.ProductGroup, ct: ct),
            Regions = await lookup.OptionsAsync(ReferenceListKind.Region, ct: ct),
            CanExport = user.Has(Permissions.Reports.Export),
        };
    }
}
