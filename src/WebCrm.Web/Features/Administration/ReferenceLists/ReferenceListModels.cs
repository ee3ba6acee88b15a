using System.Linq.Expressions;
using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.Extensions.Localization;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Reference;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Administration.ReferenceLists;

/// <summary>URL slugs and UI titles of the reference lists; one entry per <see cref="ReferenceListKind"/>.</summary>
public static partial class ReferenceListCatalog
{
    public static IReadOnlyList<ReferenceListKind> Kinds { get; } = Enum.GetValues<ReferenceListKind>();

    /// <summary>deal-stage for DealStage: readable in the address bar and independent of the enum's numbers.</summary>
    public static string Slug(ReferenceListKind kind) => SlugRegex().Replace(kind.ToString(), "$1-$2").ToLowerInvariant();

    public static ReferenceListKind? FromSlug(string? slug) =>
        Kinds.Where(k => string.Equals(Slug(k), slug, StringComparison.OrdinalIgnoreCase)).Select(k => (ReferenceListKind?)k).FirstOrDefault();

    public static string Title(ReferenceListKind kind, IStringLocalizer l) => kind switch
    {
        ReferenceListKind.Region => l["Regions"],
        ReferenceListKind.Industry => l["Industries"],
        ReferenceListKind.ClientSource => l["Client sources (how did you hear about us?)"],
        ReferenceListKind.ClientType => l["Client types"],
        ReferenceListKind.ContactPosition => l["Contact positions"],
        ReferenceListKind.LossReason => l["Loss reasons"],
        ReferenceListKind.DealStage => l["Deal stages"],
        ReferenceListKind.ActivityType => l["Activity types"],
        ReferenceListKind.ProductGroup => l["Product groups"],
        ReferenceListKind.Unit => l["Units of measure"],
        ReferenceListKind.AccountingDocumentType => l["Accounting document types"],
        ReferenceListKind.ContractStatus => l["Contract statuses"],
        _ => kind.ToString(),
    };

    public static string TargetTitle(CustomFieldTarget target, IStringLocalizer l) => target switch
    {
        CustomFieldTarget.Company => l["Companies"],
        CustomFieldTarget.ContactPerson => l["Contact persons"],
        CustomFieldTarget.Deal => l["Deals"],
        _ => target.ToString(),
    };

    public static string TypeTitle(CustomFieldType type, IStringLocalizer l) => type switch
    {
        CustomFieldType.Text => l["Text"],
        CustomFieldType.Number => l["FieldType.Number"],
        CustomFieldType.Date => l["Date"],
        CustomFieldType.YesNo => l["Yes / no"],
        CustomFieldType.List => l["List of values"],
        _ => type.ToString(),
    };

    /// <summary>Options typed one per line: trimmed, blank lines and repeats dropped, stored with \n.</summary>
    public static string? NormalizeOptions(string? options)
    {
        var lines = (options ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal).ToList();
        return lines.Count == 0 ? null : string.Join("\n", lines);
    }

    [GeneratedRegex("([a-z])([A-Z])")]
    private static partial Regex SlugRegex();
}

public sealed record ListSummaryRow(string Title, string Url, int Active, int Total);

public sealed record ReferenceValueRow(int Id, string NameEn, string NameRu, string? Code, bool IsActive, bool CountsAsShipment = false, bool NotProposedForNewDeals = false);

public sealed class ReferenceListViewModel
{
    public required ReferenceListKind Kind { get; init; }
    public required IReadOnlyList<ReferenceValueRow> Values { get; init; }
    public ReferenceValueInput NewValue { get; init; } = new();
    public string Slug => ReferenceListCatalog.Slug(Kind);
}

public sealed class ReferenceValueInput
{
    public string? NameEn { get; set; }
    public string? NameRu { get; set; }
    /// <summary>Accounting document types only: documents of this type count as a shipment in a deal's receivable.</summary>
    public bool CountsAsShipment { get; set; }
    /// <summary>Deal stages only: the stage is left out of the set proposed for a new deal.</summary>
    public bool NotProposedForNewDeals { get; set; }
    /// <summary>The concurrency stamp the form was loaded with (rename only).</summary>
    public string? Stamp { get; set; }
}

public sealed record EditValueViewModel(ReferenceListKind Kind, int Id, string? Code, bool IsActive, ReferenceValueInput Input)
{
    public IReadOnlyList<WebCrm.Web.Features.Shared.HistoryRow> History { get; init; } = [];

    public string Slug => ReferenceListCatalog.Slug(Kind);

    /// <summary>The value carries the "counts as shipment" flag (accounting document types).</summary>
    public bool HasShipmentFlag => Kind == ReferenceListKind.AccountingDocumentType;

    /// <summary>The value carries the "not proposed for new deals" flag (deal stages).</summary>
    public bool HasNewDealFlag => Kind == ReferenceListKind.DealStage;
}

/// <summary>Shared rules of a name given in both UI languages.</summary>
internal static class NameRules
{
    public static void BothNames<T>(AbstractValidator<T> v, Expression<Func<T, string?>> en, Expression<Func<T, string?>> ru, int max, IStringLocalizer l)
    {
        v.RuleFor(en)
            .NotEmpty().WithMessage(_ => l["Enter the English name."])
            .MaximumLength(max).WithMessage(_ => l["At most {0} characters.", max]);
        v.RuleFor(ru)
            .NotEmpty().WithMessage(_ => l["Enter the Russian name."])
            .MaximumLength(max).WithMessage(_ => l["At most {0} characters.", max]);
    }

