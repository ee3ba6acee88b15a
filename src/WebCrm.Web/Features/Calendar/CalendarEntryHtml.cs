using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;
using WebCrm.Domain.Calendar;

namespace WebCrm.Web.Features.Calendar;

/// <summary>
/// The link of one calendar entry (an activity, a stage deadline or a birthday), written straight to the response:
/// a user's month holds ~2,000 entries, and a partial view per entry cost more than the rest of the page together.
/// The labels are looked up once per page (<see cref="CalendarEntryHtml(IStringLocalizer)"/>), every value is HTML-encoded.
/// </summary>
public sealed class CalendarEntryHtml(IStringLocalizer l)
{
    private readonly string _deadline = l["Stage deadline"].Value;
    private readonly string _birthday = l["Birthday"].Value;
    private readonly string _overdue = l["Overdue"].Value;

    public IHtmlContent Link(CalendarEntry entry) => new EntryLink(this, entry);

    private static string Css(CalendarEntry e) => e.Kind switch
    {
        CalendarEntryKind.StageDeadline => "entry-deadline",
        CalendarEntryKind.Birthday => "entry-birthday",
        _ => e.Status switch
        {
            ActivityStatus.Done => "entry-done",
            ActivityStatus.Cancelled => "entry-cancelled",
            _ => e.Overdue ? "entry-overdue" : "entry-planned",
        },
    };

    private string Label(CalendarEntry e) => e.Kind switch
    {
        CalendarEntryKind.StageDeadline => _deadline,
        CalendarEntryKind.Birthday => _birthday,
        _ => e.TypeName ?? "",
    };

    private sealed class EntryLink(CalendarEntryHtml html, CalendarEntry e) : IHtmlContent
    {
        public void WriteTo(TextWriter writer, HtmlEncoder encoder)
        {
            writer.Write("<a class=\"cal-entry ");
            writer.Write(Css(e));
            writer.Write("\" href=\"");
            encoder.Encode(writer, e.Url);
            writer.Write("\" data-kind=\"");
            writer.Write(e.Kind.ToString());
            writer.Write("\" data-status=\"");
            writer.Write(e.Status?.ToString());
            writer.Write("\">");
            if (!e.AllDay)
            {
                writer.Write("<span class=\"cal-time\">");
                encoder.Encode(writer, e.StartLocal.ToString("t"));
                writer.Write("</span> ");
            }
            writer.Write("<span class=\"cal-type\">");
            encoder.Encode(writer, html.Label(e));
            writer.Write(":</span> ");
            encoder.Encode(writer, e.Title);
            if (e.Overdue)
            {
                writer.Write("<span class=\"visually-hidden\"> (");
                encoder.Encode(writer, html._overdue);
                writer.Write(")</span>");
            }
            writer.Write("</a>");
        }
    }
}
