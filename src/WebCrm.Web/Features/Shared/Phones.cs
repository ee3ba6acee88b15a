namespace WebCrm.Web.Features.Shared;

/// <summary>Phone numbers as <c>tel:</c> links: the digits and a leading plus, as a phone dials them.</summary>
public static class Phones
{
    public static string Dial(string phone)
    {
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        return phone.TrimStart().StartsWith('+') ? "+" + digits : digits;
    }
}
