using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using Microsoft.Extensions.Localization;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reports;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Reports;

public sealed class RestrictionInput
{
    public Dimension D { get; set; }
    public bool Ex { get; set; }
    public List<string> V { get; set; } = [];
}

/// <summary>A company custom-field restriction: field, condition, value (or a range's start), a range's end, chosen list values.</summary>
public sealed class CustomFieldInput
{
    public int? Id { get; set; }
    public FieldCondition C { get; set; }
    public string? V { get; set; }
    public string? V2 { get; set; }
    public List<string> L { get; set; } = [];
}

/// <summary>The report builder's query string: the definition, short names so a report is a shareable link.</summary>
public sealed class ReportQuery
{
    public const int MaxRestrictions = 5;

    public Measure M { get; set; } = Measure.Sales;
    public Dimension R { get; set; } = Dimension.Salesperson;
    public Dimension C { get; set; }
    public PeriodStep Step { get; set; }
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public QuickPeriod? Quick { get; set; }
    public ReportCurrency Cur { get; set; }
    public ChartKind Chart { get; set; }
    public List<DealStatus> St { get; set; } = [];
    public List<RestrictionInput> X { get; set; } = [];
    public List<CustomFieldInput> F { get; set; } = [];
    /// <summary>A saved report to open (its definition replaces the rest).</summary>
    public int? Saved { get; set; }

    /// <summary>The definition this query asks for; no dates and no quick pick means this year.</summary>
    public ReportDefinition ToDefinition() => new()
    {
        Measure = M,
        Rows = R,
        Columns = C,
        Step = Step,
        Period = new DateSpan(From ?? DateOnly.MinValue, To ?? DateOnly.MinValue),
        Quick = From is null && To is null ? Quick ?? QuickPeriod.ThisYear : null,
        Currency = Cur,
        Chart = Chart,
        Statuses = St.Distinct().ToList(),
        Restrictions = X.Where(x => x.D != Dimension.None && x.V.Count > 0)
            .Select(x => new DimensionRestriction(x.D, x.Ex, x.V.Where(v => !string.IsNullOrEmpty(v)).Distinct().ToList())).ToList(),
        CustomFields = F.Where(f => f.Id is not null).Select(f => new CustomFieldRestriction(f.Id!.Value, f.V?.Trim() ?? "", f.C,
            f.C == FieldCondition.Between && !string.IsNullOrWhiteSpace(f.V2) ? f.V2.Trim() : null,
            f.C == FieldCondition.OneOf && f.L.Count > 0 ? f.L.Where(v => !string.IsNullOrEmpty(v)).Distinct().ToList() : null)).ToList(),
    };

    public static ReportQuery Of(ReportDefinition d) => new()
    {
        M = d.Measure,
        R = d.Rows,
        C = d.Columns,
        Step = d.Step,
        From = d.Quick is null ? d.Period.From : null,
        To = d.Quick is null ? d.Period.To : null,
        Quick = d.Quick,
        Cur = d.Currency,
        Chart = d.Chart,
        St = d.Statuses.ToList(),
        X = d.Restrictions.Select(x => new RestrictionInput { D = x.Dimension, Ex = x.Exclude, V = x.Values.ToList() }).ToList(),
        F = d.CustomFields.Select(f => new CustomFieldInput { Id = f.FieldId, C = f.Condition, V = f.Value, V2 = f.To, L = f.Values?.ToList() ?? [] }).ToList(),
    };

