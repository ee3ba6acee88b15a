using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Data.Auditing;
using WebCrm.Data.Identity;
using WebCrm.Domain.Administration;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Localization;

using WebCrm.Web.Infrastructure.Security;

namespace WebCrm.Web.Features.Administration.Users;

/// <summary>
/// Users and their rights. Every change of rights goes through <see cref="ReplaceRightsAsync"/>, which keeps
/// the last administrator, marks the user changed (so a stale rights form is refused) and records who did it.
/// </summary>
public sealed class UsersService(
    CrmDbContext db,
    UserManager<AppUser> users,
    SignInManager<AppUser> signIn,
    ICurrentUser actor,
    TimeProvider clock,
    RightsPreviews previews,
    SecurityLog log,
    TwoFactorPolicy twoFactorPolicy,
    IStringLocalizer<SharedResource> l)
{
    public Task<List<UserRow>> ListAsync(CancellationToken ct) =>
        db.Users.AsNoTracking()
            .OrderBy(u => u.UserName)
            .Select(u => new UserRow(u.Id, u.UserName!, u.DisplayName, u.Email, u.IsDisabled, u.LockoutEnd,
                db.UserClaims.Count(c => c.UserId == u.Id && c.ClaimType == Permissions.ClaimType), u.TwoFactorEnabled))
            .ToListAsync(ct);

    public async Task<UserRightsViewModel?> GetRightsAsync(string id, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return null;
        }
        var granted = await GrantedAsync(id, ct);
        var others = await db.Users.AsNoTracking().Where(u => u.Id != id).OrderBy(u => u.UserName)
            .Select(u => new UserOption(u.Id, u.UserName + " — " + u.DisplayName)).ToListAsync(ct);
        var history = await previews.HistoryAsync(id, ct);
        return new UserRightsViewModel
        {
            Id = user.Id,
            UserName = user.UserName!,
            DisplayName = user.DisplayName,
            IsDisabled = user.IsDisabled,
            TwoFactorEnabled = user.TwoFactorEnabled,
            RightsTemplate = user.RightsTemplate,
            TwoFactorRequired = await twoFactorPolicy.RequiredForAsync(user, ct),
            Stamp = user.ConcurrencyStamp!,
            Granted = granted,
            OtherUsers = others,
            History = history,
        };
    }

    public async Task<Result<string>> CreateAsync(CreateUserInput input)
    {
        var template = string.IsNullOrEmpty(input.Template) ? null : RoleTemplates.Find(input.Template);
        var user = new AppUser
        {
            UserName = input.UserName!.Trim(),
            DisplayName = input.DisplayName!.Trim(),
            Email = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim(),
            EmailConfirmed = true,
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
            RightsTemplate = template?.Key,
        };
        await using var tx = await db.Database.BeginTransactionAsync();
        var created = await users.CreateAsync(user, input.Password!);
        if (!created.Succeeded)
        {
            var field = created.Errors.Any(e => e.Code is "DuplicateEmail" or "InvalidEmail") ? nameof(CreateUserInput.Email)
                : created.Errors.Any(e => e.Code is "DuplicateUserName" or "InvalidUserName") ? nameof(CreateUserInput.UserName)
                : nameof(CreateUserInput.Password);
            return Result<string>.From(IdentityErrors(created, field));
        }
        if (template is not null)
        {
            await users.AddClaimsAsync(user, template.Permissions.Select(p => new Claim(Permissions.ClaimType, p)));
        }
        Record(user, SecurityEventKind.UserCreated, template is null ? "" : "template=" + template.Key);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        return user.Id;
    }

    public async Task<Result> SetRightsAsync(string id, RightsInput input)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return Result.NotFound;
        }
        if (user.ConcurrencyStamp != input.Stamp)
        {
            return new Result(Outcome.Conflict, Errors: new Dictionary<string, string> { [""] = l["Someone else changed this user's rights while you were editing. The current rights are shown; apply your change again."] });
        }
        return await ReplaceRightsAsync(user, input.Permissions.ToHashSet(), SecurityEventKind.RightsChanged, null);
    }

    /// <summary>Applies a template the administrator previewed: <paramref name="expected"/> is the previewed outcome (<see cref="RightsPreviews.Fingerprint"/>).</summary>
    public async Task<Result> ApplyTemplateAsync(string id, string? templateKey, string? expected)
    {
        var user = await users.FindByIdAsync(id);
        var template = templateKey is null ? null : RoleTemplates.Find(templateKey);
        if (user is null)
        {
            return Result.NotFound;
        }
        if (template is null)
        {
            return Result.Invalid("", l["Unknown template."]);
        }
        if (RightsPreviews.Fingerprint(template.Permissions) != (expected ?? "").Trim())
        {
            return PreviewOutdated();
        }
        user.RightsTemplate = template.Key;
        return await ReplaceRightsAsync(user, template.Permissions.ToHashSet(), SecurityEventKind.TemplateApplied, "template=" + template.Key);
    }

    /// <summary>The target's rights become exactly the source's.</summary>
    public async Task<Result> CopyRightsAsync(string targetId, string? sourceId, string? expected, CancellationToken ct = default)
    {
        var target = await users.FindByIdAsync(targetId);
        var source = sourceId is null ? null : await users.FindByIdAsync(sourceId);
        if (target is null)
        {
            return Result.NotFound;
        }
        if (source is null || source.Id == target.Id)
        {
            return Result.Invalid("", l["Choose another user to copy rights from."]);
        }
        var rights = await GrantedAsync(source.Id, ct);
        if (RightsPreviews.Fingerprint(rights) != (expected ?? "").Trim())
        {
            return PreviewOutdated();
        }
        // Copied rights bring the source's template along, and with it whether two-factor sign-in is mandatory.
        target.RightsTemplate = source.RightsTemplate;
        return await ReplaceRightsAsync(target, rights.ToHashSet(), SecurityEventKind.RightsCopied, "from=" + source.UserName);
    }

    public async Task<Result> SetDisabledAsync(string id, bool disabled, CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return Result.NotFound;
        }
        if (disabled && RightsRules.WouldRemoveLastAdministrator(user.Id, await ActiveAdministratorsAsync(ct), targetKeepsAdministration: false))
        {
            return Result.Invalid("", l["The last active administrator cannot be disabled."]);
        }
        if (user.IsDisabled == disabled)
        {
            return Result.Success();
        }
        user.IsDisabled = disabled;
        await users.UpdateAsync(user);
        // A new stamp makes every open session of this user fail its next validation.
        await users.UpdateSecurityStampAsync(user);
        Record(user, disabled ? SecurityEventKind.Disabled : SecurityEventKind.Enabled, "");
        await db.SaveChangesAsync(ct);
        return Result.Success();
    }

    public async Task<Result> ResetPasswordAsync(string id, ResetPasswordInput input)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return Result.NotFound;
        }
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, input.NewPassword!);
        if (!result.Succeeded)
        {
            return IdentityErrors(result, nameof(ResetPasswordInput.NewPassword));
        }
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        Record(user, SecurityEventKind.PasswordReset, "");
        await db.SaveChangesAsync();
        return Result.Success();
    }

    private async Task<Result> ReplaceRightsAsync(AppUser user, HashSet<string> wanted, SecurityEventKind kind, string? details)
    {
        wanted.RemoveWhere(p => !PermissionCatalogue.IsKnown(p));
        if (RightsRules.WouldRemoveLastAdministrator(user.Id, await ActiveAdministratorsAsync(default),
                targetKeepsAdministration: wanted.Contains(Permissions.Users.Manage)))
        {
            return Result.Invalid("", l["The last active administrator must keep the right to manage users."]);
        }
        await using var tx = await db.Database.BeginTransactionAsync();
        var current = (await users.GetClaimsAsync(user)).Where(c => c.Type == Permissions.ClaimType).ToList();
        var removed = current.Where(c => !wanted.Contains(c.Value)).ToList();
        var added = wanted.Except(current.Select(c => c.Value)).Order(StringComparer.Ordinal).ToList();
        if (removed.Count > 0)
        {
            await users.RemoveClaimsAsync(user, removed);
        }
        if (added.Count > 0)
        {
            await users.AddClaimsAsync(user, added.Select(p => new Claim(Permissions.ClaimType, p)));
        }
        // Rights reach open sessions through the periodic stamp validation, which rebuilds the principal from the
        // database (Security:StampValidationInterval, one minute). Rotating the stamp here would sign the user out
        // instead. UpdateAsync rotates the concurrency stamp that guards the rights form.
        await users.UpdateAsync(user);
        var change = string.Join(" ", added.Select(a => "+" + a).Concat(removed.Select(r => "-" + r.Value).Order(StringComparer.Ordinal)));
        Record(user, kind, string.Join(" ", new[] { details, change }.Where(s => !string.IsNullOrEmpty(s))));
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        if (user.Id == actor.UserId)
        {
            // Keep the administrator who changed their own rights signed in, with the new rights.
            await signIn.RefreshSignInAsync(user);
        }
        return Result.Success();
    }

    private async Task<IReadOnlySet<string>> GrantedAsync(string userId, CancellationToken ct) =>
        (await db.UserClaims.AsNoTracking()
            .Where(c => c.UserId == userId && c.ClaimType == Permissions.ClaimType)
            .Select(c => c.ClaimValue!).ToListAsync(ct)).ToHashSet();

    private Task<List<string>> ActiveAdministratorsAsync(CancellationToken ct) =>
        db.UserClaims.AsNoTracking()
            .Where(c => c.ClaimType == Permissions.ClaimType && c.ClaimValue == Permissions.Users.Manage)
            .Join(db.Users.Where(u => !u.IsDisabled), c => c.UserId, u => u.Id, (c, u) => u.Id)
            .Distinct().ToListAsync(ct);

    private void Record(AppUser target, SecurityEventKind kind, string details) => log.Add(kind, target.Id, target.UserName, details);

    /// <summary>The source's rights or the template changed between the preview and the confirmation.</summary>
    private Result PreviewOutdated() =>
        new(Outcome.Conflict, Errors: new Dictionary<string, string> { [""] = l["The rights to be copied changed after the preview. Look at the new preview and confirm again."] });

    private static Result IdentityErrors(IdentityResult result, string field) =>
        Result.Invalid(field, string.Join(" ", result.Errors.Select(e => e.Description)));
}
