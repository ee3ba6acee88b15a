using Microsoft.Extensions.Localization;
using WebCrm.Web.Infrastructure.Localization;
using WebCrm.Web.Infrastructure.Web;

namespace WebCrm.Web.Features.Deals;

/// <summary>The deal list as CSV: the list's columns, dates and amounts in the user's culture (see <see cref="CsvText"/>).</summary>
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
                CsvText.Date(r.StartDate), CsvText.Date(r.EndDate),
                Money(r.LinesTotal), Money(r.PaidTotal), Money(r.ShippedTotal), Money(r.Debt), Money(r.Advance), r.CurrencyCode, r.Overdue ? l["Yes"] : ""];
        }
    }

    private static string Money(decimal value) => CsvText.Money(value);
}
