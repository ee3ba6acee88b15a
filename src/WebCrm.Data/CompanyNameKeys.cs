namespace WebCrm.Data;

/// <summary>
/// Fills <c>Companies.NameKey</c> for rows written before the column existed, in SQL (a million rows at once). The key is
/// the name trimmed and lower-cased exactly as the search text does it, and the search text begins with that very name
/// part ("name legal-name inn …"), so the key is the search text's first as many characters as the trimmed name has.
/// Only the trimming is done by the database: the characters below are those .NET's <c>string.Trim()</c> removes
/// (<c>char.IsWhiteSpace</c>), and lower-casing, which the database would do by its own locale, is not repeated.
/// </summary>
public static class CompanyNameKeys
{
    private const string WhiteSpace = "\u0009\u000A\u000B\u000C\u000D\u0020\u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
        + "\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000";

    public const string FillPostgreSql =
        "UPDATE \"Companies\" SET \"NameKey\" = substr(\"SearchText\", 1, char_length(btrim(\"Name\", '" + WhiteSpace + "')));";

    public const string FillSqlite =
        "UPDATE \"Companies\" SET \"NameKey\" = substr(\"SearchText\", 1, length(trim(\"Name\", '" + WhiteSpace + "')));";
}
