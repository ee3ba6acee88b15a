using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity;
using QRCoder;
using WebCrm.Data.Identity;
using WebCrm.Domain.Administration;
using WebCrm.Web.Infrastructure.Security;

namespace WebCrm.Web.Features.Account;

/// <summary>The result of a second-factor step.</summary>
public enum TwoFactorOutcome { SignedIn, WrongCode, LockedOut, Expired }

/// <summary>
/// Two-factor sign-in with an authenticator app (TOTP, <see cref="TotpTokenProvider"/>): the second sign-in step with a
/// code or a recovery code (each usable once), "remember this device", enrolment with a QR code, new recovery codes,
/// switching it off (not while the policy obliges the user), each recorded in the security log.
/// </summary>
public sealed class TwoFactor(SignInManager<AppUser> signIn, UserManager<AppUser> users, TwoFactorPolicy policy, SecurityLog log)
{
    public const int RecoveryCodeCount = 10;
    private const string Issuer = "WebCrm";

    public async Task<TwoFactorOutcome> SignInAsync(TwoFactorInput input, bool recovery)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return TwoFactorOutcome.Expired;
        }
        var code = input.Code!.Replace(" ", "", StringComparison.Ordinal);
        var result = recovery
            ? await signIn.TwoFactorRecoveryCodeSignInAsync(code)
            : await signIn.TwoFactorAuthenticatorSignInAsync(code, input.RememberMe, input.RememberDevice);
        var by = (user.Id, user.UserName);
        if (result.Succeeded)
        {
            if (recovery)
            {
                log.Add(SecurityEventKind.RecoveryCodeUsed, user.Id, user.UserName, "left=" + await users.CountRecoveryCodesAsync(user), by);
            }
            await log.RecordAsync(SecurityEventKind.SignedIn, user.Id, user.UserName,
                recovery ? "method=recovery-code" : input.RememberDevice ? "method=authenticator-remember-device" : "method=authenticator", by);
            return TwoFactorOutcome.SignedIn;
        }
        await log.RecordAsync(result.IsLockedOut ? SecurityEventKind.LockedOut : SecurityEventKind.TwoFactorFailed, user.Id, user.UserName,
            recovery ? "reason=wrong-recovery-code" : "reason=wrong-code", (null, null));
        return result.IsLockedOut ? TwoFactorOutcome.LockedOut : TwoFactorOutcome.WrongCode;
    }

    public async Task<TwoFactorStatus?> StatusAsync(ClaimsPrincipal principal)
    {
        var user = await users.GetUserAsync(principal);
        return user is null ? null
            : new TwoFactorStatus(user.TwoFactorEnabled, await policy.RequiredForAsync(user), user.TwoFactorEnabled ? await users.CountRecoveryCodesAsync(user) : 0);
    }

    /// <summary>The key to enrol with (a new one unless an unconfirmed one is waiting); null when already enrolled.</summary>
    public async Task<TwoFactorEnrolment?> EnrolmentAsync(ClaimsPrincipal principal)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null || user.TwoFactorEnabled)
        {
            return null;
        }
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            // Stored where Identity keeps it, without ResetAuthenticatorKeyAsync's new security stamp: an unconfirmed key
            // changes nothing yet, and a new stamp would sign this very browser out at the next check.
            key = users.GenerateNewAuthenticatorKey();
            await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", key);
        }
        var uri = $"otpauth://totp/{UrlEncoder.Default.Encode(Issuer)}:{UrlEncoder.Default.Encode(user.UserName!)}?secret={key}&issuer={UrlEncoder.Default.Encode(Issuer)}&digits=6";
        using var data = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var png = Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(5));
        return new TwoFactorEnrolment(key!, png, await policy.RequiredForAsync(user));
    }

    /// <summary>Confirms enrolment with a code from the app; answers the recovery codes (shown once), null for a wrong code.</summary>
    public async Task<IReadOnlyList<string>?> EnableAsync(ClaimsPrincipal principal, string code)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null || user.TwoFactorEnabled || !await VerifyAsync(user, code))
        {
            return null;
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();
        await log.RecordAsync(SecurityEventKind.TwoFactorEnabled, user.Id, user.UserName);
        // The new principal no longer carries the enrolment claim; this browser keeps its session.
        await signIn.RefreshSignInAsync(user);
        return codes;
    }

    /// <summary>New recovery codes replace the old ones, confirmed with a code from the app.</summary>
    public async Task<IReadOnlyList<string>?> RenewRecoveryCodesAsync(ClaimsPrincipal principal, string code)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null || !user.TwoFactorEnabled || !await VerifyAsync(user, code))
        {
            return null;
        }
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();
        await log.RecordAsync(SecurityEventKind.RecoveryCodesRenewed, user.Id, user.UserName);
        return codes;
    }

    /// <summary>Switches two-factor sign-in off (a code from the app confirms it); refused while the policy requires it.</summary>
    public async Task<bool> DisableAsync(ClaimsPrincipal principal, string code)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null || !user.TwoFactorEnabled || await policy.RequiredForAsync(user) || !await VerifyAsync(user, code))
        {
            return false;
        }
        await ClearAsync(user);
        await log.RecordAsync(SecurityEventKind.TwoFactorDisabled, user.Id, user.UserName);
        await signIn.RefreshSignInAsync(user);
        return true;
    }

    /// <summary>An administrator removes a user's authenticator and recovery codes (he enrols again); false for an unknown user.</summary>
    public async Task<bool> ResetAsync(string userId)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return false;
        }
        await ClearAsync(user);
        await log.RecordAsync(SecurityEventKind.TwoFactorReset, user.Id, user.UserName);
        return true;
    }

    private async Task ClearAsync(AppUser user)
    {
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.RemoveAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey");
        await users.RemoveAuthenticationTokenAsync(user, "[AspNetUserStore]", "RecoveryCodes");
        await users.RemoveAuthenticationTokenAsync(user, TotpTokenProvider.LoginProvider, TotpTokenProvider.LastStepToken);
        // A new stamp forgets every "remembered device" and, at the next check, every session's old principal.
        await users.UpdateSecurityStampAsync(user);
    }

    private Task<bool> VerifyAsync(AppUser user, string code) =>
        users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code.Replace(" ", "", StringComparison.Ordinal));
}
