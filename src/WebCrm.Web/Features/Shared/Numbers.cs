using System.Globalization;

namespace WebCrm.Web.Features.Shared;

/// <summary>
/// Numbers and dates as users type them: amounts are posted as text so both "1 250,50" and "1250.50" are accepted
/// in either language; dates as ISO (what date inputs post) or in the user's culture.
/// </summary>
public static class Numbers
{
    public static decimal? Parse(string? text) => TryParseDecimal(text, out var v) ? v : null;

    public static bool TryParseDecimal(string? s, out decimal value) =>
        decimal.TryParse(s?.Replace(',', '.').Replace(" ", "").Replace("\u00A0", ""), NumberStyles.Number, CultureInfo.InvariantCulture, out value);

    public static bool TryParseDate(string? s, out DateOnly value) =>
        DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value)
        || DateOnly.TryParse(s, CultureInfo.CurrentCulture, DateTimeStyles.None, out value);

    /// <summary>Today in the server's time zone: the date deadlines, rates and "overdue" are judged against.</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
}
