using System.Globalization;

namespace WebCrm.Web.Features.Shared;

/// <summary>Dates written out in the user's culture inside sentences.</summary>
public static partial class Dates
{
    /// <summary>
    /// The long date without the Russian "г." abbreviation ("1 декабря 2026", "Tuesday, December 1, 2026"), so a
    /// sentence ending after it gets one dot, not "2026 г..".
    /// </summary>
    public static string Long(DateOnly date)
    {
        var pattern = YearMark().Replace(CultureInfo.CurrentCulture.DateTimeFormat.LongDatePattern, "");
        return date.ToString(pattern, CultureInfo.CurrentCulture);
    }

    /// <summary>" г." after the year, quoted or not (ICU and Windows spell the Russian pattern differently).</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\s*'?г'?\.?'?$")]
    private static partial System.Text.RegularExpressions.Regex YearMark();
}
