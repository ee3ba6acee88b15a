using System.Security.Claims;
using FluentValidation;
using WebCrm.Domain.Reports;
using WebCrm.Domain.Security;
using WebCrm.Web.Features.Shared;

namespace WebCrm.Web.Features.Reports;

public sealed class ReportPageViewModel
{
    public required ReportQuery Query { get; init; }
    public ReportTable? Table { get; init; }
    public string? SavedName { get; init; }
    public required IReadOnlyList<SavedReportOption> SavedReports { get; init; }
    /// <summary>Per restriction slot: the values its dimension offers.</summary>
    public required IReadOnlyList<IReadOnlyList<ValueOption>> RestrictionValues { get; init; }
    public required IReadOnlyList<CustomFieldOption> CustomFields { get; init; }
    public string? SecondCurrencyName { get; init; }
    public string? BaseCurrencyName { get; init; }
    public bool CanExport { get; init; }
    /// <summary>The parameters in words (period, currency, statuses, restrictions with names), as the PDF prints them.</summary>
    public IReadOnlyList<string> Parameters { get; init; } = [];
    public string QueryString => Query.ToQueryString();
}

/// <summary>The report builder page: the form (with a saved report's definition when one is opened) and the built table.</summary>
public sealed class ReportPage(ReportBuilder builder, ReportOptions options, ReportLabels labels, SavedReports saved, Shared.Money.MoneyService money)
{
    /// <summary>Restriction slots the form always offers (filled ones plus empty ones up to this count).</summary>
    public const int RestrictionSlots = 2;

    public async Task<Result<ReportPageViewModel>> PageAsync(ReportQuery query, bool valid, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = UserAccess.From(principal);
        string? savedName = null;
        if (query.Saved is { } id)
        {
            var (outcome, value) = await saved.LoadAsync(id, user, ct);
            if (outcome != Outcome.Ok)
            {
                return Result<ReportPageViewModel>.From(new Result(outcome));
            }
            savedName = value.Name;
            var savedId = query.Saved;
            query = ReportQuery.Of(value.Definition);
            query.Saved = savedId;
        }
        var definition = query.ToDefinition();
        var table = valid ? await builder.BuildAsync(definition, principal, ct) : null;
        var parameters = table is null ? [] : await labels.ParametersAsync(definition, table, ct);
        while (query.X.Count < RestrictionSlots)
        {
            query.X.Add(new RestrictionInput());
        }
        while (query.F.Count < 1)
        {
            query.F.Add(new CustomFieldInput());
        }
        var values = new List<IReadOnlyList<ValueOption>>();
        foreach (var x in query.X)
        {
            values.Add(x.D == Dimension.None ? [] : await options.ValuesAsync(x.D, user, ct));
        }
        return new ReportPageViewModel
        {
            Query = query,
            Table = table,
            SavedName = savedName,
            SavedReports = await saved.OptionsAsync(user, ct),
            RestrictionValues = values,
            CustomFields = await options.CustomFieldsAsync(ct),
            BaseCurrencyName = (await money.BaseCurrencyAsync(ct)).Name,
            SecondCurrencyName = (await money.SecondCurrencyAsync(ct))?.Name,
            CanExport = user.Has(Permissions.Reports.Export),
            Parameters = parameters,
        };
    }
}

/// <summary>One custom-field restriction row of the form: its index, what was entered, the company fields to choose from.</summary>
public sealed record FieldRestrictionSlot(int Index, CustomFieldInput Input, IReadOnlyList<Shared.CustomFieldOption> Fields);
