using WebCrm.Domain.Common;

namespace WebCrm.Domain.Calendar;

public enum ActivityStatus
{
    Planned = 1,
    Done = 2,
    Cancelled = 3,
}

/// <summary>
/// A call, meeting, email, task or anything else of the activity-type list, planned or done by its responsible user,
/// optionally about a company, one of its contact persons and/or a deal. Times are stored in UTC; an all-day activity
/// covers whole days from the local midnight of its start date to the local midnight after its end date.
/// </summary>
public class Activity : Entity
{
    public const int SubjectMax = 300;
    public const int DescriptionMax = 4000;
    public const int ResultMax = 2000;

    public int TypeId { get; set; }
    public Reference.ReferenceItem? Type { get; set; }
    public string Subject { get; set; } = "";
    public string? Description { get; set; }
    public DateTime StartUtc { get; set; }
    public DateTime EndUtc { get; set; }
    public bool AllDay { get; set; }
    public ActivityStatus Status { get; set; } = ActivityStatus.Planned;
    /// <summary>What came of it, written when it is marked done.</summary>
    public string? Result { get; set; }
    public DateTime? CompletedAtUtc { get; set; }
    public string ResponsibleId { get; set; } = "";
    public int? CompanyId { get; set; }
    public Clients.Company? Company { get; set; }
    public int? ContactPersonId { get; set; }
    public Clients.ContactPerson? ContactPerson { get; set; }
    public int? DealId { get; set; }
    public Deals.Deal? Deal { get; set; }
    public List<ActivityParticipant> Participants { get; set; } = [];

    /// <summary>Minutes before the start when the reminder fires; null for no reminder.</summary>
    public int? RemindBeforeMinutes { get; set; }
    /// <summary>Start − <see cref="RemindBeforeMinutes"/>, stored so due reminders are an index range.</summary>
    public DateTime? RemindAtUtc { get; set; }
    /// <summary>The user asked for the reminder by email too (sent only when SMTP is configured).</summary>
    public bool RemindByEmail { get; set; }
    /// <summary>The user dismissed the in-app reminder.</summary>
    public DateTime? ReminderDismissedAtUtc { get; set; }
    public DateTime? ReminderEmailedAtUtc { get; set; }
    /// <summary>Until when one app instance holds the email reminder (a lease; another instance takes it over after).</summary>
    public DateTime? ReminderLeaseUntilUtc { get; set; }
    public Guid? ReminderClaim { get; set; }
    public int ReminderAttempts { get; set; }

    /// <summary>The series this activity is an occurrence of; null for a single activity.</summary>
    public int? SeriesId { get; set; }
    public ActivitySeries? Series { get; set; }
    /// <summary>The occurrence was changed on its own, so a change of the whole series leaves it alone.</summary>
    public bool IsSeriesException { get; set; }

    public void SetReminder(int? minutesBefore, bool byEmail)
    {
        RemindBeforeMinutes = minutesBefore;
        RemindByEmail = minutesBefore is not null && byEmail;
        var at = minutesBefore is { } m ? StartUtc.AddMinutes(-m) : (DateTime?)null;
        if (at != RemindAtUtc)
        {
            // A moved reminder fires again.
            RemindAtUtc = at;
            ReminderDismissedAtUtc = null;
            ReminderEmailedAtUtc = null;
            ReminderLeaseUntilUtc = null;
            ReminderClaim = null;
            ReminderAttempts = 0;
        }
    }

    /// <summary>Moves the activity to new times; its reminder moves with it (and fires again).</summary>
    public void MoveTo(DateTime startUtc, DateTime endUtc)
    {
        StartUtc = startUtc;
        EndUtc = endUtc;
        SetReminder(RemindBeforeMinutes, RemindByEmail);
    }

    public void MarkDone(string? result, DateTime nowUtc)
    {
        Status = ActivityStatus.Done;
        Result = result;
        CompletedAtUtc = nowUtc;
    }
}

/// <summary>A colleague taking part in an activity: he sees it in his calendar like his own.</summary>
public class ActivityParticipant
{
    public int ActivityId { get; set; }
    public Activity? Activity { get; set; }
    public string UserId { get; set; } = "";
}

/// <summary>A user's private iCal feed: only the SHA-256 of the token is stored; revoking deletes the row.</summary>
public class CalendarFeed : Entity
{
    public string UserId { get; set; } = "";
    public string TokenHash { get; set; } = "";
    public DateTime? LastReadAtUtc { get; set; }
}
