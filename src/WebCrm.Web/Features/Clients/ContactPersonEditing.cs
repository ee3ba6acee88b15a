using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Reference;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Clients;

/// <summary>A company's contact persons and their custom field values, edited inside the card.</summary>
public sealed class ContactPersonEditing(CrmDbContext db, CompanyParts parts, IStringLocalizer<SharedResource> l)
{
    private Task<List<CustomFieldDefinition>> DefinitionsAsync(CancellationToken ct) =>
        CustomFieldValues.DefinitionsAsync(db, CustomFieldTarget.ContactPerson, ct);

    private Task<List<CustomFieldValue>> ValuesAsync(int contactId, bool tracked, CancellationToken ct) =>
        CustomFieldValues.ValuesAsync(db, CustomFieldTarget.ContactPerson, contactId, tracked, ct);

    private static ContactInput ToInput(ContactPerson p, IReadOnlyList<CustomFieldValue> values) => new()
    {
        FullName = p.FullName, PositionId = p.PositionId, Phone = p.Phone, MobilePhone = p.MobilePhone, Email = p.Email,
        Birthday = p.Birthday?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Notes = p.Notes,
        ConcurrencyStamp = p.ConcurrencyStamp, Custom = values.ToDictionary(v => v.DefinitionId, CustomFieldValues.ToText),
    };

    /// <summary>The add/edit form: <paramref name="posted"/> redisplays what the user sent, <paramref name="theirs"/> what another user saved meanwhile.</summary>
    public async Task<Result<ContactFormViewModel>> FormAsync(int companyId, int? id, ContactInput? posted, ContactInput? theirs,
        ClaimsPrincipal principal, CancellationToken ct)
    {
        var loaded = await parts.CompanyAsync(companyId, principal, Operations.Update, ct);
        if (loaded.Value is not { } company)
        {
            return Result<ContactFormViewModel>.From(loaded);
        }
        var input = posted ?? new ContactInput();
        int? currentPosition = null;
        if (id is { } contactId)
        {
            var contact = await db.ContactPersons.AsNoTracking().FirstOrDefaultAsync(p => p.Id == contactId && p.CompanyId == companyId, ct);
            if (contact is null)
            {
                return Result<ContactFormViewModel>.From(Result.NotFound);
            }
            currentPosition = contact.PositionId;
            input = posted ?? ToInput(contact, await ValuesAsync(contactId, false, ct));
        }
        var positions = await parts.ReferenceOptionsAsync(ReferenceListKind.ContactPosition, currentPosition ?? theirs?.PositionId, ct);
        var definitions = await DefinitionsAsync(ct);
        var conflict = theirs is null ? [] : CompanyParts.Differences(new (string, string?, string?)[]
        {
            (l["Full name"], theirs.FullName, input.FullName),
            (l["Position"], CompanyParts.Label(positions, theirs.PositionId), CompanyParts.Label(positions, input.PositionId)),
            (l["Phone"], theirs.Phone, input.Phone),
            (l["Mobile phone"], theirs.MobilePhone, input.MobilePhone),
            (l["Email"], theirs.Email, input.Email),
            (l["Birthday"], theirs.Birthday, input.Birthday),
            (l["Notes"], theirs.Notes, input.Notes),
        }.Concat(definitions.Select(d => (d.Name(FormText.Language), theirs.Custom.GetValueOrDefault(d.Id), input.Custom.GetValueOrDefault(d.Id)))));
        return new ContactFormViewModel
        {
            CompanyId = companyId,
            CompanyName = company.Name,
            Id = id,
            Input = input,
            Positions = positions,
            CustomFields = definitions.Select(d => new CustomFieldEditor(d, d.Name(FormText.Language), input.Custom.GetValueOrDefault(d.Id))).ToList(),
            Conflict = conflict,
        };
    }

    /// <summary>Adds (<paramref name="id"/> null) or changes a contact person; after a lost update the value is what is stored now.</summary>
    public async Task<Result<ContactInput>> SaveAsync(int companyId, int? id, ContactInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        if (await parts.CompanyAsync(companyId, principal, Operations.Update, ct) is { Ok: false } refused)
        {
            return Result<ContactInput>.From(refused);
        }
        ContactPerson? contact = null;
        if (id is { } contactId)
        {
            contact = await db.ContactPersons.FirstOrDefaultAsync(p => p.Id == contactId && p.CompanyId == companyId, ct);
            if (contact is null)
            {
                return Result<ContactInput>.From(Result.NotFound);
            }
        }
        var errors = new Dictionary<string, string>();
        await parts.CheckReferenceAsync(errors, nameof(ContactInput.PositionId), input.PositionId, contact?.PositionId, ReferenceListKind.ContactPosition, ct);
        var custom = CustomFieldValues.Parse(await DefinitionsAsync(ct), input.Custom, errors, l);
        if (errors.Count > 0)
        {
            return Result<ContactInput>.From(Result.Invalid(errors));
        }
        var existing = contact is null ? [] : await ValuesAsync(contact.Id, true, ct);
        if (contact is null)
        {
            contact = new ContactPerson { CompanyId = companyId };
            db.ContactPersons.Add(contact);
        }
        else
        {
            // The stamp the user loaded decides: if the row has moved on since, the UPDATE matches nothing.
            db.Entry(contact).Property(p => p.ConcurrencyStamp).OriginalValue = input.ConcurrencyStamp;
        }
        Apply(input, contact);
        var saved = await parts.SaveAsync(async () =>
        {
            await db.SaveChangesAsync(ct);
            CustomFieldValues.Save(db, CustomFieldTarget.ContactPerson, contact.Id, custom, existing);
            await db.SaveChangesAsync(ct);
        }, ct);
        if (saved)
        {
            return CompanyParts.Saved<ContactInput>(true, contact.Id, null);
        }
        var current = await db.ContactPersons.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && p.CompanyId == companyId, ct);
        return CompanyParts.Saved(false, contact.Id, current is null ? null : ToInput(current, await ValuesAsync(current.Id, false, ct)));
    }

    public Task<Result> DeleteAsync(int companyId, int id, Guid stamp, ClaimsPrincipal principal, CancellationToken ct) =>
        parts.RemoveAsync<ContactPerson>(companyId, p => p.Id == id && p.CompanyId == companyId, stamp, principal,
            async p => db.CustomFieldValues.RemoveRange(await ValuesAsync(p.Id, true, ct)), ct);

    private static void Apply(ContactInput input, ContactPerson contact)
    {
        contact.FullName = input.FullName!.Trim();
        contact.PositionId = input.PositionId;
        contact.Phone = FormText.Clean(input.Phone);
        contact.MobilePhone = FormText.Clean(input.MobilePhone);
        contact.Email = FormText.Clean(input.Email);
        contact.Birthday = PartRules.Date(input.Birthday);
        contact.Notes = FormText.Clean(input.Notes);
    }
}
