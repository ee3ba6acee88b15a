using System.Globalization;
using Microsoft.Extensions.Localization;

namespace WebCrm.Web.Infrastructure.Localization;

/// <summary>
/// Plural forms through the localizer. A plural text holds its forms separated by "|": English "one|other"
/// ("{0} licence|{0} licences"), Russian "one|few|many" ("{0} лицензия|{0} лицензии|{0} лицензий"). The form is
/// chosen by the language's rule for the count; the count is argument {0}, further arguments follow it.
/// </summary>
public static class Plurals
{
    /// <summary>The index of the form for <paramref name="count"/>: 0 = one, 1 = few, 2 = many (CLDR's Russian rule for integers).</summary>
    public static int RussianForm(long count)
    {
        var n = Math.Abs(count);
        var last = n % 10;
        var lastTwo = n % 100;
        if (last == 1 && lastTwo != 11)
        {
            return 0;
        }
        return last is >= 2 and <= 4 && lastTwo is < 12 or > 14 ? 1 : 2;
    }

    /// <summary>The index of the form in a text with <paramref name="forms"/> forms, for the language.</summary>
    public static int FormIndex(string language, decimal count, int forms)
    {
        if (forms <= 1)
        {
            return 0;
        }
        var whole = decimal.Truncate(count) == count;
        int index;
        if (language == "ru")
        {
            // A fraction takes the "few" form in Russian ("1,5 лицензии").
            index = whole ? RussianForm((long)count) : 1;
        }
        else
        {
            index = count == 1 ? 0 : 1;
        }
        return Math.Min(index, forms - 1);
    }

    /// <summary>Picks the form of a "|"-separated text for the count.</summary>
    public static string Choose(string text, string language, decimal count)
    {
        var forms = text.Split('|');
        return forms[FormIndex(language, count, forms.Length)];
    }

    /// <summary>With the text "{0} лицензия|{0} лицензии|{0} лицензий", a count of 3 gives "3 лицензии".</summary>
    public static string Plural(this IStringLocalizer localizer, string key, decimal count, params object[] more)
    {
        var text = localizer[key];
        var form = Choose(text.Value, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName, count);
        var number = decimal.Truncate(count) == count ? count.ToString("N0", CultureInfo.CurrentCulture) : count.ToString("0.####", CultureInfo.CurrentCulture);
        return string.Format(CultureInfo.CurrentCulture, form, [number, .. more]);
    }
}
