using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Calendar;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Authorization;

namespace WebCrm.Web.Features.Calendar;

/// <summary>
/// The history of contacts (done activities) and the plans (planned ones) of a company, a contact person or a deal,
/// newest first, optionally of one activity type, among the activities the user may see (<see cref="ActivityAccess"/>)
/// and only for a record he may see (the card decided that already; a forged id on the full page answers 404).
/// </summary>
public sealed class ActivityHistory(CrmDbContext db, ActivityAccess access, ActivityLinks links, ReferenceLookup lookup, CalendarClock clock)
{
    public const int CardLines = 10;
    public const int PageLines = 200;

    /// <param name="heading">
    /// The record's name when the caller has already decided that the user sees it (the card rendering this section);
    /// null to look it up here, through the access services (one command).
    /// </param>
    /// <param name="cardPath">The card the section sits in (its filter form goes there); null on the full page or inside the card's own request.</param>
    public async Task<Result<ActivityHistoryViewModel>> BuildAsync(int? companyId, int? contactPersonId, int? dealId, int? type, int lines,
        ClaimsPrincipal principal, CancellationToken ct, string? heading = null, string? cardPath = null)
    {
        var user = UserAccess.From(principal);
        if (new[] { companyId, contactPersonId, dealId }.Count(x => x is not null) != 1)
        {
            return Result<ActivityHistoryViewModel>.From(Result.NotFound);
        }
        if (heading is null)
        {
            var (company, contact, deal) = await links.NamesAsync(companyId ?? await CompanyOfContactAsync(contactPersonId, ct), contactPersonId, dealId, user, ct);
            heading = companyId is not null ? company : contactPersonId is not null ? contact : deal;
        }
        if (heading is null)
        {
            return Result<ActivityHistoryViewModel>.From(Result.NotFound);
        }
        var activities = access.Query(user);
        activities = companyId is { } c ? activities.Where(a => a.CompanyId == c)
            : contactPersonId is { } p ? activities.Where(a => a.ContactPersonId == p)
            : activities.Where(a => a.DealId == dealId);
        if (type is { } t)
        {
            activities = activities.Where(a => a.TypeId == t);
        }
        // Type and user names from the reference cache; the history and the plans in one command.
        var data = await lookup.DataAsync();
        var rows = await Newest(activities.Where(a => a.Status != ActivityStatus.Planned), lines)
            .Concat(Newest(activities.Where(a => a.Status == ActivityStatus.Planned), lines))
            .ToListAsync(ct);
        var types = ActivityTypes.Names(data);
        var past = Lines(rows.Where(r => r.Status != ActivityStatus.Planned), types, data);
        var plans = Lines(rows.Where(r => r.Status == ActivityStatus.Planned), types, data);
        var query = companyId is not null ? $"companyId={companyId}" : contactPersonId is not null ? $"contactId={contactPersonId}" : $"dealId={dealId}";
        return new ActivityHistoryViewModel
        {
            Heading = heading,
            Past = past.Take(lines).ToList(),
            Plans = plans.Take(lines).ToList(),
            More = past.Count > lines || plans.Count > lines,
            Types = (await lookup.OptionsAsync(ReferenceListKind.ActivityType, type, ct)).AsOptions(),
            TypeFilter = type,
            NewUrl = $"/calendar/activities/new?{query}",
            FilterUrl = $"/calendar/history?{query}",
            CardPath = cardPath,
            CompanyId = companyId, ContactPersonId = contactPersonId, DealId = dealId,
        };
    }

    private Task<int?> CompanyOfContactAsync(int? contactId, CancellationToken ct) => contactId is { } id
        ? db.ContactPersons.AsNoTracking().Where(p => p.Id == id).Select(p => (int?)p.CompanyId).FirstOrDefaultAsync(ct)
        : Task.FromResult<int?>(null);

    /// <summary>A line as read (set by member, so the two halves of the one command can be concatenated).</summary>
    private sealed class LineData
    {
        public int Id { get; init; }
        public int TypeId { get; init; }
        public string Subject { get; init; } = "";
        public DateTime StartUtc { get; init; }
        public DateTime EndUtc { get; init; }
        public bool AllDay { get; init; }
        public ActivityStatus Status { get; init; }
        public string? Result { get; init; }
        public string ResponsibleId { get; init; } = "";
    }

    /// <summary>The newest <paramref name="lines"/> + 1 (the extra one says there are more).</summary>
    private static IQueryable<LineData> Newest(IQueryable<Activity> activities, int lines) =>
        activities.OrderByDescending(a => a.StartUtc).ThenByDescending(a => a.Id).Take(lines + 1)
            .Select(a => new LineData
            {
                Id = a.Id, TypeId = a.TypeId, Subject = a.Subject, StartUtc = a.StartUtc, EndUtc = a.EndUtc, AllDay = a.AllDay, Status = a.Status,
                Result = a.Result, ResponsibleId = a.ResponsibleId,
            });

