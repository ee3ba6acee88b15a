using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WebCrm.Domain.Administration;

namespace WebCrm.Data.Configurations;

public sealed class SecurityPolicyConfiguration : IEntityTypeConfiguration<SecurityPolicy>
{
    public void Configure(EntityTypeBuilder<SecurityPolicy> builder)
    {
        builder.ToTable("SecurityPolicies");
        builder.Property(p => p.TwoFactorTemplates).HasMaxLength(400);
        builder.Ignore(p => p.TwoFactorTemplateKeys);
    }
}
