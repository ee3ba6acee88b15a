using System.Globalization;
using WebCrm.Domain.Calendar;

namespace WebCrm.Web.Features.Calendar;

/// <summary>Which occurrences of a series a change applies to.</summary>
public enum SeriesScope
{
    One = 0,
    Following = 1,
    All = 2,
}

/// <summary>What the activity form posts. Dates and times are local (the calendar's zone).</summary>
public sealed class ActivityInput
{
    public int? TypeId { get; set; }
    public string? Subject { get; set; }
    public string? Description { get; set; }
    public DateOnly? StartDate { get; set; }
    public TimeOnly? StartTime { get; set; }
    public DateOnly? EndDate { get; set; }
    public TimeOnly? EndTime { get; set; }
    public bool AllDay { get; set; }
    public string? ResponsibleId { get; set; }
    public List<string> ParticipantIds { get; set; } = [];
    public int? CompanyId { get; set; }
    public int? ContactPersonId { get; set; }
    public int? DealId { get; set; }
    public int? RemindBeforeMinutes { get; set; }
    public bool RemindByEmail { get; set; }
    public RecurrenceFrequency? Repeat { get; set; }
    public int RepeatInterval { get; set; } = 1;
    public DateOnly? RepeatUntil { get; set; }
    public SeriesScope Scope { get; set; }
    public Guid ConcurrencyStamp { get; set; }
}

/// <summary>
/// Moving an activity to another day (dragging in the week view sends the day alone) or day and time, as typed in the
/// form's invariant formats; <see cref="Back"/> is where to return when it is a calendar page of this site.
/// </summary>
public sealed class ActivityMoveInput
{
    public string? Date { get; set; }
    public string? Time { get; set; }
    public Guid Stamp { get; set; }
    public string? Back { get; set; }

    public static bool TryDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day) && day.Year is >= 2000 and <= 2100;

    public static bool TryTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    // Methods, not properties: MVC's validation reads every property of a bound model (an implicit [Required] on a
    // non-nullable one), before the validator has said whether the text can be read.

    /// <summary>The day; read only after the validator passed.</summary>
    public DateOnly ReadDay() => TryDay(Date, out var day) ? day : throw new InvalidOperationException("Validate the move first.");

    /// <summary>The new start time, or none to keep the activity's own; read only after the validator passed.</summary>
    public TimeOnly? ReadTime() => string.IsNullOrEmpty(Time) ? null : TryTime(Time, out var at) ? at : throw new InvalidOperationException("Validate the move first.");
}

/// <summary>Marking an activity done: what came of it.</summary>
public sealed class ActivityDoneInput
{
    public string? Result { get; set; }
    public Guid ConcurrencyStamp { get; set; }
}

public sealed class ActivityFormViewModel
{
    public int? Id { get; init; }
    public ActivityInput Input { get; init; } = new();
    public IReadOnlyList<Shared.Option> Types { get; init; } = [];
    public IReadOnlyList<Shared.Option> Users { get; init; } = [];
    public string? CompanyName { get; init; }
    public IReadOnlyList<Shared.Option> Contacts { get; init; } = [];
    public IReadOnlyList<Shared.Option> Deals { get; init; } = [];
    public bool CanPlanForOthers { get; init; }
    /// <summary>The activity is an occurrence of a series: the form asks which occurrences the change applies to.</summary>
    public bool InSeries { get; init; }
}

/// <summary>The activity page.</summary>
public sealed record ActivityViewModel(
    int Id, string Type, string Subject, string? Description, DateTime StartLocal, DateTime EndLocal, bool AllDay,
    ActivityStatus Status, string? Result, string Responsible, IReadOnlyList<string> Participants,
    int? CompanyId, string? CompanyName, int? ContactPersonId, string? ContactName, int? DealId, string? DealTitle,
    int? RemindBeforeMinutes, bool RemindByEmail, bool InSeries, string? SeriesRule, bool CanEdit, Guid ConcurrencyStamp, bool Overdue);

public sealed record ActivityDeleteViewModel(int Id, string Subject, bool InSeries, Guid ConcurrencyStamp);