    public static bool IsStamp(string? stamp) => Guid.TryParse(stamp, out _);
}

public sealed class ReferenceValueInputValidator : AbstractValidator<ReferenceValueInput>
{
    public const int MaxName = 200;

    public ReferenceValueInputValidator(IStringLocalizer<SharedResource> l)
    {
        NameRules.BothNames(this, x => x.NameEn, x => x.NameRu, MaxName, l);
        RuleFor(x => x.Stamp).Must(s => s is null || NameRules.IsStamp(s)).WithMessage(_ => l["The value is not valid."]);
    }
}

public sealed record CurrencyRow(int Id, string Code, string NameEn, string NameRu, string Symbol, int MinorUnits, bool IsActive);

public sealed class CurrencyInput
{
    public string? Code { get; set; }
    public string? NameEn { get; set; }
    public string? NameRu { get; set; }
    public string? Symbol { get; set; }
    public int? MinorUnits { get; set; } = 2;
    public bool IsActive { get; set; } = true;
    public string? Stamp { get; set; }
}

public sealed record EditCurrencyViewModel(int? Id, CurrencyInput Input)
{
    public IReadOnlyList<WebCrm.Web.Features.Shared.HistoryRow> History { get; init; } = [];
}

public sealed class CurrencyInputValidator : AbstractValidator<CurrencyInput>
{
    public const int MaxName = 100;
    public const int MaxSymbol = 10;

    public CurrencyInputValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.Code).NotEmpty().WithMessage(_ => l["Enter the currency code."])
            .Matches("^[A-Z]{3}$").WithMessage(_ => l["The code is three capital Latin letters, e.g. RUB."]);
        NameRules.BothNames(this, x => x.NameEn, x => x.NameRu, MaxName, l);
        RuleFor(x => x.Symbol).MaximumLength(MaxSymbol).WithMessage(_ => l["At most {0} characters.", MaxSymbol]);
        RuleFor(x => x.MinorUnits).NotNull().WithMessage(_ => l["A value is required."])
            .InclusiveBetween(0, 4).WithMessage(_ => l["Enter a number from {0} to {1}.", 0, 4]);
        RuleFor(x => x.Stamp).Must(s => s is null || NameRules.IsStamp(s)).WithMessage(_ => l["The value is not valid."]);
    }
}

public sealed record CustomFieldRow(int Id, CustomFieldTarget Target, string NameEn, string NameRu, CustomFieldType Type,
    bool IsRequired, bool IsActive, int OptionCount);

public sealed class CustomFieldInput
{
    public CustomFieldTarget? Target { get; set; }
    public string? NameEn { get; set; }
    public string? NameRu { get; set; }
    public CustomFieldType? Type { get; set; }
    public bool IsRequired { get; set; }
    public bool IsActive { get; set; } = true;
    /// <summary>List fields: the allowed values, one per line.</summary>
    public string? Options { get; set; }
    public string? Stamp { get; set; }
}

public sealed record EditCustomFieldViewModel(int? Id, bool HasValues, CustomFieldInput Input)
{
    public IReadOnlyList<WebCrm.Web.Features.Shared.HistoryRow> History { get; init; } = [];
}

public sealed class CustomFieldInputValidator : AbstractValidator<CustomFieldInput>
{
    public const int MaxName = 200;
    public const int MaxOptions = 4000;
    public const int MaxOption = 200;

    public CustomFieldInputValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.Target).NotNull().WithMessage(_ => l["Choose where the field appears."])
            .IsInEnum().WithMessage(_ => l["Choose where the field appears."]);
        // The English name is optional: without it the field shows its Russian name in English too.
        RuleFor(x => x.NameEn).MaximumLength(MaxName).WithMessage(_ => l["At most {0} characters.", MaxName]);
        RuleFor(x => x.NameRu).NotEmpty().WithMessage(_ => l["Enter the Russian name."])
            .MaximumLength(MaxName).WithMessage(_ => l["At most {0} characters.", MaxName]);
        RuleFor(x => x.Type).NotNull().WithMessage(_ => l["Choose the type of the field."])
            .IsInEnum().WithMessage(_ => l["Choose the type of the field."]);
        RuleFor(x => x.Options).MaximumLength(MaxOptions).WithMessage(_ => l["At most {0} characters.", MaxOptions]);
        RuleFor(x => x.Options)
            .Must(o => ReferenceListCatalog.NormalizeOptions(o) is not null).WithMessage(_ => l["A list field needs at least one value, one per line."])
            .Must(o => (o ?? "").Split('\n').All(line => line.Trim().Length <= MaxOption))
            .WithMessage(_ => l["Each value of the list may have at most {0} characters.", MaxOption])
            .When(x => x.Type == CustomFieldType.List);
        RuleFor(x => x.Stamp).Must(s => s is null || NameRules.IsStamp(s)).WithMessage(_ => l["The value is not valid."]);
    }
}

/// <summary>One labelled text input with its messages, rendered by the _TextField partial.</summary>
public sealed record TextFieldModel(string Name, string Label, string? Value, int MaxLength, string? Help = null, bool Multiline = false);
