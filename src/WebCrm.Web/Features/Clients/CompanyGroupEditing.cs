using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Clients;

/// <summary>
/// Company groups on the card, by <see cref="CompanyGroupVisibility"/>: a user fills his personal groups with any
/// company he sees; a shared group needs the right to change shared groups and to update the company.
/// </summary>
public sealed class CompanyGroupEditing(CrmDbContext db, CompanyParts parts, IStringLocalizer<SharedResource> l)
{
    private static CompanyGroupVisibility Rule => CompanyGroupVisibility.Instance;

    /// <summary>Whether the user may change the company's membership in this group (a personal group of his, or a shared one).</summary>
    private static bool MayChange(CompanyGroup group, UserAccess user, bool mayUpdateCompany) =>
        Rule.Allows(group, user, RecordOperations.Update) && (Rule.Owns(group, user) || mayUpdateCompany);

    /// <summary>
    /// Makes the company's membership in the groups the user sees (shared ones and his own personal ones) match the
    /// ticked list. A group the user cannot see is refused as not found, one he may not change as forbidden, and nothing changes.
    /// </summary>
    public async Task<Result> SetAsync(int companyId, GroupMembershipInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        var loaded = await parts.CompanyAsync(companyId, principal, Operations.Read, ct);
        if (loaded.Value is not { } company)
        {
            return loaded;
        }
        var user = UserAccess.From(principal);
        var mayUpdateCompany = await parts.AllowsAsync(principal, company, Operations.Update);
        var visible = await Rule.Apply(db.CompanyGroups.AsNoTracking(), user).ToListAsync(ct);
        var wanted = input.GroupIds.Distinct().ToList();
        if (wanted.Any(id => visible.All(g => g.Id != id)))
        {
            return Result.NotFound;
        }
        var editable = visible.Where(g => MayChange(g, user, mayUpdateCompany)).Select(g => g.Id).ToList();
        if (wanted.Any(id => !editable.Contains(id)))
        {
            return Result.Forbidden;
        }
        var members = await db.CompanyGroupMembers.Where(m => m.CompanyId == companyId && editable.Contains(m.GroupId)).ToListAsync(ct);
        db.CompanyGroupMembers.RemoveRange(members.Where(m => !wanted.Contains(m.GroupId)));
        db.CompanyGroupMembers.AddRange(wanted.Where(id => members.All(m => m.GroupId != id))
            .Select(id => new CompanyGroupMember { GroupId = id, CompanyId = companyId }));
        try
        {
            await db.SaveChangesAsync(ct);
            return Result.Success();
        }
        catch (DbUpdateException)
        {
            // Someone changed the same memberships at the same moment (or removed a group).
            db.ChangeTracker.Clear();
            return new Result(Outcome.Conflict);
        }
    }

    public async Task<Result<GroupFormViewModel>> FormAsync(int companyId, GroupInput? posted, ClaimsPrincipal principal, CancellationToken ct)
    {
        var loaded = await parts.CompanyAsync(companyId, principal, Operations.Read, ct);
        if (loaded.Value is not { } company)
        {
            return Result<GroupFormViewModel>.From(loaded);
        }
        return new GroupFormViewModel
        {
            CompanyId = companyId,
            CompanyName = company.Name,
            Input = posted ?? new GroupInput(),
            CanCreateShared = await CanCreateSharedAsync(company, principal),
        };
    }

    private async Task<bool> CanCreateSharedAsync(Company company, ClaimsPrincipal principal) =>
        MayChange(new CompanyGroup { OwnerId = null }, UserAccess.From(principal), await parts.AllowsAsync(principal, company, Operations.Update));

    /// <summary>Creates a shared group (as for changing one) or a personal one of the user, with the company in it.</summary>
    public async Task<Result> CreateAsync(int companyId, GroupInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        var loaded = await parts.CompanyAsync(companyId, principal, Operations.Read, ct);
        if (loaded.Value is not { } company)
        {
            return loaded;
        }
        if (input.Shared && !await CanCreateSharedAsync(company, principal))
        {
            return Result.Forbidden;
        }
        var owner = input.Shared ? null : UserAccess.From(principal).UserId;
        var name = input.Name!.Trim();
        if (await db.CompanyGroups.AnyAsync(g => g.OwnerId == owner && g.Name == name, ct))
        {
            return Result.Invalid(nameof(GroupInput.Name), l["A group with this name already exists."]);
        }
        var group = new CompanyGroup { Name = name, OwnerId = owner };
        db.CompanyGroups.Add(group);
        db.CompanyGroupMembers.Add(new CompanyGroupMember { Group = group, CompanyId = companyId });
        await db.SaveChangesAsync(ct);
        return Result.Success(group.Id);
    }
}
