using FluentValidation;
using Microsoft.Extensions.Localization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Account;

/// <summary>The second sign-in step: a code from the authenticator app (or a recovery code).</summary>
public sealed class TwoFactorInput
{
    public string? Code { get; set; }
    public bool RememberDevice { get; set; }
    public bool RememberMe { get; set; }
    public string? ReturnUrl { get; set; }
}

public sealed class TwoFactorInputValidator : AbstractValidator<TwoFactorInput>
{
    public TwoFactorInputValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.Code).NotEmpty().WithMessage(_ => l["Enter the code."]).MaximumLength(64).WithMessage(_ => l["The text is too long."]);
        RuleFor(x => x.ReturnUrl).MaximumLength(2048);
    }
}

/// <summary>A code from the app confirming enrolment, new recovery codes or switching two-factor sign-in off.</summary>
public sealed class TwoFactorCodeInput
{
    public string? Code { get; set; }
}

public sealed class TwoFactorCodeInputValidator : AbstractValidator<TwoFactorCodeInput>
{
    public TwoFactorCodeInputValidator(IStringLocalizer<SharedResource> l) =>
        RuleFor(x => x.Code).NotEmpty().WithMessage(_ => l["Enter the code."]).MaximumLength(64).WithMessage(_ => l["The text is too long."]);
}

/// <summary>The enrolment page: the key as a QR code and as text, and the confirmation form.</summary>
public sealed record TwoFactorEnrolment(string Key, string QrCodePng, bool Required);

/// <summary>The signed-in user's own two-factor page.</summary>
public sealed record TwoFactorStatus(bool Enabled, bool Required, int RecoveryCodesLeft);
