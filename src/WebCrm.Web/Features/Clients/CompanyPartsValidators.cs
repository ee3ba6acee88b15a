using FluentValidation;
using WebCrm.Web.Infrastructure.Web;
using Microsoft.Extensions.Localization;
using WebCrm.Domain.Clients;
using WebCrm.Web.Features.Clients.Filtering;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Clients;

internal static class PartRules
{
    public static void Max<T>(this AbstractValidator<T> validator, System.Linq.Expressions.Expression<Func<T, string?>> field, int length, IStringLocalizer l) =>
        validator.RuleFor(field).MaximumLength(length).WithMessage(_ => l["At most {0} characters.", length]);

    public static bool IsDate(string? text) => Numbers.TryParseDate(text?.Trim(), out _);

    public static DateOnly? Date(string? text) => Numbers.TryParseDate(text?.Trim(), out var d) ? d : null;

    public static bool Empty(string? text) => string.IsNullOrWhiteSpace(text);
}

public sealed class ContactInputValidator : AbstractValidator<ContactInput>
{
    public static readonly DateOnly EarliestBirthday = new(1900, 1, 1);

    public ContactInputValidator(IStringLocalizer<SharedResource> l, TimeProvider clock)
    {
        RuleFor(x => x.FullName).NotEmpty().WithMessage(_ => l["Enter the person's name."]);
        this.Max(x => x.FullName, 300, l);
        this.Max(x => x.Phone, 100, l);
        this.Max(x => x.MobilePhone, 100, l);
        this.Max(x => x.Email, 256, l);
        this.Max(x => x.Notes, 4000, l);
        RuleFor(x => x.Email).EmailAddress().When(x => !PartRules.Empty(x.Email))
            .WithMessage(_ => l["The email address is not valid."]);
        RuleFor(x => x.Birthday).Must(PartRules.IsDate).When(x => !PartRules.Empty(x.Birthday))
            .WithMessage(_ => l["Enter a date."]);
        RuleFor(x => x.Birthday)
            .Must(b => PartRules.Date(b) <= DateOnly.FromDateTime(clock.GetLocalNow().DateTime))
            .When(x => PartRules.Date(x.Birthday) is not null)
            .WithMessage(_ => l["The birthday cannot be in the future."]);
        RuleFor(x => x.Birthday).Must(b => PartRules.Date(b) >= EarliestBirthday)
            .When(x => PartRules.Date(x.Birthday) is not null)
            .WithMessage(_ => l["The birthday cannot be before 1900."]);
        RuleFor(x => x.Custom).Must(c => c.Count <= 200).WithMessage(_ => l["Too many values."]);
    }
}

public sealed class BankAccountInputValidator : AbstractValidator<BankAccountInput>
{
    public BankAccountInputValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.BankName).NotEmpty().WithMessage(_ => l["Enter the bank name."]);
        this.Max(x => x.BankName, 300, l);
        RuleFor(x => x.Bik).Required().Must(b => RussianTaxNumbers.IsValidBik(BankAccountInput.Digits(b)))
            .WithMessage(_ => l["The BIK must have 9 digits."]);
        RuleFor(x => x.AccountNumber).Required().Must(a => IsDigits(BankAccountInput.Digits(a)))
            .WithMessage(_ => l["The account number must have 20 digits."]);
        RuleFor(x => x.AccountNumber)
            .Must((x, a) => RussianTaxNumbers.IsValidAccount(BankAccountInput.Digits(a), BankAccountInput.Digits(x.Bik)))
            .When(x => IsDigits(BankAccountInput.Digits(x.AccountNumber)) && RussianTaxNumbers.IsValidBik(BankAccountInput.Digits(x.Bik)))
            .WithMessage(_ => l["The account number does not match the BIK: its control key is wrong. Check both numbers."]);
        RuleFor(x => x.CorrespondentAccount).Must(a => IsDigits(BankAccountInput.Digits(a)))
            .When(x => !PartRules.Empty(x.CorrespondentAccount))
            .WithMessage(_ => l["The correspondent account must have 20 digits."]);
        RuleFor(x => x.CorrespondentAccount)
            .Must((x, a) => RussianTaxNumbers.IsValidCorrespondentAccount(BankAccountInput.Digits(a), BankAccountInput.Digits(x.Bik)))
            .When(x => IsDigits(BankAccountInput.Digits(x.CorrespondentAccount)) && RussianTaxNumbers.IsValidBik(BankAccountInput.Digits(x.Bik)))
            .WithMessage(_ => l["The correspondent account does not match the BIK: it must start with 301 and its control key must fit the BIK."]);
    }

    private static bool IsDigits(string? value) => value is { Length: 20 } && value.All(char.IsAsciiDigit);
}

public sealed class ContractInputValidator : AbstractValidator<ContractInput>
{
    /// <summary>The amount column holds decimal(18,4).</summary>
    public const decimal MaxAmount = 100_000_000_000_000m;

    public ContractInputValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.Number).NotEmpty().WithMessage(_ => l["Enter the contract number."]);
        this.Max(x => x.Number, 100, l);
        this.Max(x => x.Subject, 1000, l);
        RuleFor(x => x.Date).NotEmpty().WithMessage(_ => l["Enter the contract date."]);
        RuleFor(x => x.Date).Must(PartRules.IsDate).When(x => !PartRules.Empty(x.Date)).WithMessage(_ => l["Enter a date."]);
        RuleFor(x => x.ValidFrom).Must(PartRules.IsDate).When(x => !PartRules.Empty(x.ValidFrom)).WithMessage(_ => l["Enter a date."]);
        RuleFor(x => x.ValidUntil).Must(PartRules.IsDate).When(x => !PartRules.Empty(x.ValidUntil)).WithMessage(_ => l["Enter a date."]);
        RuleFor(x => x.ValidUntil).Must((x, until) => PartRules.Date(x.ValidFrom) <= PartRules.Date(until))
            .When(x => PartRules.Date(x.ValidFrom) is not null && PartRules.Date(x.ValidUntil) is not null)
            .WithMessage(_ => l["The contract cannot end before it starts."]);
        RuleFor(x => x.Amount).Must(a => Numbers.TryParseDecimal(a, out var v) && Math.Abs(v) < MaxAmount)
            .When(x => !PartRules.Empty(x.Amount)).WithMessage(_ => l["Enter a number."]);
        RuleFor(x => x.Amount).Must(a => Numbers.TryParseDecimal(a, out var v) && v >= 0)
            .When(x => Numbers.TryParseDecimal(x.Amount, out _)).WithMessage(_ => l["The amount cannot be negative."]);
        RuleFor(x => x.CurrencyId).NotNull().When(x => !PartRules.Empty(x.Amount))
            .WithMessage(_ => l["Choose the currency of the amount."]);
    }
}

public sealed class GroupInputValidator : AbstractValidator<GroupInput>
{
    public GroupInputValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage(_ => l["Enter the group name."]);
        this.Max(x => x.Name, 200, l);
    }
}
