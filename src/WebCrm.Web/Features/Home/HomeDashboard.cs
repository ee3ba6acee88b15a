using System.Linq.Expressions;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Common;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Security;
using WebCrm.Web.Features.Clients;
using WebCrm.Web.Features.Deals;
using WebCrm.Web.Features.Shared.Money;

namespace WebCrm.Web.Features.Home;

public sealed record StageTile(string Stage, int Count, decimal Amount);
public sealed record OverdueStageRow(int DealId, string DealTitle, string CompanyName, string Stage, DateOnly Due, int DaysLate);
public sealed record ReceivableRow(int CompanyId, string CompanyName, decimal Debt);
public sealed record BirthdayRow(int CompanyId, string CompanyName, string FullName, string? Position, DateOnly Birthday, DateOnly Day);

public sealed class HomeViewModel
{
    public required string UserName { get; init; }
    public required DateOnly Today { get; init; }
    public bool SeesDeals { get; init; }
    public bool SeesClients { get; init; }
    public IReadOnlyList<StageTile> DealsByStage { get; init; } = [];
    public IReadOnlyList<OverdueStageRow> OverdueStages { get; init; } = [];
    public IReadOnlyList<ReceivableRow> Receivables { get; init; } = [];
    public IReadOnlyList<BirthdayRow> Birthdays { get; init; } = [];
    public string BaseCurrencyCode { get; init; } = "";
    public DateOnly WeekStart { get; init; }
    public DateOnly WeekEnd { get; init; }
}

