using System.Globalization;
using Microsoft.Extensions.Localization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Deals;

/// <summary>The deal list as CSV: the list's columns, amounts with a dot and no grouping so spreadsheets read them as numbers.</summary>
public static class DealCsv
{
    public static IReadOnlyList<string> Header(IStringLocalizer<SharedResource> l) =>
        [l["Title"], l["Company"], l["Responsible manager"], l["Status"], l["Current stage"], l["Start date"], l["End date"],
         l["Amount"], l["Paid"], l["Shipped"], l["Debt"], l["Advance"], l["Currency"], l["Overdue stage"]];

    public static async IAsyncEnumerable<IReadOnlyList<string?>> Rows(IAsyncEnumerable<DealRow> rows, IStringLocalizer<SharedResource> l)
    {
        await foreach (var r in rows)
        {
            yield return [r.Title, r.CompanyName, r.ResponsibleName, l["DealStatus." + r.Status], r.CurrentStage,
                r.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.EndDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Money(r.LinesTotal), Money(r.PaidTotal), Money(r.ShippedTotal), Money(r.Debt), Money(r.Advance), r.CurrencyCode, r.Overdue ? l["Yes"] : ""];
        }
    }

    private static string Money(decimal value) => value.ToString("0.00##", CultureInfo.InvariantCulture);
}
