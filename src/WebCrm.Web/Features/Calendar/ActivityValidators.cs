using FluentValidation;
using Microsoft.Extensions.Localization;
using WebCrm.Domain.Calendar;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Calendar;

public sealed class ActivityInputValidator : AbstractValidator<ActivityInput>
{
    public ActivityInputValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.TypeId).NotNull().WithMessage(_ => l["Choose a value from the list."]);
        RuleFor(x => x.Subject).NotEmpty().WithMessage(_ => l["Enter the subject."])
            .MaximumLength(Activity.SubjectMax).WithMessage(_ => l["At most {0} characters.", Activity.SubjectMax]);
        RuleFor(x => x.Description).MaximumLength(Activity.DescriptionMax).WithMessage(_ => l["At most {0} characters.", Activity.DescriptionMax]);
        RuleFor(x => x.StartDate).NotNull().WithMessage(_ => l["Enter a date."])
            .Must(d => d!.Value.Year is >= 2000 and <= 2100).When(x => x.StartDate is not null).WithMessage(_ => l["Enter a date between 2000 and 2100."]);
        RuleFor(x => x.StartTime).NotNull().When(x => !x.AllDay).WithMessage(_ => l["Enter the time."]);
        RuleFor(x => x.EndDate).Must((x, end) => end is null || x.StartDate is null || End(x) >= Start(x))
            .WithMessage(_ => l["The end cannot be before the start."])
            .Must((x, end) => end is null || x.StartDate is null || End(x) - Start(x) <= TimeSpan.FromDays(ActivityRules.MaxDurationDays))
            .WithMessage(_ => l["An activity lasts at most {0} days.", ActivityRules.MaxDurationDays]);
        RuleFor(x => x.EndTime).Must((x, _) => x.StartDate is null || x.StartTime is null || End(x) >= Start(x))
            .When(x => !x.AllDay && x.EndTime is not null && x.EndDate is null)
            .WithMessage(_ => l["The end cannot be before the start."]);
        RuleFor(x => x.ParticipantIds).Must(p => p.Count <= ActivityRules.MaxParticipants).WithMessage(_ => l["Too many values."]);
        RuleFor(x => x.RemindBeforeMinutes).Must(m => m is null || ActivityRules.ReminderChoices.Contains(m.Value))
            .WithMessage(_ => l["Choose a value from the list."]);
        RuleFor(x => x.Repeat).IsInEnum().When(x => x.Repeat is not null).WithMessage(_ => l["Choose a value from the list."]);
        RuleFor(x => x.RepeatInterval).InclusiveBetween(1, 99).When(x => x.Repeat is not null).WithMessage(_ => l["Enter a whole number from {0} to {1}.", 1, 99]);
        RuleFor(x => x.RepeatUntil).NotNull().When(x => x.Repeat is not null).WithMessage(_ => l["Enter the date the series ends."])
            .Must((x, until) => until is null || x.StartDate is null || (until.Value >= x.StartDate.Value && until.Value <= x.StartDate.Value.AddYears(2)))
            .WithMessage(_ => l["The series ends on or after its first day and within two years."]);
        RuleFor(x => x.Scope).IsInEnum().WithMessage(_ => l["Choose a value from the list."]);
    }

    /// <summary>The local start the input describes (midnight for an all-day activity).</summary>
    public static DateTime Start(ActivityInput x) => x.StartDate!.Value.ToDateTime(x.AllDay ? TimeOnly.MinValue : x.StartTime ?? TimeOnly.MinValue);

    /// <summary>The local end: an all-day activity ends at the midnight after its last day; a timed one without an end lasts an hour.</summary>
    public static DateTime End(ActivityInput x)
    {
        if (x.AllDay)
        {
            return (x.EndDate ?? x.StartDate!.Value).AddDays(1).ToDateTime(TimeOnly.MinValue);
        }
        if (x.EndTime is null && x.EndDate is null)
        {
            return Start(x).AddHours(1);
        }
        return (x.EndDate ?? x.StartDate!.Value).ToDateTime(x.EndTime ?? x.StartTime ?? TimeOnly.MinValue);
    }
}

public sealed class ActivityDoneInputValidator : AbstractValidator<ActivityDoneInput>
{
    public ActivityDoneInputValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.Result).MaximumLength(Activity.ResultMax).WithMessage(_ => l["At most {0} characters.", Activity.ResultMax]);
    }
}

public sealed class ActivityMoveInputValidator : AbstractValidator<ActivityMoveInput>
{
    public ActivityMoveInputValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.Date).Must(d => ActivityMoveInput.TryDay(d, out _)).WithMessage(_ => l["Choose the day to move it to."]);
        RuleFor(x => x.Time).Must(t => ActivityMoveInput.TryTime(t, out _)).When(x => !string.IsNullOrEmpty(x.Time))
            .WithMessage(_ => l["Choose the time to move it to."]);
    }
}
