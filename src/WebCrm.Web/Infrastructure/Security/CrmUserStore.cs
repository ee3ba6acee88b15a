using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Data.Identity;

namespace WebCrm.Web.Infrastructure.Security;

/// <summary>
/// Identity's EF user store, with the authenticator key encrypted and the recovery codes hashed in AspNetUserTokens
/// (<see cref="TwoFactorSecrets"/>). Every other token and everything else is Identity's own behaviour.
/// </summary>
public sealed class CrmUserStore(CrmDbContext context, TwoFactorSecrets secrets, IdentityErrorDescriber? describer = null)
    : UserStore<AppUser, IdentityRole, CrmDbContext>(context, describer)
{
    private static bool IsKey(string loginProvider, string name) =>
        loginProvider == TwoFactorSecrets.StoreProvider && name == TwoFactorSecrets.KeyToken;

    public override Task SetTokenAsync(AppUser user, string loginProvider, string name, string? value, CancellationToken cancellationToken)
        => base.SetTokenAsync(user, loginProvider, name, IsKey(loginProvider, name) && value is not null ? secrets.ProtectKey(value) : value, cancellationToken);

    public override async Task<string?> GetTokenAsync(AppUser user, string loginProvider, string name, CancellationToken cancellationToken)
    {
        var value = await base.GetTokenAsync(user, loginProvider, name, cancellationToken);
        return IsKey(loginProvider, name) ? secrets.UnprotectKey(value) : value;
    }

    public override Task ReplaceCodesAsync(AppUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken)
        => base.SetTokenAsync(user, TwoFactorSecrets.StoreProvider, TwoFactorSecrets.CodesToken, TwoFactorSecrets.HashCodes(recoveryCodes), cancellationToken);

    public override async Task<bool> RedeemCodeAsync(AppUser user, string code, CancellationToken cancellationToken)
    {
        var stored = await base.GetTokenAsync(user, TwoFactorSecrets.StoreProvider, TwoFactorSecrets.CodesToken, cancellationToken);
        var (redeemed, remaining) = TwoFactorSecrets.Redeem(stored, code);
        if (redeemed)
        {
            await base.SetTokenAsync(user, TwoFactorSecrets.StoreProvider, TwoFactorSecrets.CodesToken, remaining, cancellationToken);
        }
        return redeemed;
    }

    public override async Task<int> CountCodesAsync(AppUser user, CancellationToken cancellationToken)
        => TwoFactorSecrets.Count(await base.GetTokenAsync(user, TwoFactorSecrets.StoreProvider, TwoFactorSecrets.CodesToken, cancellationToken));
}

/// <summary>
/// Rewrites the authenticator keys and recovery codes stored in plain text (before <see cref="TwoFactorSecrets"/>) into
/// their encrypted and hashed forms, so enrolled users keep signing in with their app and their codes. Runs at startup;
/// it touches only plain values, so two nodes starting together do no harm.
/// </summary>
public sealed class TwoFactorSecretsMigration(CrmDbContext db, TwoFactorSecrets secrets)
{
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        var tokens = await db.UserTokens
            .Where(t => t.LoginProvider == TwoFactorSecrets.StoreProvider && (t.Name == TwoFactorSecrets.KeyToken || t.Name == TwoFactorSecrets.CodesToken))
            .ToListAsync(ct);
        var changed = 0;
        foreach (var token in tokens)
        {
            if (token.Name == TwoFactorSecrets.KeyToken && !string.IsNullOrEmpty(token.Value) && !TwoFactorSecrets.IsProtectedKey(token.Value))
            {
                token.Value = secrets.ProtectKey(token.Value);
                changed++;
            }
            else if (token.Name == TwoFactorSecrets.CodesToken && !string.IsNullOrEmpty(token.Value) && !TwoFactorSecrets.IsHashedCodes(token.Value))
            {
                token.Value = TwoFactorSecrets.HashCodes(token.Value.Split(';', StringSplitOptions.RemoveEmptyEntries));
                changed++;
            }
        }
        if (changed > 0)
        {
            await db.SaveChangesAsync(ct);
        }
        return changed;
    }
}
