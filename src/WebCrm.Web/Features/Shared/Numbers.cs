using System.Globalization;
using System.Text;

namespace WebCrm.Web.Features.Shared;

/// <summary>
/// Numbers and dates as users type them. Every number and money input and filter reads through
/// <see cref="TryParseDecimal"/> (model binding of decimals too, <see cref="Infrastructure.Web.DecimalModelBinder"/>);
/// dates as ISO (what date inputs post) or in the user's culture.
/// </summary>
public static class Numbers
{
    /// <summary>The spaces people and cultures put between thousands: space, no-break, narrow no-break, thin, figure.</summary>
    private static bool IsGroupSpace(char c) => c is ' ' or '\u00A0' or '\u202F' or '\u2009' or '\u2007';

    /// <summary>The message for a value that is not a number (its argument: what was typed).</summary>
    public const string NotANumber = "\"{0}\" is not a number. Type it like 1 000,50 or 1000.50.";

    public static decimal? Parse(string? text) => TryParseDecimal(text, out var v) ? v : null;

    /// <summary>
    /// Reads a number the way a Russian user means it, and an English one too: "1 000,50", "1000,50", "1000.50",
    /// "1 000", "1,000.50", "1.000,50" (any of the thousands spaces). One comma or one dot is the decimal separator;
    /// when both occur, the last one is and the other groups thousands; several of the same one group thousands.
    /// Thousands groups must have three digits ("10 00" is not a number). A leading minus (also "−") or plus is
    /// accepted. Anything else — letters, two decimal separators, misplaced groups, overflow — is not a number.
    /// </summary>
    public static bool TryParseDecimal(string? s, out decimal value)
    {
        value = 0;
        var text = s?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        var negative = false;
        if (text[0] is '-' or '\u2212' or '+')
        {
            negative = text[0] != '+';
            text = text[1..].TrimStart();
        }
        var commas = text.Count(c => c == ',');
        var dots = text.Count(c => c == '.');
        char? decimalSeparator = null;
        char? groupSeparator = null;
        if (commas > 0 && dots > 0)
        {
            decimalSeparator = text.LastIndexOf(',') > text.LastIndexOf('.') ? ',' : '.';
            groupSeparator = decimalSeparator == ',' ? '.' : ',';
            if ((decimalSeparator == ',' ? commas : dots) != 1)
            {
                return false;
            }
        }
        else if (commas == 1 || dots == 1)
        {
            decimalSeparator = commas == 1 ? ',' : '.';
        }
        else if (commas > 1 || dots > 1)
        {
            groupSeparator = commas > 1 ? ',' : '.';
        }
        var cut = decimalSeparator is { } ds ? text.LastIndexOf(ds) : -1;
        var integerPart = cut >= 0 ? text[..cut] : text;
        var fraction = cut >= 0 ? text[(cut + 1)..] : "";
        if (cut >= 0 && (fraction.Length == 0 || !fraction.All(char.IsAsciiDigit)))
        {
            return false;
        }
        var digits = Digits(integerPart, groupSeparator);
        if (digits is null || (digits.Length == 0 && fraction.Length == 0))
        {
            return false;
        }
        var normal = (negative ? "-" : "") + (digits.Length == 0 ? "0" : digits) + (fraction.Length > 0 ? "." + fraction : "");
        return decimal.TryParse(normal, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>The integer part's digits without its thousands separators, or null when the grouping is not one.</summary>
    private static string? Digits(string integerPart, char? groupSeparator)
    {
        var groups = new List<StringBuilder> { new() };
        foreach (var c in integerPart)
        {
            if (char.IsAsciiDigit(c))
            {
                groups[^1].Append(c);
            }
            else if (IsGroupSpace(c) || c == groupSeparator)
            {
                if (groups[^1].Length == 0)
                {
                    return null;
                }
                groups.Add(new StringBuilder());
            }
            else
            {
                return null;
            }
        }
        if (groups.Count > 1 && (groups[0].Length > 3 || groups.Skip(1).Any(g => g.Length != 3)))
        {
            return null;
        }
        return string.Concat(groups);
    }

    public static bool TryParseDate(string? s, out DateOnly value) =>
        DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value)
        || DateOnly.TryParse(s, CultureInfo.CurrentCulture, DateTimeStyles.None, out value);

    /// <summary>Today in the server's time zone: the date deadlines, rates and "overdue" are judged against.</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
}
