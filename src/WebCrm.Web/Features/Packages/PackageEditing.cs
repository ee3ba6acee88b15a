using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using WebCrm.Data;
using WebCrm.Domain.Packages;
using WebCrm.Domain.Security;
using WebCrm.Web.Features.Packages.Outbox;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Packages;

/// <summary>The module's first page (packages and materials) and packages: a name and an ordered set of materials.</summary>
public sealed class PackageEditing(CrmDbContext db, IStringLocalizer<SharedResource> l, IOptions<SmtpOptions> smtp)
{
    public async Task<PackagesIndexViewModel> IndexAsync(UserAccess user, CancellationToken ct)
    {
        var packages = await db.Set<InfoPackage>().AsNoTracking().OrderBy(p => p.Name)
            .Select(p => new { p.Id, p.Name, p.Description, Materials = p.Items.OrderBy(i => i.SortOrder).Select(i => i.Material!.Title).ToList() })
            .ToListAsync(ct);
        var materials = await db.Set<Material>().AsNoTracking().OrderBy(m => m.Title)
            .Select(m => new MaterialListRow(m.Id, m.Title, m.Description, m.Files.Count, m.UpdatedAtUtc)).ToListAsync(ct);
        return new PackagesIndexViewModel
        {
            Packages = packages.Select(p => new PackageListRow(p.Id, p.Name, p.Description, p.Materials)).ToList(),
            Materials = materials,
            CanManage = user.Has(Permissions.Packages.ManageMaterials),
            CanSend = user.Has(Permissions.Packages.Send),
            MailEnabled = smtp.Value.Enabled,
        };
    }

    public async Task<Result<PackageFormViewModel>> FormAsync(int? id, PackageInput? posted, CancellationToken ct)
    {
        var input = posted ?? new PackageInput();
        if (id is { } packageId)
        {
            var package = await db.Set<InfoPackage>().AsNoTracking().Include(p => p.Items).FirstOrDefaultAsync(p => p.Id == packageId, ct);
            if (package is null)
            {
                return Result<PackageFormViewModel>.From(Result.NotFound);
            }
            input = posted ?? new PackageInput
            {
                Name = package.Name, Description = package.Description, ConcurrencyStamp = package.ConcurrencyStamp,
                Positions = package.Items.OrderBy(i => i.SortOrder).Select((i, n) => (i.MaterialId, n))
                    .ToDictionary(x => x.MaterialId, x => (string?)(x.n + 1).ToString(CultureInfo.InvariantCulture)),
            };
        }
        var materials = await db.Set<Material>().AsNoTracking().OrderBy(m => m.Title).Select(m => new { m.Id, m.Title }).ToListAsync(ct);
        return new PackageFormViewModel
        {
            Id = id,
            Input = input,
            Materials = materials.Select(m => new MaterialChoice(m.Id, m.Title, input.Positions.GetValueOrDefault(m.Id))).ToList(),
        };
    }

    public async Task<Result> SaveAsync(int? id, PackageInput input, CancellationToken ct)
    {
        InfoPackage? package = null;
        if (id is { } packageId)
        {
            package = await db.Set<InfoPackage>().Include(p => p.Items).FirstOrDefaultAsync(p => p.Id == packageId, ct);
            if (package is null)
            {
                return Result.NotFound;
            }
            db.Entry(package).Property(p => p.ConcurrencyStamp).OriginalValue = input.ConcurrencyStamp;
        }
        var chosen = new List<(int MaterialId, int Position)>();
        foreach (var (materialId, text) in input.Positions)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var position) || position < 1 || position > 1000)
            {
                return Result.Invalid(nameof(PackageInput.Positions), l["A position is a whole number from 1 to 1000."]);
            }
            chosen.Add((materialId, position));
        }
        var ids = chosen.Select(c => c.MaterialId).ToList();
        if (await db.Set<Material>().CountAsync(m => ids.Contains(m.Id), ct) != ids.Count)
        {
            return Result.Invalid(nameof(PackageInput.Positions), l["Choose a value from the list."]);
        }
        if (package is null)
        {
            package = new InfoPackage();
            db.Set<InfoPackage>().Add(package);
        }
        package.Name = input.Name!.Trim();
        package.Description = FormText.Clean(input.Description);
        foreach (var item in package.Items.ToList())
        {
            db.Remove(item);
        }
        package.Items.Clear();
        var order = 0;
        foreach (var (materialId, _) in chosen.OrderBy(c => c.Position).ThenBy(c => c.MaterialId))
        {
            package.Items.Add(new InfoPackageItem { MaterialId = materialId, SortOrder = order++ });
        }
        // A package is named by what it holds: touching it makes the save (and its change log entry) happen even when
        // only the materials changed.
        db.Entry(package).Property(p => p.UpdatedAtUtc).IsModified = true;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result.Conflicted(l["Someone else changed this package meanwhile. Reload it and make your change again."]);
        }
        return Result.Success(package.Id);
    }

    public async Task<Result> DeleteAsync(int id, Guid stamp, CancellationToken ct)
    {
        var package = await db.Set<InfoPackage>().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (package is null)
        {
            return Result.NotFound;
        }
        db.Entry(package).Property(p => p.ConcurrencyStamp).OriginalValue = stamp;
        db.Remove(package);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result.Conflicted(l["Someone else changed this package meanwhile. Reload it and make your change again."]);
        }
        return Result.Success();
    }
}
