using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Administration.ReferenceLists;

/// <summary>
/// Definitions of the fields administrators add to companies, contact persons and deals. A field is never
/// deleted (records may hold values); its type is fixed once any record has a value, because values are kept
/// in a column of the type's own.
/// </summary>
public sealed class CustomFieldsService(CrmDbContext db, IStringLocalizer<SharedResource> l)
{
    private const int Step = 10;

    public Task<List<CustomFieldRow>> ListAsync(CancellationToken ct) =>
        db.CustomFieldDefinitions.AsNoTracking()
            .OrderBy(f => f.Target).ThenBy(f => f.SortOrder).ThenBy(f => f.Id)
            .Select(f => new CustomFieldRow(f.Id, f.Target, f.NameEn, f.NameRu, f.Type, f.IsRequired, f.IsActive,
                f.Options == null ? 0 : f.Options.Length - f.Options.Replace("\n", "").Length + 1))
            .ToListAsync(ct);

    public async Task<EditCustomFieldViewModel?> GetAsync(int id, CancellationToken ct)
    {
        var model = await db.CustomFieldDefinitions.AsNoTracking().Where(f => f.Id == id)
            .Select(f => new EditCustomFieldViewModel(f.Id, db.CustomFieldValues.Any(v => v.DefinitionId == f.Id), new CustomFieldInput
            {
                Target = f.Target, NameEn = f.NameEn, NameRu = f.NameRu, Type = f.Type, IsRequired = f.IsRequired,
                IsActive = f.IsActive, Options = f.Options, Stamp = f.ConcurrencyStamp.ToString(),
            }))
            .FirstOrDefaultAsync(ct);
        return model is null ? null : model with { History = await Shared.ChangeHistory.ForAsync(db, nameof(CustomFieldDefinition), id, ct) };
    }

    public Task<bool> HasValuesAsync(int id, CancellationToken ct) => db.CustomFieldValues.AnyAsync(v => v.DefinitionId == id, ct);

    /// <summary>The target of an existing field: it is fixed at creation, whatever a form posts.</summary>
    public Task<CustomFieldTarget?> TargetAsync(int id, CancellationToken ct) =>
        db.CustomFieldDefinitions.AsNoTracking().Where(f => f.Id == id).Select(f => (CustomFieldTarget?)f.Target).FirstOrDefaultAsync(ct);

    /// <summary>Adds a field (<paramref name="id"/> null) or changes one.</summary>
    public async Task<Result> SaveAsync(int? id, CustomFieldInput input, CancellationToken ct)
    {
        CustomFieldDefinition? field;
        if (id is null)
        {
            var target = input.Target!.Value;
            var last = await db.CustomFieldDefinitions.Where(f => f.Target == target).MaxAsync(f => (int?)f.SortOrder, ct) ?? 0;
            field = new CustomFieldDefinition { Target = target, Type = input.Type!.Value, SortOrder = last + Step };
            db.CustomFieldDefinitions.Add(field);
        }
        else
        {
            field = await db.CustomFieldDefinitions.FirstOrDefaultAsync(f => f.Id == id, ct);
            if (field is null)
            {
                return Result.NotFound;
            }
            if (field.Type != input.Type && await HasValuesAsync(field.Id, ct))
            {
                return Result.Invalid(nameof(CustomFieldInput.Type),
                    l["Records already have values in this field, so its type cannot change. Add a new field instead."]);
            }
            field.Type = input.Type!.Value;
        }
        field.NameRu = input.NameRu!.Trim();
        field.NameEn = string.IsNullOrWhiteSpace(input.NameEn) ? field.NameRu : input.NameEn.Trim();
        field.IsRequired = input.IsRequired;
        field.IsActive = input.IsActive;
        // Options matter only for list fields; a field that stops being a list keeps none.
        field.Options = field.Type == CustomFieldType.List ? ReferenceListCatalog.NormalizeOptions(input.Options) : null;
        if (id is null)
        {
            await db.SaveChangesAsync(ct);
            return Result.Success();
        }
        return await ReferenceListsService.SaveGuardedAsync(db, field, input.Stamp,
            l["Someone else changed this field while you were editing. The current values are shown; apply your change again."], ct);
    }

    public async Task<Result> MoveAsync(int id, int direction, CancellationToken ct)
    {
        var target = await TargetAsync(id, ct);
        if (target is null)
        {
            return Result.NotFound;
        }
        var fields = await db.CustomFieldDefinitions.Where(f => f.Target == target).OrderBy(f => f.SortOrder).ThenBy(f => f.Id).ToListAsync(ct);
        return await ReferenceListsService.MoveAsync(db, fields, id, direction, (f, order) => f.SortOrder = order, ct);
    }
}
