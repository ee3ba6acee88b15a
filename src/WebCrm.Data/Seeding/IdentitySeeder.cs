using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data.Identity;
using WebCrm.Domain.Security;

namespace WebCrm.Data.Seeding;

public sealed record BootstrapAdministrator(string? UserName, string? Email, string? Password);

/// <summary>Creates the users a fresh database needs: demo users in Development, the first administrator in Production.</summary>
public sealed class IdentitySeeder(UserManager<AppUser> users, CrmDbContext db, TimeProvider clock)
{
    public const string DemoPassword = "demo-crm-2026";

    public static IReadOnlyList<(string UserName, string DisplayName, RoleTemplate Template)> DemoUsers { get; } =
    [
        ("admin", "Администратор", RoleTemplates.Administrator),
        ("director", "Ирина Директорова", RoleTemplates.Director),
        ("manager1", "Пётр Продажин", RoleTemplates.Manager),
        ("manager2", "Анна Сделкина", RoleTemplates.Manager),
        ("support", "Олег Помощников", RoleTemplates.Support),
    ];

    public async Task SeedDemoUsersAsync(CancellationToken ct = default)
    {
        foreach (var (userName, displayName, template) in DemoUsers)
        {
            if (await users.FindByNameAsync(userName) is null)
            {
                await CreateAsync(userName, $"{userName}@demo.webcrm.local", displayName, DemoPassword, template, ct);
            }
        }
    }

    /// <summary>
    /// On an empty user table, creates the administrator described by configuration; refuses to continue
    /// without one, because nobody could sign in to create users.
    /// </summary>
    public async Task EnsureAdministratorAsync(BootstrapAdministrator bootstrap, CancellationToken ct = default)
    {
        if (await db.Users.AnyAsync(ct))
        {
            return;
        }
        if (string.IsNullOrWhiteSpace(bootstrap.UserName) || string.IsNullOrWhiteSpace(bootstrap.Password))
        {
            throw new InvalidOperationException(
                "The database has no users. Set Bootstrap__AdminUserName, Bootstrap__AdminEmail and Bootstrap__AdminPassword " +
                "to create the first administrator.");
        }
        await CreateAsync(bootstrap.UserName, bootstrap.Email, bootstrap.UserName, bootstrap.Password, RoleTemplates.Administrator, ct);
    }

    private async Task CreateAsync(string userName, string? email, string displayName, string password, RoleTemplate template, CancellationToken ct)
    {
        var user = new AppUser
        {
            UserName = userName,
            Email = email,
            EmailConfirmed = true,
            DisplayName = displayName,
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
            RightsTemplate = template.Key,
        };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create user '{userName}': " +
                string.Join("; ", result.Errors.Select(e => e.Description)));
        }
        await users.AddClaimsAsync(user, template.Permissions.Select(p => new Claim(Permissions.ClaimType, p)));
        ct.ThrowIfCancellationRequested();
    }
}
