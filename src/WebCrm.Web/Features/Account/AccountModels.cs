using FluentValidation;
using Microsoft.Extensions.Localization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Account;

public sealed class LoginInput
{
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public bool RememberMe { get; set; }
    public string? ReturnUrl { get; set; }
}

public sealed class LoginInputValidator : AbstractValidator<LoginInput>
{
    public LoginInputValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.UserName).NotEmpty().WithMessage(_ => l["Enter your user name or email."]).MaximumLength(256)
            .WithMessage(_ => l["The text is too long."]);
        RuleFor(x => x.Password).NotEmpty().WithMessage(_ => l["Enter your password."]).MaximumLength(256)
            .WithMessage(_ => l["The text is too long."]);
        RuleFor(x => x.ReturnUrl).MaximumLength(2048);
    }
}

public sealed class ChangePasswordInput
{
    public string? CurrentPassword { get; set; }
    public string? NewPassword { get; set; }
    public string? ConfirmPassword { get; set; }
}

public sealed class ChangePasswordInputValidator : AbstractValidator<ChangePasswordInput>
{
    public ChangePasswordInputValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.CurrentPassword).NotEmpty().WithMessage(_ => l["Enter your current password."]);
        RuleFor(x => x.NewPassword).NotEmpty().WithMessage(_ => l["Enter a new password."])
            .MaximumLength(256).WithMessage(_ => l["The text is too long."]);
        RuleFor(x => x.ConfirmPassword).Equal(x => x.NewPassword).WithMessage(_ => l["The passwords do not match."]);
    }
}
