using System.Globalization;
using Microsoft.AspNetCore.Identity;
using OtpNet;
using WebCrm.Data.Identity;

namespace WebCrm.Web.Infrastructure.Security;

/// <summary>
/// The authenticator-app provider (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits) behind Identity's two-factor sign-in,
/// with the key Identity keeps for the user. Unlike Identity's own provider a code is accepted only once: the time step
/// it matched is stored, and a code of that step or an earlier one is refused, so an overheard code cannot be replayed.
/// One step of clock drift either way is accepted.
/// </summary>
public sealed class TotpTokenProvider(TimeProvider clock) : IUserTwoFactorTokenProvider<AppUser>
{
    public const string LoginProvider = "[WebCrm]";
    public const string LastStepToken = "LastTotpStep";

    public Task<string> GenerateAsync(string purpose, UserManager<AppUser> manager, AppUser user) => Task.FromResult("");

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<AppUser> manager, AppUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        var code = token.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (string.IsNullOrEmpty(key) || code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return false;
        }
        var totp = new Totp(Base32Encoding.ToBytes(key));
        if (!totp.VerifyTotp(clock.GetUtcNow().UtcDateTime, code, out var step, new VerificationWindow(previous: 1, future: 1)))
        {
            return false;
        }
        var last = await manager.GetAuthenticationTokenAsync(user, LoginProvider, LastStepToken);
        if (long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var lastStep) && step <= lastStep)
        {
            return false;
        }
        await manager.SetAuthenticationTokenAsync(user, LoginProvider, LastStepToken, step.ToString(CultureInfo.InvariantCulture));
        return true;
    }

    /// <summary>Whether the user may use this provider: he has an authenticator key.</summary>
    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<AppUser> manager, AppUser user) =>
        !string.IsNullOrEmpty(await manager.GetAuthenticatorKeyAsync(user));
}
