using System.Text;

namespace WebCrm.Web.Infrastructure.Web;

/// <summary>
/// Where a "return to" parameter may send the browser: a local path only, with every non-ASCII character
/// percent-encoded (a Location header carries ASCII alone; /клиенты would otherwise end the request with a 500).
/// Anything else — another host, a scheme-relative URL, control characters — becomes "/".
/// </summary>
public static class LocalUrls
{
    public static string Safe(string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > 2048 || url[0] != '/' || url.StartsWith("//", StringComparison.Ordinal)
            || url.StartsWith("/\\", StringComparison.Ordinal))
        {
            return "/";
        }
        var result = new StringBuilder(url.Length + 16);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in url.EnumerateRunes())
        {
            if (rune.Value < 0x20 || rune.Value == 0x7F || rune.Value == '\\')
            {
                return "/";
            }
            if (rune.IsAscii)
            {
                result.Append((char)rune.Value);
                continue;
            }
            var length = rune.EncodeToUtf8(bytes);
            foreach (var b in bytes[..length])
            {
                result.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return result.ToString();
    }
}
