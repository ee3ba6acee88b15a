using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Administration;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Security;

namespace WebCrm.Web.Features.Administration.Security;

/// <summary>The administrator's two-factor policy form: the templates whose users must use two-factor sign-in.</summary>
public sealed class SecuritySettingsInput
{
    public List<string> TwoFactorTemplates { get; set; } = [];
    public Guid? Stamp { get; set; }
    public IReadOnlyList<RoleTemplate> Templates => RoleTemplates.All;
}

/// <summary>Reads and changes the <see cref="SecurityPolicy"/>; a change is recorded in the security log.</summary>
public sealed class SecuritySettings(CrmDbContext db, SecurityLog log)
{
    public async Task<SecuritySettingsInput> GetAsync(CancellationToken ct)
    {
        var policy = await db.SecurityPolicies.AsNoTracking().OrderBy(p => p.Id).FirstOrDefaultAsync(ct) ?? new SecurityPolicy();
        return new SecuritySettingsInput
        {
            TwoFactorTemplates = [.. policy.TwoFactorTemplateKeys],
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
        policy.SetTwoFactorTemplates(input.TwoFactorTemplates);
        log.Add(SecurityEventKind.PolicyChanged, null, null,
            "two-factor-templates=" + (policy.TwoFactorTemplates.Length == 0 ? "none" : policy.TwoFactorTemplates.Replace(';', ',')));
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
