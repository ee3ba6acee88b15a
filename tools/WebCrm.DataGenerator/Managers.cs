using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Data.Identity;
using WebCrm.Data.Seeding;
using WebCrm.Domain.Security;

namespace WebCrm.DataGenerator;

/// <summary>The users who own generated companies.</summary>
public static class Managers
{
    public const string Password = IdentitySeeder.DemoPassword;

    /// <summary>
    /// Creates the missing gen-manager-NN users (Manager template rights, the demo password) the way Identity's
    /// UserManager stores them, and returns their ids plus those of the demo managers and director when present.
    /// </summary>
    public static async Task<IReadOnlyList<string>> EnsureAsync(CrmDbContext db, int count)
    {
        var names = Enumerable.Range(1, count).Select(i => $"gen-manager-{i:D2}").ToList();
        var wanted = names.Concat(DemoDataSeeder.ResponsibleUserNames).ToList();
        var present = await db.Users.Where(u => wanted.Contains(u.UserName!)).ToDictionaryAsync(u => u.UserName!, u => u.Id);
        var hasher = new PasswordHasher<AppUser>();
        var normalizer = new UpperInvariantLookupNormalizer();
        foreach (var (name, index) in names.Select((n, i) => (n, i + 1)))
        {
            if (present.ContainsKey(name))
            {
                continue;
            }
            var email = $"{name}@scale.webcrm.local";
            var user = new AppUser
            {
                UserName = name,
                NormalizedUserName = normalizer.NormalizeName(name),
                Email = email,
                NormalizedEmail = normalizer.NormalizeEmail(email),
                EmailConfirmed = true,
                DisplayName = $"Менеджер {index:D2} (тестовые данные)",
                SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant(),
                LockoutEnabled = true,
                CreatedAtUtc = DateTime.UtcNow,
            };
            user.PasswordHash = hasher.HashPassword(user, Password);
            db.Users.Add(user);
            db.UserClaims.AddRange(RoleTemplates.Manager.Permissions.Select(p =>
                new IdentityUserClaim<string> { UserId = user.Id, ClaimType = Permissions.ClaimType, ClaimValue = p }));
            present[name] = user.Id;
        }
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        return wanted.Where(present.ContainsKey).Select(n => present[n]).ToList();
    }
}
