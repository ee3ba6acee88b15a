using System.Security.Cryptography;

namespace WebCrm.FunctionalTests.Infrastructure;

/// <summary>
/// The tests' own TOTP (RFC 6238 over RFC 4226: HMAC-SHA1 of the 30-second step counter, dynamic truncation, 6 digits)
/// and Base32 (RFC 4648), written from the RFCs and independent of the app's Otp.NET, to compute what an authenticator
/// app would show for a shared key.
/// </summary>
public static class Rfc6238
{
    public static long StepOf(DateTimeOffset time) => time.ToUnixTimeSeconds() / 30;

    public static long CurrentStep => StepOf(DateTimeOffset.UtcNow);

    public static string Code(string base32Key, long step)
    {
        var counter = new byte[8];
        for (var i = 7; i >= 0; i--, step >>= 8)
        {
            counter[i] = (byte)(step & 0xFF);
        }
        var hash = HMACSHA1.HashData(Base32(base32Key), counter);
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    public static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var clean = text.Replace(" ", "", StringComparison.Ordinal).TrimEnd('=').ToUpperInvariant();
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in clean)
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)((buffer >> bits) & 0xFF));
            }
        }
        return [.. bytes];
    }
}
