using FluentValidation;
using Microsoft.Extensions.Localization;
using WebCrm.Domain.Packages;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Packages;

public sealed class MaterialInputValidator : AbstractValidator<MaterialInput>
{
    public MaterialInputValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.Title).NotEmpty().WithMessage(l["Enter a title."]).MaximumLength(Material.MaxTitleLength).WithMessage(l["At most {0} characters.", Material.MaxTitleLength]);
        RuleFor(x => x.Description).MaximumLength(4000).WithMessage(l["At most {0} characters.", 4000]);
        RuleFor(x => x.SubjectRu).MaximumLength(Material.MaxSubjectLength).WithMessage(l["At most {0} characters.", Material.MaxSubjectLength]);
        RuleFor(x => x.SubjectEn).MaximumLength(Material.MaxSubjectLength).WithMessage(l["At most {0} characters.", Material.MaxSubjectLength]);
        RuleFor(x => x.BodyRu).MaximumLength(Material.MaxBodyLength).WithMessage(l["At most {0} characters.", Material.MaxBodyLength]);
        RuleFor(x => x.BodyEn).MaximumLength(Material.MaxBodyLength).WithMessage(l["At most {0} characters.", Material.MaxBodyLength]);
        RuleFor(x => x).Must(x => !string.IsNullOrWhiteSpace(x.BodyRu) || !string.IsNullOrWhiteSpace(x.BodyEn))
            .WithName(nameof(MaterialInput.BodyRu)).OverridePropertyName(nameof(MaterialInput.BodyRu))
            .WithMessage(l["Write the letter text in at least one language."]);
    }
}

public sealed class PackageInputValidator : AbstractValidator<PackageInput>
{
    public PackageInputValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage(l["Enter a name."]).MaximumLength(InfoPackage.MaxNameLength).WithMessage(l["At most {0} characters.", InfoPackage.MaxNameLength]);
        RuleFor(x => x.Description).MaximumLength(4000).WithMessage(l["At most {0} characters.", 4000]);
        RuleFor(x => x.Positions).Must(p => p.Values.Any(v => !string.IsNullOrWhiteSpace(v))).WithMessage(l["Put at least one material in the package."]);
    }
}
