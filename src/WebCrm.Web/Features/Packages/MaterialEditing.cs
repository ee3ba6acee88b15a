using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Packages;
using WebCrm.Web.Features.Clients;
using WebCrm.Web.Features.Packages.Outbox;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Packages;

/// <summary>
/// Information materials (Packages.ManageMaterials): title, description, letter texts in both languages and files,
/// each file checked like a contract's (extension, declared type and first bytes must agree; size limit).
/// </summary>
public sealed class MaterialEditing(CrmDbContext db, StoredFiles stored, IStringLocalizer<SharedResource> l, IConfiguration configuration)
{
    public const long DefaultMaxBytes = 10 * 1024 * 1024;
    public const int MaxFiles = 20;

    public long MaxFileBytes => configuration.GetValue("Packages:MaxFileBytes", DefaultMaxBytes);

    public async Task<Result<MaterialFormViewModel>> FormAsync(int? id, MaterialInput? posted, CancellationToken ct)
    {
        var input = posted ?? new MaterialInput();
        IReadOnlyList<MaterialFileRow> files = [];
        if (id is { } materialId)
        {
            var material = await db.Set<Material>().AsNoTracking().Include(m => m.Files).FirstOrDefaultAsync(m => m.Id == materialId, ct);
            if (material is null)
            {
                return Result<MaterialFormViewModel>.From(Result.NotFound);
            }
            input = posted ?? new MaterialInput
            {
                Title = material.Title, Description = material.Description, SubjectRu = material.SubjectRu, BodyRu = material.BodyRu,
                SubjectEn = material.SubjectEn, BodyEn = material.BodyEn, ConcurrencyStamp = material.ConcurrencyStamp,
            };
            files = material.Files.OrderBy(f => f.SortOrder).Select(f => new MaterialFileRow(f.Id, f.FileName, f.Size)).ToList();
        }
        return new MaterialFormViewModel { Id = id, Input = input, Files = files, MaxFileBytes = MaxFileBytes };
    }

    public async Task<Result> SaveAsync(int? id, MaterialInput input, CancellationToken ct)
    {
        Material? material = null;
        if (id is { } materialId)
        {
            material = await db.Set<Material>().Include(m => m.Files).FirstOrDefaultAsync(m => m.Id == materialId, ct);
            if (material is null)
            {
                return Result.NotFound;
            }
            db.Entry(material).Property(m => m.ConcurrencyStamp).OriginalValue = input.ConcurrencyStamp;
        }
        var errors = new Dictionary<string, string>();
        var kept = material?.Files.Count(f => !input.RemoveFileIds.Contains(f.Id)) ?? 0;
        if (kept + input.Files.Count > MaxFiles)
        {
            errors[nameof(MaterialInput.Files)] = l["At most {0} files per material.", MaxFiles];
        }
        var uploads = new List<(string Name, string Type, byte[] Content)>();
        foreach (var file in input.Files)
        {
            if (errors.ContainsKey(nameof(MaterialInput.Files)))
            {
                break;
            }
            if (await ReadAsync(file, errors, ct) is { } upload)
            {
                uploads.Add(upload);
            }
        }
        if (errors.Count > 0)
        {
            return Result.Invalid(errors);
        }
        if (material is null)
        {
            material = new Material();
            db.Set<Material>().Add(material);
        }
        material.Title = input.Title!.Trim();
        material.Description = FormText.Clean(input.Description);
        material.SubjectRu = FormText.Clean(input.SubjectRu);
        material.BodyRu = FormText.Clean(input.BodyRu);
        material.SubjectEn = FormText.Clean(input.SubjectEn);
        material.BodyEn = FormText.Clean(input.BodyEn);
        foreach (var gone in material.Files.Where(f => input.RemoveFileIds.Contains(f.Id)).ToList())
        {
            material.Files.Remove(gone);
            db.Remove(gone);
        }
        var order = material.Files.Select(f => f.SortOrder).DefaultIfEmpty(-1).Max() + 1;
        foreach (var (name, type, content) in uploads)
        {
            var (storedId, added) = await stored.StoreAsync(content, ct);
            material.Files.Add(new MaterialFile { SortOrder = order++, FileName = name, ContentType = type, Size = content.LongLength, StoredFileId = storedId, File = added });
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result.Conflicted(l["Someone else changed this material meanwhile. Reload it and make your change again."]);
        }
        return Result.Success(material.Id);
    }

    public async Task<Result> DeleteAsync(int id, Guid stamp, CancellationToken ct)
    {
        var material = await db.Set<Material>().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (material is null)
        {
            return Result.NotFound;
        }
        db.Entry(material).Property(m => m.ConcurrencyStamp).OriginalValue = stamp;
        db.Remove(material);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result.Conflicted(l["Someone else changed this material meanwhile. Reload it and make your change again."]);
        }
        return Result.Success();
    }

    /// <summary>A file of a material, for users of the module.</summary>
    public async Task<(string Name, string Type, byte[] Content)?> FileAsync(int materialId, int fileId, CancellationToken ct)
    {
        var file = await db.Set<MaterialFile>().AsNoTracking().Where(f => f.Id == fileId && f.MaterialId == materialId)
            .Select(f => new { f.FileName, f.ContentType, f.StoredFileId }).FirstOrDefaultAsync(ct);
        return file is not null && await stored.ReadForDownloadAsync(file.StoredFileId, ct) is { } content
            ? (file.FileName, file.ContentType, content)
            : null;
    }

    private async Task<(string Name, string Type, byte[] Content)?> ReadAsync(IFormFile file, Dictionary<string, string> errors, CancellationToken ct)
    {
        const string key = nameof(MaterialInput.Files);
        var name = ContractFiles.SafeName(file.FileName);
        if (file.Length == 0)
        {
            errors[key] = l["{0}: the file is empty.", name];
            return null;
        }
        if (file.Length > MaxFileBytes)
        {
            errors[key] = l["{0}: the file is too large, at most {1} MB.", name, Math.Round(MaxFileBytes / (1024m * 1024m), 1)];
            return null;
        }
        using var buffer = new MemoryStream((int)file.Length);
        await using (var stream = file.OpenReadStream())
        {
            await stream.CopyToAsync(buffer, ct);
        }
        var content = buffer.ToArray();
        switch (ContractFiles.Inspect(name, file.ContentType, content, out var type))
        {
            case ContractFiles.Check.Ok:
                return (name, type, content);
            case ContractFiles.Check.TypeNotAllowed:
                errors[key] = l["{0}: only PDF, Word (DOC, DOCX), Excel (XLS, XLSX), ODT, PNG, JPEG and TXT files can be attached.", name];
                return null;
            default:
                errors[key] = l["{0}: the file's content does not match its type.", name];
                return null;
        }
    }
}
