using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Administration;
using WebCrm.Web.Infrastructure.Security;

namespace WebCrm.Web.Features.Administration.Security;

/// <summary>The administrator's two-factor policy form.</summary>
public sealed class SecuritySettingsInput
{
    public bool TwoFactorForAdministrators { get; set; }
    public bool TwoFactorForDirectors { get; set; }
    public Guid? Stamp { get; set; }
}

/// <summary>Reads and changes the <see cref="SecurityPolicy"/>; a change is recorded in the security log.</summary>
public sealed class SecuritySettings(CrmDbContext db, SecurityLog log)
{
    public async Task<SecuritySettingsInput> GetAsync(CancellationToken ct)
    {
        var policy = await db.SecurityPolicies.AsNoTracking().OrderBy(p => p.Id).FirstOrDefaultAsync(ct) ?? new SecurityPolicy();
        return new SecuritySettingsInput
        {
            TwoFactorForAdministrators = policy.TwoFactorForAdministrators, TwoFactorForDirectors = policy.TwoFactorForDirectors,
            Stamp = policy.Id == 0 ? null : policy.ConcurrencyStamp,
        };
    }

    /// <summary>Saves the policy; false when someone else changed it since the form was shown.</summary>
    public async Task<bool> SaveAsync(SecuritySettingsInput input)
    {
        var policy = await db.SecurityPolicies.OrderBy(p => p.Id).FirstOrDefaultAsync();
        if (policy is null)
        {
            policy = new SecurityPolicy();
            db.SecurityPolicies.Add(policy);
        }
        else if (policy.ConcurrencyStamp != input.Stamp)
        {
            return false;
        }
        policy.TwoFactorForAdministrators = input.TwoFactorForAdministrators;
        policy.TwoFactorForDirectors = input.TwoFactorForDirectors;
        log.Add(SecurityEventKind.PolicyChanged, null, null,
            $"two-factor-administrators={(input.TwoFactorForAdministrators ? "on" : "off")} two-factor-directors={(input.TwoFactorForDirectors ? "on" : "off")}");
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // Another administrator saved the policy (or created its row) at the same moment.
            return false;
        }
        return true;
    }
}