    private List<HistoryLine> Lines(IEnumerable<LineData> rows, Dictionary<int, string> types, ReferenceData data)
    {
        var now = clock.UtcNow;
        return rows.OrderByDescending(r => r.StartUtc).ThenByDescending(r => r.Id)
            .Select(r => new HistoryLine(r.Id, types.GetValueOrDefault(r.TypeId, ""), r.Subject, clock.ToLocal(r.StartUtc), r.AllDay, r.Status, r.Result,
                data.UserName(r.ResponsibleId) ?? "", r.Status == ActivityStatus.Planned && r.EndUtc < now)).ToList();
    }
}

/// <summary>The history and plans section of the company card, the contact person and the deal card: one line in their view.</summary>
public sealed class ActivityHistoryViewComponent(ActivityHistory history) : ViewComponent
{
    /// <param name="heading">The record's name, from a card that has decided the user sees the record (saves a round trip).</param>
    public async Task<IViewComponentResult> InvokeAsync(int? companyId = null, int? contactPersonId = null, int? dealId = null, string? heading = null)
    {
        var type = int.TryParse(Request.Query["atype"], out var t) ? t : (int?)null;
        var result = await history.BuildAsync(companyId, contactPersonId, dealId, type, ActivityHistory.CardLines, UserClaimsPrincipal, HttpContext.RequestAborted, heading);
        return result.Ok ? View("~/Features/Calendar/Views/_History.cshtml", result.Value) : Content("");
    }
}

/// <summary>The "today" agenda of the home page: today's entries and the overdue planned activities of the signed-in user.</summary>
public sealed class TodayAgendaViewComponent(CrmDbContext db, CalendarBoard board, ActivityAccess access, CalendarClock clock) : ViewComponent
{
    public const int OverdueLines = 20;

    private sealed class OverdueRow
    {
        public int Id { get; init; }
        public string Subject { get; init; } = "";
        public DateTime StartUtc { get; init; }
        public bool AllDay { get; init; }
    }

    private static IQueryable<OverdueRow> Newest(IQueryable<Activity> activities) =>
        activities.OrderByDescending(a => a.StartUtc).ThenByDescending(a => a.Id).Take(OverdueLines)
            .Select(a => new OverdueRow { Id = a.Id, Subject = a.Subject, StartUtc = a.StartUtc, AllDay = a.AllDay });

    public async Task<IViewComponentResult> InvokeAsync()
    {
        var user = UserAccess.From(UserClaimsPrincipal);
        var today = await board.BuildAsync(CalendarMode.Day, clock.Today, [user.UserId], UserClaimsPrincipal, HttpContext.RequestAborted);
        var start = clock.StartOfDayUtc(clock.Today);
        var me = user.UserId;
        var now = clock.UtcNow;
        // His own overdue plans by the planned-only index on (responsible, start), newest first, and those he takes part in
        // by key: two short ranges joined with UNION ALL rather than one OR no index serves.
        var visible = access.Query(user);
        var own = visible.Where(a => a.ResponsibleId == me && a.Status == ActivityStatus.Planned && a.StartUtc < start && a.EndUtc < now);
        var taking = db.ActivityParticipants.AsNoTracking().Where(p => p.UserId == me).Select(p => p.ActivityId);
        var part = visible.Where(a => a.ResponsibleId != me && taking.Contains(a.Id) && a.Status == ActivityStatus.Planned && a.StartUtc < start && a.EndUtc < now);
        var overdue = (await Newest(own).Concat(Newest(part)).ToListAsync(HttpContext.RequestAborted))
            .OrderByDescending(a => a.StartUtc).ThenByDescending(a => a.Id).Take(OverdueLines).ToList();
        return View("~/Features/Calendar/Views/_Agenda.cshtml", new AgendaViewModel(today.Value!,
            overdue.Select(o => new AgendaLine(o.Id, o.Subject, clock.ToLocal(o.StartUtc), o.AllDay)).ToList()));
    }
}

public sealed record AgendaLine(int Id, string Subject, DateTime StartLocal, bool AllDay);

public sealed record AgendaViewModel(CalendarViewModel Today, IReadOnlyList<AgendaLine> Overdue);

/// <summary>The full history page (more lines than the card shows).</summary>
[Route("calendar/history"), Authorize(Policy = ModulePolicies.Calendar)]
public sealed class HistoryController(ActivityHistory history) : CrmController
{
    [HttpGet("")]
    public async Task<IActionResult> Index(int? companyId, int? contactId, int? dealId, int? atype, CancellationToken ct) =>
        ModelState.IsValid ? Respond(await history.BuildAsync(companyId, contactId, dealId, atype, ActivityHistory.PageLines, User, ct), "History") : BadRequest();

    /// <summary>The card's section alone (the card loads it with htmx when its tab is first shown): the card's lines, its filter form aimed at the card.</summary>
    [HttpGet("section")]
    public async Task<IActionResult> Section(int? companyId, int? dealId, int? atype, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return BadRequest();
        }
        var card = companyId is { } c ? $"/clients/{c}" : $"/deals/{dealId}";
        var result = await history.BuildAsync(companyId, null, dealId, atype, ActivityHistory.CardLines, User, ct, cardPath: card);
        return result.Value is { } model ? PartialView("~/Features/Calendar/Views/_History.cshtml", model) : Status(result.Outcome);
    }
}
