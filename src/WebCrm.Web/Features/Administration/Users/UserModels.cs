using FluentValidation;
using Microsoft.Extensions.Localization;
using WebCrm.Domain.Administration;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Administration.Users;

public sealed record UserRow(string Id, string UserName, string DisplayName, string? Email, bool IsDisabled,
    DateTimeOffset? LockoutEnd, int RightsCount, bool TwoFactorEnabled);

public sealed record UserOption(string Id, string Label);

public sealed record SecurityEventRow(DateTime AtUtc, string? ActorName, SecurityEventKind Kind, string Details);

public sealed class UserRightsViewModel
{
    public required string Id { get; init; }
    public required string UserName { get; init; }
    public required string DisplayName { get; init; }
    public required bool IsDisabled { get; init; }
    public bool TwoFactorEnabled { get; init; }
    /// <summary>The template the user was given (null: none) and whether the policy makes two-factor sign-in mandatory for it.</summary>
    public string? RightsTemplate { get; init; }
    public bool TwoFactorRequired { get; init; }
    public required string Stamp { get; init; }
    public required IReadOnlySet<string> Granted { get; init; }
    public required IReadOnlyList<UserOption> OtherUsers { get; init; }
    public required IReadOnlyList<SecurityEventRow> History { get; init; }
    public IReadOnlyList<PermissionModule> Modules => PermissionCatalogue.Modules;
    public IReadOnlyList<RoleTemplate> Templates => RoleTemplates.All;
}

public sealed class CreateUserInput
{
    public string? UserName { get; set; }
    public string? DisplayName { get; set; }
    public string? Email { get; set; }
    public string? Password { get; set; }
    public string? Template { get; set; }
}

public sealed class CreateUserInputValidator : AbstractValidator<CreateUserInput>
{
    public CreateUserInputValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.UserName).NotEmpty().WithMessage(_ => l["Enter a user name."])
            .MaximumLength(64).WithMessage(_ => l["At most {0} characters.", 64])
            .Matches("^[A-Za-z0-9._@-]+$").WithMessage(_ => l["A user name may contain only letters, digits and - . _ @"]);
        RuleFor(x => x.DisplayName).NotEmpty().WithMessage(_ => l["Enter the person's name."])
            .MaximumLength(200).WithMessage(_ => l["At most {0} characters.", 200]);
        RuleFor(x => x.Email).MaximumLength(256).WithMessage(_ => l["At most {0} characters.", 256])
            .EmailAddress().WithMessage(_ => l["The email address is not valid."]).When(x => !string.IsNullOrEmpty(x.Email));
        RuleFor(x => x.Password).NotEmpty().WithMessage(_ => l["Enter a password."])
            .MaximumLength(256).WithMessage(_ => l["At most {0} characters.", 256]);
        RuleFor(x => x.Template).Must(t => string.IsNullOrEmpty(t) || RoleTemplates.Find(t) is not null)
            .WithMessage(_ => l["Unknown template."]);
    }
}

public sealed class RightsInput
{
    public List<string> Permissions { get; set; } = [];
    public string? Stamp { get; set; }
}

public sealed class RightsInputValidator : AbstractValidator<RightsInput>
{
    public RightsInputValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.Permissions).Must(p => p.Count <= PermissionCatalogue.All.Count * 2).WithMessage(_ => l["Too many values."]);
        RuleForEach(x => x.Permissions).Must(PermissionCatalogue.IsKnown).WithMessage(_ => l["Unknown right."]);
        RuleFor(x => x.Stamp).NotEmpty().MaximumLength(100);
    }
}

public sealed class ResetPasswordInput
{
    public string? NewPassword { get; set; }
}

public sealed class ResetPasswordInputValidator : AbstractValidator<ResetPasswordInput>
{
    public ResetPasswordInputValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.NewPassword).NotEmpty().WithMessage(_ => l["Enter a password."])
            .MaximumLength(256).WithMessage(_ => l["At most {0} characters.", 256]);
    }
}
