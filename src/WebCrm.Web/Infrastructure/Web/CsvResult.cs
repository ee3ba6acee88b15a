using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;

namespace WebCrm.Web.Infrastructure.Web;

/// <summary>
/// Streams a CSV file that Excel opens correctly in the user's language: UTF-8 with BOM (for Cyrillic), standard
/// quoting, cells separated the way that language's spreadsheets expect (";" where the decimal mark is a comma, as in
/// Russian, else ","), and every cell that a spreadsheet would read as a formula neutralised. Dates and amounts are
/// written by <see cref="CsvText"/> in the same culture. With <paramref name="logAs"/> the export is
/// recorded in the security log (which list, the filter, how many rows) once the file is written.
/// </summary>
public sealed partial class CsvResult(string fileName, IReadOnlyList<string> header, IAsyncEnumerable<IReadOnlyList<string?>> rows,
    string? logAs = null) : IActionResult
{
    private readonly string _separator = CsvText.Separator(CultureInfo.CurrentCulture);

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.ContentType = "text/csv; charset=utf-8";
        // A list of clients or deals must not stay in a browser's or proxy's cache after the user signs out.
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = fileName, Inline = false }.ToString();
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024);
        await writer.WriteAsync(Line(header, _separator));
        var count = 0;
        await foreach (var row in rows.WithCancellation(context.HttpContext.RequestAborted))
        {
            await writer.WriteAsync(Line(row, _separator));
            count++;
        }
        await writer.FlushAsync();
        if (logAs is not null)
        {
            await context.HttpContext.RequestServices.GetRequiredService<Security.SecurityLog>().ExportedAsync(logAs, count);
        }
    }

    public static string Line(IEnumerable<string?> cells, string separator = ",") =>
        string.Join(separator, cells.Select(c => Cell(c, separator))) + "\r\n";

    /// <summary>
    /// A leading = + - @ tab or CR would make a spreadsheet evaluate the cell; a leading apostrophe keeps it text.
    /// A plain number (-1234.50, -1 234,50, -1,234.50) is no formula: it stays a number, so negative amounts still add
    /// up in the sheet.
    /// </summary>
    public static string Cell(string? value, string separator = ",")
    {
        var text = value ?? "";
        if (text.Length > 0 && (text[0] is '=' or '+' or '-' or '@' or '\t' or '\r') && !PlainNumber().IsMatch(text))
        {
            text = "'" + text;
        }
        // In a ";" file a comma is a decimal mark, not a separator: only the separator, quotes and line breaks need quoting.
        char[] special = separator == ";" ? [';', '"', '\r', '\n'] : [',', '"', '\r', '\n', ';'];
        return text.IndexOfAny(special) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^-[0-9]{1,3}([\u00a0\u202f ,.]?[0-9]{3})*([.,][0-9]+)?$")]
    private static partial System.Text.RegularExpressions.Regex PlainNumber();
}

/// <summary>Dates and amounts of a CSV export in the user's culture (ru: 29.11.2026 and 1 234,56; en: 11/29/2026 and 1,234.56).</summary>
public static class CsvText
{
    /// <summary>";" where the culture's decimal mark is a comma (a comma-separated file would split every amount), else ",".</summary>
    public static string Separator(CultureInfo culture) => culture.NumberFormat.NumberDecimalSeparator == "," ? ";" : ",";

    public static string Date(DateOnly date) => date.ToString("d", CultureInfo.CurrentCulture);

    public static string? Date(DateOnly? date) => date is { } d ? Date(d) : null;

    public static string Date(DateTime date) => date.ToString("d", CultureInfo.CurrentCulture);

    public static string Money(decimal amount) => amount.ToString("N2", CultureInfo.CurrentCulture);

    /// <summary>A number of a report (a count or an amount): grouped, with as many decimals as it has (at most 4).</summary>
    public static string Number(decimal value) => value.ToString("#,0.####", CultureInfo.CurrentCulture);
}