/// <summary>
/// The home page: the user's open deals by stage, his overdue stages, his biggest receivables and the birthdays of
/// his contact persons this week. "His" means he is responsible (for the deal, the stage or the company); every
/// query starts from <see cref="DealAccess"/> or <see cref="CompanyAccess"/>, so nothing the user may not see shows.
/// </summary>
public sealed class HomeDashboard(CrmDbContext db, DealAccess deals, CompanyAccess companies, CompanyDealsService companyDeals,
    MoneyService money)
{
    private const int Rows = 8;

    /// <summary>A company and its debt, as the database computes it (a member-init shape, so it can be filtered and sorted).</summary>
    private sealed class CompanyDebt
    {
        public int Id { get; init; }
        public string Name { get; init; } = "";
        public decimal? Debt { get; init; }
    }

    public async Task<HomeViewModel> LoadAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = UserAccess.From(principal);
        var me = user.UserId;
        var today = money.Today;
        var ru = FormText.IsRussian;
        var seesDeals = deals.SeesDeals(user);
        var seesClients = user.Has(Permissions.Clients.ViewOwn) || user.Has(Permissions.Clients.ViewAll);
        var name = await db.Users.AsNoTracking().Where(u => u.Id == me).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        var weekStart = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var model = new HomeViewModel
        {
            UserName = string.IsNullOrWhiteSpace(name) ? principal.Identity?.Name ?? "" : name,
            Today = today,
            SeesDeals = seesDeals,
            SeesClients = seesClients,
            WeekStart = weekStart,
            WeekEnd = weekStart.AddDays(6),
        };
        if (!seesDeals && !seesClients)
        {
            return model;
        }
        var baseCurrency = await money.BaseCurrencyAsync(ct);
        var stages = new List<StageTile>();
        var overdue = new List<OverdueStageRow>();
        var receivables = new List<ReceivableRow>();
        if (seesDeals)
        {
            var mine = deals.Query(user).Where(d => d.ResponsibleId == me && d.Status == DealStatus.Open);
            var byStage = await mine
                .GroupBy(d => new { d.CurrentStageId, d.CurrencyId, Code = d.Currency!.Code })
                .Select(g => new { g.Key.CurrentStageId, g.Key.CurrencyId, g.Key.Code, Count = g.Count(), Amount = g.Sum(d => d.LinesTotal) })
                .ToListAsync(ct);
            var stageIds = byStage.Where(s => s.CurrentStageId != null).Select(s => s.CurrentStageId!.Value).Distinct().ToList();
            var stageNames = await db.ReferenceItems.AsNoTracking().Where(r => stageIds.Contains(r.Id))
                .Select(r => new { r.Id, r.SortOrder, Name = ru ? r.NameRu : r.NameEn }).ToListAsync(ct);
            foreach (var group in byStage.GroupBy(s => s.CurrentStageId).OrderBy(g => stageNames.FirstOrDefault(n => n.Id == g.Key)?.SortOrder ?? int.MaxValue))
            {
                var sum = await money.SumInBaseAsync(group.Select(s => (s.CurrencyId, s.Code, s.Amount)), today, ct);
                stages.Add(new StageTile(stageNames.FirstOrDefault(n => n.Id == group.Key)?.Name ?? "—", group.Sum(s => s.Count), sum.Total));
            }
            var visible = deals.Query(user);
            var late = await db.DealStages.AsNoTracking()
                .Where(s => s.ResponsibleId == me && s.CompletedOn == null && s.PlannedEnd != null && s.PlannedEnd < today
                    && visible.Any(d => d.Id == s.DealId && d.Status == DealStatus.Open))
                .OrderBy(s => s.PlannedEnd).ThenBy(s => s.Id).Take(Rows)
                .Select(s => new { s.DealId, s.Deal!.Title, Company = s.Deal.Company!.Name, Stage = ru ? s.Stage!.NameRu : s.Stage!.NameEn, Due = s.PlannedEnd!.Value })
                .ToListAsync(ct);
            overdue = late.Select(s => new OverdueStageRow(s.DealId, s.Title, s.Company, s.Stage, s.Due, today.DayNumber - s.Due.DayNumber)).ToList();

            // The companies he is responsible for with the largest debt over the deals he sees, in the base currency.
            var debt = await companyDeals.DebtInBaseAsync(user, ct);
            Expression<Func<Company, decimal?, CompanyDebt>> shape = (c, d) => new CompanyDebt { Id = c.Id, Name = c.Name, Debt = d };
            receivables = (await companies.Query(user).Where(c => c.ResponsibleId == me)
                .Select(ExpressionRewriter.Bind(shape, debt))
                .Where(r => r.Debt > 0).OrderByDescending(r => r.Debt).ThenBy(r => r.Id).Take(Rows)
                .ToListAsync(ct)).Select(r => new ReceivableRow(r.Id, r.Name, DealMath.Round(r.Debt ?? 0, baseCurrency.MinorUnits))).ToList();
        }
        var birthdays = new List<BirthdayRow>();
        if (seesClients)
        {
            // By the stored month-day and its index (a week may cross a month or the year's end).
            var days = MonthDay.Days(weekStart, weekStart.AddDays(7));
            var keys = days.Keys.ToList();
            var mineCompanies = companies.Query(user).Where(c => c.ResponsibleId == me);
            var people = await db.ContactPersons.AsNoTracking()
                .Where(p => p.BirthdayMonthDay != null && keys.Contains(p.BirthdayMonthDay.Value)
                    && mineCompanies.Any(c => c.Id == p.CompanyId))
                .OrderBy(p => p.BirthdayMonthDay).ThenBy(p => p.Id)
                .Select(p => new { p.CompanyId, Company = p.Company!.Name, p.FullName, Position = p.Position == null ? null : ru ? p.Position.NameRu : p.Position.NameEn, Birthday = p.Birthday!.Value })
                .Take(50).ToListAsync(ct);
            birthdays = people
                .Select(p => new BirthdayRow(p.CompanyId, p.Company, p.FullName, p.Position, p.Birthday, days[MonthDay.Of(p.Birthday)]))
                .OrderBy(b => b.Day).ThenBy(b => b.FullName, StringComparer.CurrentCulture).ToList();
        }
        return new HomeViewModel
        {
            UserName = model.UserName, Today = today, SeesDeals = seesDeals, SeesClients = seesClients, WeekStart = model.WeekStart, WeekEnd = model.WeekEnd,
            DealsByStage = stages, OverdueStages = overdue, Receivables = receivables, Birthdays = birthdays, BaseCurrencyCode = baseCurrency.Code,
        };
    }
}