    /// <summary>The query string of this report (without a saved id), for links: drill-down, exports, charts.</summary>
    public string ToQueryString()
    {
        var parts = new List<string>();
        void Add(string k, object? v)
        {
            if (v is null) { return; }
            var text = v is DateOnly date ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : Convert.ToString(v, CultureInfo.InvariantCulture);
            if (!string.IsNullOrEmpty(text)) { parts.Add(k + "=" + Uri.EscapeDataString(text)); }
        }
        Add("M", M); Add("R", R);
        if (C != Dimension.None) { Add("C", C); }
        if (Step != PeriodStep.None) { Add("Step", Step); }
        Add("From", From); Add("To", To); Add("Quick", From is null && To is null ? Quick : null);
        if (Cur != ReportCurrency.Base) { Add("Cur", Cur); }
        if (Chart != ChartKind.Table) { Add("Chart", Chart); }
        foreach (var s in St) { Add("St", s); }
        for (var i = 0; i < X.Count; i++)
        {
            Add($"X[{i}].D", X[i].D);
            if (X[i].Ex) { Add($"X[{i}].Ex", "true"); }
            foreach (var v in X[i].V) { Add($"X[{i}].V", v); }
        }
        for (var i = 0; i < F.Count; i++)
        {
            Add($"F[{i}].Id", F[i].Id);
            if (F[i].C != FieldCondition.Equals) { Add($"F[{i}].C", F[i].C); }
            Add($"F[{i}].V", F[i].V);
            Add($"F[{i}].V2", F[i].V2);
            foreach (var v in F[i].L) { Add($"F[{i}].L", v); }
        }
        return string.Join("&", parts);
    }
}

/// <summary>The JSON of a saved definition: enums by name, so a stored report survives new members.</summary>
public static class ReportJson
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new JsonStringEnumConverter() } };

    public static string Write(ReportDefinition d) => JsonSerializer.Serialize(d, Options);

    public static ReportDefinition? Read(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ReportDefinition>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

public sealed class ReportQueryValidator : AbstractValidator<ReportQuery>
{
    public ReportQueryValidator(IStringLocalizer<SharedResource> l, Shared.ReferenceLookup lookup)
    {
        RuleFor(x => x.R).NotEqual(Dimension.None).WithMessage(_ => l["Choose what the rows show."]);
        RuleFor(x => x.C).Must((x, c) => c == Dimension.None || c != x.R).WithMessage(_ => l["Rows and columns need two different dimensions."]);
        RuleFor(x => x.R).Must((x, d) => ReportRules.Applies(x.M, d)).WithMessage(_ => l["This measure cannot be split by this dimension."]);
        RuleFor(x => x.C).Must((x, d) => ReportRules.Applies(x.M, d)).WithMessage(_ => l["This measure cannot be split by this dimension."]);
        RuleFor(x => x.From).NotNull().When(x => x.To is not null).WithMessage(_ => l["Enter a date."]);
        RuleFor(x => x.To).NotNull().When(x => x.From is not null).WithMessage(_ => l["Enter a date."]);
        RuleFor(x => x.To).GreaterThanOrEqualTo(x => x.From).When(x => x.From is not null && x.To is not null)
            .WithMessage(_ => l["The end date cannot be before the start date."]);
        RuleFor(x => x.To).Must((x, to) => ReportPeriods.IsAcceptable(new DateSpan(x.From!.Value, to!.Value)))
            .When(x => x.From is not null && x.To is not null && x.To >= x.From)
            .WithMessage(_ => l["A report covers at most {0} years.", ReportPeriods.MaxYears]);
        RuleFor(x => x.X).Must(x => x.Count <= ReportQuery.MaxRestrictions).WithMessage(_ => l["Too many values."]);
        RuleForEach(x => x.X).Must(x => x.V.Count <= ReportRules.MaxRestrictionValues).WithMessage(_ => l["Too many values."]);
        RuleFor(x => x.F).Must(f => f.Count <= ReportQuery.MaxRestrictions).WithMessage(_ => l["Too many values."]);
        RuleForEach(x => x.F).Must(f => (f.V?.Length ?? 0) <= 500 && (f.V2?.Length ?? 0) <= 500 && f.L.Count <= ReportRules.MaxRestrictionValues)
            .WithMessage(_ => l["At most {0} characters.", 500]);
        // Each custom-field restriction: a company field, a condition its type offers, values of that type.
        RuleForEach(x => x.F).CustomAsync(async (f, context, ct) =>
        {
            if (f.Id is not { } id)
            {
                return;
            }
            var fields = await lookup.CustomFieldsAsync(Domain.Clients.CustomFieldTarget.Company, ct);
            var restriction = new CustomFieldRestriction(id, f.V?.Trim() ?? "", f.C, f.V2, f.L);
            if (ReportFieldConditions.Problem(restriction, fields.FirstOrDefault(x => x.Id == id)?.Type, l) is { } problem)
            {
                context.AddFailure(context.PropertyPath, problem);
            }
        });
    }
}
