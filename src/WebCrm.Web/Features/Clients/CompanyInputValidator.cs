using FluentValidation;
using Microsoft.Extensions.Localization;
using WebCrm.Domain.Clients;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Clients;

public sealed class CompanyInputValidator : AbstractValidator<CompanyInput>
{
    public CompanyInputValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage(_ => l["Enter the company name."]);
        Max(x => x.Name, 300, l);
        Max(x => x.LegalName, 500, l);
        Max(x => x.LegalAddress, 500, l);
        Max(x => x.PostalAddress, 500, l);
        Max(x => x.City, 100, l);
        Max(x => x.Phone, 100, l);
        Max(x => x.Email, 256, l);
        Max(x => x.Website, 256, l);
        Max(x => x.Notes, 4000, l);
        RuleFor(x => x.Inn).Must(v => RussianTaxNumbers.IsValidInn(v)).When(x => !string.IsNullOrWhiteSpace(x.Inn))
            .WithMessage(_ => l["The INN must have 10 digits (company) or 12 digits (individual) with valid check digits."]);
        RuleFor(x => x.Kpp).Must(v => RussianTaxNumbers.IsValidKpp(v)).When(x => !string.IsNullOrWhiteSpace(x.Kpp))
            .WithMessage(_ => l["The KPP must have 9 characters: 4 digits, 2 digits or capital letters, 3 digits."]);
        RuleFor(x => x.Ogrn).Must(v => RussianTaxNumbers.IsValidOgrnOrOgrnip(v)).When(x => !string.IsNullOrWhiteSpace(x.Ogrn))
            .WithMessage(_ => l["The OGRN must have 13 digits (or 15 for an individual entrepreneur) with a valid check digit."]);
        RuleFor(x => x.Email).EmailAddress().When(x => !string.IsNullOrWhiteSpace(x.Email))
            .WithMessage(_ => l["The email address is not valid."]);
        RuleFor(x => x.Website).Must(BeAWebAddress).When(x => !string.IsNullOrWhiteSpace(x.Website))
            .WithMessage(_ => l["Enter a web address such as example.ru or https://example.ru."]);
        RuleFor(x => x.Custom).Must(c => c.Count <= 200).WithMessage(_ => l["Too many values."]);
        RuleFor(x => x.FirstContact.FullName).NotEmpty().When(x => !x.FirstContact.IsEmpty)
            .WithMessage(_ => l["Enter the contact person's full name, or leave the contact person's fields empty."]);
        RuleFor(x => x.FirstContact.FullName).MaximumLength(300).WithMessage(_ => l["At most {0} characters.", 300]);
        RuleFor(x => x.FirstContact.Phone).MaximumLength(100).WithMessage(_ => l["At most {0} characters.", 100]);
        RuleFor(x => x.FirstContact.Email).MaximumLength(256).WithMessage(_ => l["At most {0} characters.", 256]);
        RuleFor(x => x.FirstContact.Email).EmailAddress().When(x => !string.IsNullOrWhiteSpace(x.FirstContact.Email))
            .WithMessage(_ => l["The email address is not valid."]);
    }

    private void Max(System.Linq.Expressions.Expression<Func<CompanyInput, string?>> field, int length, IStringLocalizer<SharedResource> l) =>
        RuleFor(field).MaximumLength(length).WithMessage(_ => l["At most {0} characters.", length]);

    private static bool BeAWebAddress(string? value)
    {
        var text = value!.Trim();
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "https://" + text;
        }
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Contains('.');
    }
}
