using FluentValidation;
using WebCrm.Web.Infrastructure.Web;
using Microsoft.Extensions.Localization;
using WebCrm.Web.Features.Clients.Filtering;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Deals;

public sealed class DealInputValidator : AbstractValidator<DealInput>
{
    public DealInputValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.Title).NotEmpty().WithMessage(_ => l["Enter the deal title."])
            .MaximumLength(300).WithMessage(_ => l["At most {0} characters.", 300]);
        RuleFor(x => x.CompanyId).NotNull().WithMessage(_ => l["Choose the company."]);
        RuleFor(x => x.CurrencyId).NotNull().WithMessage(_ => l["Choose a value from the list."]);
        RuleFor(x => x.StartDate).NotNull().WithMessage(_ => l["Enter a date."]);
        RuleFor(x => x.EndDate).GreaterThanOrEqualTo(x => x.StartDate).When(x => x.StartDate is not null && x.EndDate is not null)
            .WithMessage(_ => l["The end date cannot be before the start date."]);
        RuleFor(x => x.Notes).MaximumLength(4000).WithMessage(_ => l["At most {0} characters.", 4000]);
    }
}

public sealed class StagesInputValidator : AbstractValidator<StagesInput>
{
    public StagesInputValidator(IStringLocalizer<SharedResource> l, TimeProvider clock)
    {
        RuleFor(x => x.Stages).Must(s => s.Count <= 100).WithMessage(_ => l["Too many values."]);
        RuleForEach(x => x.Stages).SetValidator(new StageInputValidator(l, clock));
    }
}

/// <summary>One stage's plan: the same rules on the stage page (every stage) and on the card (one stage in place).</summary>
public sealed class StageInputValidator : AbstractValidator<StageInput>
{
    public StageInputValidator(IStringLocalizer<SharedResource> l, TimeProvider clock)
    {
        RuleFor(s => s.PlannedEnd).GreaterThanOrEqualTo(s => s.PlannedStart)
            .When(s => s.PlannedStart is not null && s.PlannedEnd is not null)
            .WithMessage(_ => l["The end date cannot be before the start date."]);
        RuleFor(s => s.CompletedOn).LessThanOrEqualTo(_ => Numbers.Today(clock)).When(s => s.CompletedOn is not null)
            .WithMessage(_ => l["The date cannot be in the future."]);
        RuleFor(s => s.Note).MaximumLength(2000).WithMessage(_ => l["At most {0} characters.", 2000]);
        RuleFor(s => s.ResponsibleId).MaximumLength(450).WithMessage(_ => l["Choose a value from the list."]);
    }
}

public sealed class StageEditInputValidator : AbstractValidator<StageEditInput>
{
    public StageEditInputValidator(IStringLocalizer<SharedResource> l, TimeProvider clock) => Include(new StageInputValidator(l, clock));
}

public sealed class LineInputValidator : AbstractValidator<LineInput>
{
    public LineInputValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.ProductId).NotNull().WithMessage(_ => l["Choose a product."]);
        RuleFor(x => x.Quantity).Required().Must(v => Numbers.Parse(v) is > 0 and < 1_000_000_000)
            .WithMessage(_ => l["Enter a number greater than zero."]);
        RuleFor(x => x.UnitPrice).Required().Must(v => Numbers.Parse(v) is > 0 and < 1_000_000_000_000)
            .WithMessage(_ => l["Enter a number greater than zero."]);
        RuleFor(x => x.DiscountPercent).Must(v => Numbers.Parse(v) is >= 0 and <= 100)
            .When(x => !string.IsNullOrWhiteSpace(x.DiscountPercent))
            .WithMessage(_ => l["Enter a discount from 0 to 100 percent."]);
    }
}

public sealed class PaymentInputValidator : AbstractValidator<PaymentInput>
{
    public PaymentInputValidator(IStringLocalizer<SharedResource> l, TimeProvider clock)
    {
        RuleFor(x => x.Date).NotNull().WithMessage(_ => l["Enter a date."]);
        RuleFor(x => x.Date).LessThanOrEqualTo(_ => Numbers.Today(clock)).When(x => x.Date is not null)
            .WithMessage(_ => l["A payment date cannot be in the future."]);
        RuleFor(x => x.Amount).Required().Must(v => Numbers.Parse(v) is > 0 and < 1_000_000_000_000)
            .WithMessage(_ => l["Enter a number greater than zero."]);
        RuleFor(x => x.CurrencyId).NotNull().WithMessage(_ => l["Choose a value from the list."]);
        RuleFor(x => x.DocumentNumber).MaximumLength(100).WithMessage(_ => l["At most {0} characters.", 100]);
        RuleFor(x => x.Note).MaximumLength(2000).WithMessage(_ => l["At most {0} characters.", 2000]);
    }
}

public sealed class DocumentInputValidator : AbstractValidator<DocumentInput>
{
    public DocumentInputValidator(IStringLocalizer<SharedResource> l, TimeProvider clock)
    {
        RuleFor(x => x.TypeId).NotNull().WithMessage(_ => l["Choose a value from the list."]);
        RuleFor(x => x.Number).NotEmpty().WithMessage(_ => l["Enter the document number."])
            .MaximumLength(100).WithMessage(_ => l["At most {0} characters.", 100]);
        RuleFor(x => x.Date).NotNull().WithMessage(_ => l["Enter a date."]);
        RuleFor(x => x.Date).LessThanOrEqualTo(_ => Numbers.Today(clock)).When(x => x.Date is not null)
            .WithMessage(_ => l["The date cannot be in the future."]);
        RuleFor(x => x.Amount).Required().Must(v => Numbers.Parse(v) is >= 0 and < 1_000_000_000_000)
            .WithMessage(_ => l["Enter a number."]);
        RuleFor(x => x.Note).MaximumLength(2000).WithMessage(_ => l["At most {0} characters.", 2000]);
    }
}

public sealed class CloseInputValidator : AbstractValidator<CloseInput>
{
    public CloseInputValidator(IStringLocalizer<SharedResource> l, TimeProvider clock)
    {
        RuleFor(x => x.Outcome).Must(o => o is "won" or "lost").WithMessage(_ => l["Choose won or lost."]);
        RuleFor(x => x.CloseDate).NotNull().WithMessage(_ => l["Enter the close date."]);
        RuleFor(x => x.CloseDate).LessThanOrEqualTo(_ => Numbers.Today(clock)).When(x => x.CloseDate is not null)
            .WithMessage(_ => l["The date cannot be in the future."]);
        RuleFor(x => x.LossReasonId).NotNull().When(x => x.Outcome == "lost").WithMessage(_ => l["A lost deal needs the loss reason."]);
        RuleFor(x => x.LostAtStageId).NotNull().When(x => x.Outcome == "lost").WithMessage(_ => l["A lost deal needs the stage at which it was lost."]);
    }
}
