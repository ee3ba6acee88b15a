using System.Globalization;
using Microsoft.Extensions.Localization;
using WebCrm.Web.Infrastructure.Localization;
using WebCrm.Web.Infrastructure.Web;

namespace WebCrm.Web.Features.Clients;

public static class CompanyCsv
{
    public static IReadOnlyList<string> Header(IStringLocalizer<SharedResource> l) =>
        [l["Company name"], l["INN"], l["City"], l["Region"], l["Type"], l["Responsible manager"], l["Phone"], l["Created"]];

    public static async IAsyncEnumerable<IReadOnlyList<string?>> Rows(IAsyncEnumerable<CompanyRow> rows)
    {
        await foreach (var r in rows)
        {
            yield return [r.Name, r.Inn, r.City, r.Region, r.Type, r.ResponsibleName, r.Phone,
                CsvText.Date(r.CreatedAtUtc)];
        }
    }
}

/// <summary>Builds list URLs that keep the current search, filter and sort while changing one thing.</summary>
public static class CompanyListUrls
{
    public static string For(CompanyListQuery q, string? sort = null, bool? desc = null, int? page = null, string path = "/clients", int? size = null)
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add(Uri.EscapeDataString(key) + "=" + Uri.EscapeDataString(value));
            }
        }
        Add("q", q.Q);
        q.AppendTo(Add);
        Add("sort", sort ?? q.Sort);
        if (desc ?? q.Desc)
        {
            Add("desc", "true");
        }
        var p = page ?? q.Page;
        if (p > 1)
        {
            Add("page", p.ToString(CultureInfo.InvariantCulture));
        }
        var rows = Shared.PageSizes.Of(size ?? q.Size);
        if (rows != Shared.PageSizes.Default)
        {
            Add("size", rows.ToString(CultureInfo.InvariantCulture));
        }
        return parts.Count == 0 ? path : path + "?" + string.Join("&", parts);
    }
}
