using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace WebCrm.Web.Features.Reports.Export;

/// <summary>
/// Serves DejaVu Sans (Cyrillic and ₽) to PDFsharp from the system's font directory; Linux has no font lookup of its own.
/// </summary>
public sealed class DejaVuFontResolver : IFontResolver
{
    public const string Family = "DejaVu Sans";
    public static readonly string Directory = Environment.GetEnvironmentVariable("WEBCRM_FONT_DIR") ?? "/usr/share/fonts/truetype/dejavu";

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? "DejaVuSans-Bold" : "DejaVuSans");

    public byte[]? GetFont(string faceName)
    {
        var path = Path.Combine(Directory, faceName + ".ttf");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The PDF font {path} is missing: install fonts-dejavu-core or set WEBCRM_FONT_DIR.", path);
        }
        return File.ReadAllBytes(path);
    }

    private static readonly Lock Gate = new();

    /// <summary>PDFsharp takes one resolver per process, before the first font is used.</summary>
    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is null)
            {
                GlobalFontSettings.FontResolver = new DejaVuFontResolver();
            }
        }
    }
}

/// <summary>
/// The report as a landscape A4 PDF: title, parameters, the chart (bars of the row values), then the table with its
/// header repeated on every page and the totals row, and "стр. N из M" at the foot of each page. The complete font is
/// embedded: PDFsharp's subsetting drops the base glyph of Ё with DejaVu (PDFsharp issue 348), and full embedding
/// (~740 KB for the two faces) is the safe way round it.
/// </summary>
public sealed class PdfSharpReportPdf : IReportPdf
{
    private const double Margin = 36;
    private const double RowHeight = 14;
    private static readonly XPdfFontOptions Embedding = new(PdfFontEncoding.Unicode, PdfFontEmbedding.EmbedCompleteFontFile);

    public byte[] Render(ReportDocument document)
    {
        DejaVuFontResolver.EnsureInstalled();
        var titleFont = new XFont(DejaVuFontResolver.Family, 14, XFontStyleEx.Bold, Embedding);
        var font = new XFont(DejaVuFontResolver.Family, document.Header.Count > 14 ? 6.5 : 8, XFontStyleEx.Regular, Embedding);
        var bold = new XFont(DejaVuFontResolver.Family, document.Header.Count > 14 ? 6.5 : 8, XFontStyleEx.Bold, Embedding);
        var small = new XFont(DejaVuFontResolver.Family, 8, XFontStyleEx.Regular, Embedding);
        using var pdf = new PdfDocument();
        pdf.Info.Title = document.Title;

        var (page, gfx) = NewPage(pdf);
        var width = page.Width.Point - 2 * Margin;
        var y = Margin;
        gfx.DrawString(document.Title, titleFont, XBrushes.Black, new XRect(Margin, y, width, 20), XStringFormats.TopLeft);
        y += 22;
        foreach (var line in document.Parameters)
        {
            gfx.DrawString(Fit(gfx, line, small, width), small, XBrushes.DimGray, new XRect(Margin, y, width, 12), XStringFormats.TopLeft);
            y += 12;
        }
        y += 6;
        y = DrawChart(gfx, document, small, Margin, y, width);

        var first = Math.Min(200, width * 0.28);
        var other = document.Header.Count > 1 ? (width - first) / (document.Header.Count - 1) : 0;
        double X(int i) => i == 0 ? Margin : Margin + first + (i - 1) * other;
        double W(int i) => i == 0 ? first : other;
        void Row(XGraphics g, IReadOnlyList<string> cells, XFont f, double top, XBrush? fill)
        {
            if (fill is not null)
            {
                g.DrawRectangle(fill, Margin, top, width, RowHeight);
            }
            for (var i = 0; i < cells.Count; i++)
            {
                var rect = new XRect(X(i) + 2, top + 2, W(i) - 4, RowHeight - 2);
                g.DrawString(Fit(g, cells[i], f, rect.Width), f, XBrushes.Black, rect, i == 0 ? XStringFormats.TopLeft : XStringFormats.TopRight);
            }
            g.DrawLine(XPens.LightGray, Margin, top + RowHeight, Margin + width, top + RowHeight);
        }
        var headerFill = new XSolidBrush(XColor.FromArgb(233, 236, 239));
        Row(gfx, document.Header, bold, y, headerFill);
        y += RowHeight;
        var bottom = page.Height.Point - Margin - 16;
        var all = document.Rows.Select(r => (Cells: r, Total: false)).ToList();
        if (document.Totals is { } totals)
        {
            all.Add((totals, true));
        }
        foreach (var (cells, isTotal) in all)
        {
            if (y + RowHeight > bottom)
            {
                gfx.Dispose();
                (page, gfx) = NewPage(pdf);
                y = Margin;
                Row(gfx, document.Header, bold, y, headerFill);
                y += RowHeight;
            }
            Row(gfx, cells.Select(c => c.Text).ToList(), isTotal ? bold : font, y, isTotal ? headerFill : null);
            y += RowHeight;
        }
        gfx.Dispose();

        var count = pdf.PageCount;
        for (var i = 0; i < count; i++)
        {
            using var footer = XGraphics.FromPdfPage(pdf.Pages[i], XGraphicsPdfPageOptions.Append);
            var text = string.Format(CultureInfo.CurrentCulture, document.PageFormat, i + 1, count);
            footer.DrawString(text, small, XBrushes.DimGray,
                new XRect(Margin, pdf.Pages[i].Height.Point - Margin, pdf.Pages[i].Width.Point - 2 * Margin, 12), XStringFormats.TopRight);
        }
        using var stream = new MemoryStream();
        pdf.Save(stream, false);
        return stream.ToArray();
    }

    private static (PdfPage, XGraphics) NewPage(PdfDocument pdf)
    {
        var page = pdf.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        page.Orientation = PdfSharp.PageOrientation.Landscape;
        return (page, XGraphics.FromPdfPage(page));
    }

    /// <summary>Horizontal bars of the first rows' values with their labels; returns the y below it.</summary>
    private static double DrawChart(XGraphics gfx, ReportDocument document, XFont font, double x, double y, double width)
    {
        var bars = document.Chart.Take(12).ToList();
        var max = bars.Count == 0 ? 0m : bars.Max(b => Math.Abs(b.Value));
        if (max == 0)
        {
            return y;
        }
        const double bar = 11;
        var labelWidth = Math.Min(180, width * 0.25);
        var room = width - labelWidth - 90;
        var brush = new XSolidBrush(XColor.FromArgb(13, 110, 253));
        foreach (var (label, value) in bars)
        {
            gfx.DrawString(Fit(gfx, label, font, labelWidth - 4), font, XBrushes.Black, new XRect(x, y, labelWidth - 4, bar), XStringFormats.TopLeft);
            var length = (double)(Math.Abs(value) / max) * room;
            gfx.DrawRectangle(brush, x + labelWidth, y + 1, Math.Max(length, 0.5), bar - 2);
            gfx.DrawString(value.ToString("N2", CultureInfo.CurrentCulture), font, XBrushes.Black,
                new XRect(x + labelWidth + length + 4, y, 86, bar), XStringFormats.TopLeft);
            y += bar + 2;
        }
        return y + 10;
    }

    private static string Fit(XGraphics gfx, string text, XFont font, double width)
    {
        if (gfx.MeasureString(text, font).Width <= width)
        {
            return text;
        }
        var cut = text;
        while (cut.Length > 1 && gfx.MeasureString(cut + "…", font).Width > width)
        {
            cut = cut[..^1];
        }
        return cut + "…";
    }
}
