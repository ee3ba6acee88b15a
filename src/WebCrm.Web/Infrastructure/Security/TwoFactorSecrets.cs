using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace WebCrm.Web.Infrastructure.Security;

/// <summary>
/// How the second factor's secrets are kept in AspNetUserTokens. The authenticator key must be read back to check a code,
/// so it is encrypted with ASP.NET Core Data Protection (whose key ring is itself encrypted with a certificate when
/// Security:DataProtectionCertificate is set). Recovery codes are only ever compared, so they are kept as salted PBKDF2
/// hashes, like passwords: a copy of the table gives neither the key nor a code. Values written before this (plain text)
/// are still read, and <see cref="TwoFactorSecretsMigration"/> rewrites them at startup.
/// </summary>
public sealed class TwoFactorSecrets(IDataProtectionProvider protection)
{
    public const string StoreProvider = "[AspNetUserStore]";
    public const string KeyToken = "AuthenticatorKey";
    public const string CodesToken = "RecoveryCodes";
    private const string KeyPrefix = "dp1:";
    private const string CodesPrefix = "pbkdf2-sha256;";
    private const int Iterations = 20_000;
    private const int HashBytes = 32;

    private readonly IDataProtector _protector = protection.CreateProtector("WebCrm.TwoFactor.AuthenticatorKey.v1");

    public static bool IsProtectedKey(string? stored) => stored is not null && stored.StartsWith(KeyPrefix, StringComparison.Ordinal);

    public static bool IsHashedCodes(string? stored) => stored is not null && stored.StartsWith(CodesPrefix, StringComparison.Ordinal);

    public string ProtectKey(string key) => KeyPrefix + _protector.Protect(key);

    /// <summary>The key as the app uses it; a value stored before encryption came in is taken as it is.</summary>
    public string? UnprotectKey(string? stored) =>
        stored is null || !IsProtectedKey(stored) ? stored : _protector.Unprotect(stored[KeyPrefix.Length..]);

    /// <summary>One salt for the user's set (so a code is checked with one derivation), one hash per code.</summary>
    public static string HashCodes(IEnumerable<string> codes)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hashes = codes.Select(c => Convert.ToBase64String(Hash(c, salt))).ToList();
        return hashes.Count == 0 ? "" : CodesPrefix + Convert.ToBase64String(salt) + ";" + string.Join(";", hashes);
    }

    public static int Count(string? stored)
    {
        if (string.IsNullOrEmpty(stored))
        {
            return 0;
        }
        var parts = stored.Split(';');
        return IsHashedCodes(stored) ? parts.Length - 2 : parts.Length;
    }

    /// <summary>Whether the code is one of the stored ones; if so, what to store without it.</summary>
    public static (bool Redeemed, string Remaining) Redeem(string? stored, string code)
    {
        if (string.IsNullOrEmpty(stored) || string.IsNullOrWhiteSpace(code))
        {
            return (false, stored ?? "");
        }
        if (!IsHashedCodes(stored))
        {
            // Plain codes from before hashing: compared as Identity did, the rest stored hashed from now on.
            var plain = stored.Split(';').ToList();
            var index = plain.FindIndex(c => FixedTimeEquals(Normalize(c), Normalize(code)));
            if (index < 0)
            {
                return (false, stored);
            }
            plain.RemoveAt(index);
            return (true, HashCodes(plain));
        }
        var parts = stored.Split(';');
        var salt = Convert.FromBase64String(parts[1]);
        var hash = Hash(code, salt);
        var found = -1;
        for (var i = 2; i < parts.Length; i++)
        {
            // Every stored hash is compared, so the time does not tell which one matched.
            if (CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(parts[i]), hash) && found < 0)
            {
                found = i;
            }
        }
        if (found < 0)
        {
            return (false, stored);
        }
        var left = parts.Where((_, i) => i != found).ToArray();
        return (true, left.Length <= 2 ? "" : string.Join(";", left));
    }

    /// <summary>Upper case, no spaces: a code typed in lower case or with spaces still matches.</summary>
    private static string Normalize(string code) => code.Replace(" ", "", StringComparison.Ordinal).Trim().ToUpperInvariant();

    private static byte[] Hash(string code, byte[] salt) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(Normalize(code)), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