/// <summary>
/// One entry of a calendar view: an activity (a link to its page) or a read-only stage deadline or birthday.
/// <see cref="MoveUrl"/> and <see cref="Stamp"/> only for a planned activity the viewer may change (dragging in the week view).
/// </summary>
public sealed record CalendarEntry(
    CalendarEntryKind Kind, string UserId, string Title, string? TypeName, DateTime StartLocal, DateTime EndLocal, bool AllDay,
    ActivityStatus? Status, string Url, bool Overdue, string? MoveUrl = null, Guid? Stamp = null)
{
    public DateOnly Day => DateOnly.FromDateTime(StartLocal);

    /// <summary>The last day the entry covers (an end at midnight belongs to the day before).</summary>
    public DateOnly LastDay => EndLocal > StartLocal ? DateOnly.FromDateTime(EndLocal.AddTicks(-1)) : Day;
}

public enum CalendarEntryKind
{
    Activity,
    StageDeadline,
    Birthday,
}

/// <summary>A person whose calendar is shown (one column of the day view, one row of the week view).</summary>
public sealed record CalendarPerson(string Id, string Name);

public enum CalendarMode
{
    Day,
    Week,
    Month,
}

public sealed class CalendarViewModel
{
    public CalendarMode Mode { get; init; }
    public DateOnly Date { get; init; }
    public DateOnly From { get; init; }
    /// <summary>Exclusive end of the shown range.</summary>
    public DateOnly To { get; init; }
    public DateOnly Today { get; init; }
    public IReadOnlyList<CalendarPerson> People { get; init; } = [];
    public IReadOnlyList<CalendarEntry> Entries { get; init; } = [];
    /// <summary>Users whose calendars may be added (Calendar.ViewOthers); empty without the right.</summary>
    public IReadOnlyList<Shared.Option> OtherUsers { get; init; } = [];
    public DateOnly Previous { get; init; }
    public DateOnly Next { get; init; }

    private Dictionary<DateOnly, List<CalendarEntry>>? _byDay;

    /// <summary>
    /// The entries covering <paramref name="day"/> (an activity over several days shows on each), all-day ones first.
    /// The entries are laid out by day once (a month view asks for 42 days of ~2,000 entries), each day sorted once.
    /// </summary>
    public IEnumerable<CalendarEntry> On(DateOnly day, string? userId = null)
    {
        _byDay ??= ByDay();
        var entries = _byDay.GetValueOrDefault(day) ?? [];
        return userId is null ? entries : entries.Where(e => e.UserId == userId);
    }

    private Dictionary<DateOnly, List<CalendarEntry>> ByDay()
    {
        var days = new Dictionary<DateOnly, List<CalendarEntry>>();
        foreach (var e in Entries)
        {
            // Only the shown days (an entry reaching beyond them is listed on the shown part).
            var first = From < To && e.Day < From ? From : e.Day;
            var last = From < To && e.LastDay >= To ? To.AddDays(-1) : e.LastDay;
            for (var d = first; d <= last; d = d.AddDays(1))
            {
                if (!days.TryGetValue(d, out var list))
                {
                    days[d] = list = [];
                }
                list.Add(e);
            }
        }
        // A stable sort, as the entries came (the same order as sorting all entries for each day).
        return days.ToDictionary(d => d.Key, d => d.Value.OrderBy(e => !e.AllDay).ThenBy(e => e.StartLocal)
            .ThenBy(e => e.Title, StringComparer.CurrentCulture).ToList());
    }

    /// <summary>The query string of the shown people, for links that keep them.</summary>
    public string PeopleQuery => string.Concat(People.Select(p => "&u=" + Uri.EscapeDataString(p.Id)));
}

/// <summary>One line of a card's history or plans.</summary>
public sealed record HistoryLine(int Id, string Type, string Subject, DateTime StartLocal, bool AllDay, ActivityStatus Status, string? Result, string Responsible, bool Overdue);

public sealed class ActivityHistoryViewModel
{
    public string Heading { get; init; } = "";
    public IReadOnlyList<HistoryLine> Past { get; init; } = [];
    public IReadOnlyList<HistoryLine> Plans { get; init; } = [];
    public IReadOnlyList<Shared.Option> Types { get; init; } = [];
    public int? TypeFilter { get; init; }
    public string NewUrl { get; init; } = "";
    /// <summary>Path and query of the card with its history filter (the type is appended).</summary>
    public string FilterUrl { get; init; } = "";
    /// <summary>The card this section was loaded for on its own (htmx); its filter form goes there.</summary>
    public string? CardPath { get; init; }
    public int? CompanyId { get; init; }
    public int? ContactPersonId { get; init; }
    public int? DealId { get; init; }
    public bool More { get; init; }
}
