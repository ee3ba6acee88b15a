using System.Text;
using Microsoft.AspNetCore.Mvc;

namespace WebCrm.Web.Infrastructure.Web;

/// <summary>
/// Streams a CSV file that Excel opens correctly: UTF-8 with BOM (for Cyrillic), semicolon-free standard quoting,
/// and every cell that a spreadsheet would read as a formula neutralised. With <paramref name="logAs"/> the export is
/// recorded in the security log (which list, the filter, how many rows) once the file is written.
/// </summary>
public sealed partial class CsvResult(string fileName, IReadOnlyList<string> header, IAsyncEnumerable<IReadOnlyList<string?>> rows,
    string? logAs = null) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.ContentType = "text/csv; charset=utf-8";
        // A list of clients or deals must not stay in a browser's or proxy's cache after the user signs out.
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = fileName, Inline = false }.ToString();
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024);
        await writer.WriteAsync(Line(header));
        var count = 0;
        await foreach (var row in rows.WithCancellation(context.HttpContext.RequestAborted))
        {
            await writer.WriteAsync(Line(row));
            count++;
        }
        await writer.FlushAsync();
        if (logAs is not null)
        {
            await context.HttpContext.RequestServices.GetRequiredService<Security.SecurityLog>().ExportedAsync(logAs, count);
        }
    }

    public static string Line(IEnumerable<string?> cells) => string.Join(",", cells.Select(Cell)) + "\r\n";

    /// <summary>
    /// A leading = + - @ tab or CR would make a spreadsheet evaluate the cell; a leading apostrophe keeps it text.
    /// A plain number (-1234.50) is no formula: it stays a number, so negative amounts still add up in the sheet.
    /// </summary>
    public static string Cell(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && (text[0] is '=' or '+' or '-' or '@' or '\t' or '\r') && !PlainNumber().IsMatch(text))
        {
            text = "'" + text;
        }
        return text.IndexOfAny([',', '"', '\r', '\n', ';']) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^-[0-9]+(\.[0-9]+)?$")]
    private static partial System.Text.RegularExpressions.Regex PlainNumber();
}
