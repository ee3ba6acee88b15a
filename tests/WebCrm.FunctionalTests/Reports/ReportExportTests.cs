using System.Diagnostics;
using System.Globalization;
using System.Net;
using MiniExcelLibs;
using UglyToad.PdfPig;
using WebCrm.Domain.Security;
using WebCrm.Web.Features.Reports.Export;

namespace WebCrm.FunctionalTests.Reports;

/// <summary>
/// PDF, XLSX and CSV of a report: read back (PdfPig, MiniExcel) they carry the title, parameters, headers, cells and
/// totals of the table on the page; the PDF repeats the header on every page and numbers the pages; Ё and ₽ really
/// render (drawn with pdftoppm: the subset bug leaves a bare diaeresis, so "Ёлка" would carry less ink than "Елка").
/// </summary>
public abstract partial class ReportBuilderTests
{
    private const string ByClient = "M=Sales&R=Client&Step=Quarter&From=2025-01-01&To=2025-06-30";

    [Fact]
    public async Task The_pdf_carries_the_title_parameters_headers_and_totals_of_the_table()
    {
        var (f, _, director) = await SetUpAsync();
        var page = await director.PageAsync("/reports?" + ByClient);
        var response = await director.GetAsync("/reports/export/pdf?" + ByClient);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        using var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        var text = string.Join("\n", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        foreach (var word in page.QuerySelector("#report-title")!.TextContent.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.Contains(word, text);
        }
        Assert.Contains("01.01.2025", text);
        Assert.Contains("Roubles", text);
        Assert.Contains($"Built by Test {f.DirectorName} on", text);
        Assert.Contains("Ёлка", text);
        foreach (var header in page.QuerySelectorAll("#report-table thead th").Select(h => h.TextContent.Trim()))
        {
            Assert.Contains(header.Split(' ')[0], text);
        }
        var grand = page.QuerySelector("#report-table td.grand-total")!.TextContent.Trim();
        Assert.Contains(grand.Replace('\u00A0', ' ').Split(' ')[^1], text);
        Assert.Contains("page 1 of 1", text);

        using var manager = await app.SignedInAsync(f.M1Name);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync("/reports/export/pdf?" + ByClient)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync("/funnel/export/pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await director.GetAsync("/funnel/export/pdf?From=2025-01-01&To=2025-06-30")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await director.GetAsync("/reports/export/doc?" + ByClient)).StatusCode);
    }

    [Fact]
    public async Task The_funnel_pdf_names_who_built_it_by_full_name()
    {
        var (f, _, director) = await SetUpAsync();
        var response = await director.GetAsync("/funnel/export/pdf?From=2025-01-01&To=2025-06-30");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        var text = string.Join("\n", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        // The test users' full name is "Test " + the sign-in name: the sign-in name alone is not enough.
        Assert.Contains($"Built by Test {f.DirectorName} on", text);
        Assert.Contains("Funnel", text);
    }

    [Fact]
    public async Task Xlsx_and_csv_hold_the_same_cells_and_totals_as_the_table()
    {
        var (_, _, director) = await SetUpAsync();
        var table = Read(await director.PageAsync("/reports?" + ByClient));
        var xlsx = await director.GetAsync("/reports/export/xlsx?" + ByClient);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        var sheet = stream.Query(useHeaderRow: false).Cast<IDictionary<string, object?>>().Select(r => r.Values.ToList()).ToList();
        var numbers = sheet.Where(r => r.Count > 1 && r[1] is double or decimal).ToList();
        Assert.Equal(table.Rows.Count + 1, numbers.Count);
        var total = numbers[^1];
        Assert.Equal((double)table.Grand!.Value, Convert.ToDouble(total[table.Columns.Length + 1], CultureInfo.InvariantCulture), 2);

        var csv = await director.GetAsync("/reports/export/csv?" + ByClient);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(table.Rows.Count + 2, lines.Length);
        // The grand total is the last cell, written in the (English) user's culture: grouped with commas, so quoted.
        var last = lines[^1].EndsWith('"') ? lines[^1][(lines[^1].LastIndexOf(",\"", StringComparison.Ordinal) + 2)..^1] : lines[^1][(lines[^1].LastIndexOf(',') + 1)..];
        Assert.Equal(table.Grand.Value, decimal.Parse(last, NumberStyles.Number, CultureInfo.GetCultureInfo("en")));
    }

    private static ReportDocument Sample(string word, int rows) => new()
    {
        Title = "Проверка " + word,
        Parameters = ["Период: 01.01.2025 – 30.06.2025"],
        Header = ["Клиент", "Сумма, ₽"],
        Rows = Enumerable.Range(1, rows).Select(i => (IReadOnlyList<ReportCell>)[new($"{word} {i}"), new($"{i},00 ₽", i)]).ToList(),
        Totals = [new("Итого"), new("100 ₽", 100)],
        Chart = [],
        PageFormat = "стр. {0} из {1}",
    };

    [Fact]
    public void A_long_pdf_repeats_the_header_on_every_page_and_numbers_the_pages()
    {
        var bytes = new PdfSharpReportPdf().Render(Sample("Ёлка", 120));
        using var pdf = PdfDocument.Open(bytes);
        Assert.True(pdf.NumberOfPages >= 3, $"{pdf.NumberOfPages} pages");
        foreach (var p in pdf.GetPages())
        {
            var text = string.Join(" ", p.GetWords().Select(w => w.Text));
            Assert.Contains("Клиент", text);
            Assert.Contains($"стр. {p.Number} из {pdf.NumberOfPages}", text);
        }
        Assert.Contains("Итого", string.Join(" ", pdf.GetPage(pdf.NumberOfPages).GetWords().Select(w => w.Text)));
    }

    /// <summary>Dark pixels of the first page drawn by pdftoppm (poppler-utils; test.sh installs it).</summary>
    private static long Ink(byte[] pdf)
    {
        var dir = Directory.CreateTempSubdirectory("pdfink");
        try
        {
            var input = Path.Combine(dir.FullName, "in.pdf");
            File.WriteAllBytes(input, pdf);
            var start = new ProcessStartInfo("pdftoppm", ["-gray", "-r", "60", "-f", "1", "-l", "1", input, Path.Combine(dir.FullName, "out")]) { RedirectStandardError = true };
            using (var process = Process.Start(start) ?? throw new InvalidOperationException("pdftoppm did not start (install poppler-utils)"))
            {
                process.WaitForExit();
                Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());
            }
            var image = File.ReadAllBytes(Directory.GetFiles(dir.FullName, "out*.pgm").Single());
            // Binary PGM: "P5\n<w> <h>\n255\n" then one byte per pixel.
            var header = 0;
            for (var lines = 0; lines < 3; header++)
            {
                if (image[header] == '\n') { lines++; }
            }
            return image.Skip(header).LongCount(b => b < 128);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Yo_and_the_rouble_sign_render_with_their_glyphs()
    {
        // With the subset bug Ё is drawn as its diaeresis alone: less ink than Е. Drawn right, Ё is Е plus two dots.
        var yo = Ink(new PdfSharpReportPdf().Render(Sample("Ёлка Ёж Ёрш", 30)));
        var ye = Ink(new PdfSharpReportPdf().Render(Sample("Елка Еж Ерш", 30)));
        Assert.True(yo > ye, $"Ё ink {yo}, Е ink {ye}");
        var rouble = Ink(new PdfSharpReportPdf().Render(Sample("₽₽₽₽", 30)));
        var space = Ink(new PdfSharpReportPdf().Render(Sample("    ", 30)));
        Assert.True(rouble > space + 1000, $"₽ ink {rouble}, blank {space}");
    }
}
