using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Clients;

/// <summary>After a lost update: what the other user saved, field by field next to what this user posted.</summary>
public sealed class CompanyConflicts(CrmDbContext db, IStringLocalizer<SharedResource> l)
{
    public static CompanyInput ToInput(Company c, IReadOnlyList<CustomFieldValue> values) => new()
    {
        Name = c.Name, LegalName = c.LegalName, TypeId = c.TypeId, Inn = c.Inn, Kpp = c.Kpp, Ogrn = c.Ogrn,
        LegalAddress = c.LegalAddress, PostalAddress = c.PostalAddress, City = c.City, Phone = c.Phone, Email = c.Email,
        Website = c.Website, RegionId = c.RegionId, IndustryId = c.IndustryId, SourceId = c.SourceId,
        ResponsibleId = c.ResponsibleId, Notes = c.Notes, ConcurrencyStamp = c.ConcurrencyStamp,
        Custom = values.ToDictionary(v => v.DefinitionId, CustomFieldValues.ToText),
    };

    /// <summary>
    /// The conflict answer: the differences between the stored company and the posted form and the stamp to save over
    /// it with; not found when the company was deleted meanwhile.
    /// </summary>
    public async Task<Result> AfterLostUpdateAsync(int id, CompanyInput yours, IReadOnlyList<CustomFieldDefinition> definitions, CancellationToken ct)
    {
        var current = await db.Companies.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (current is null)
        {
            return Result.NotFound;
        }
        var theirs = ToInput(current, await CustomFieldValues.ValuesAsync(db, CustomFieldTarget.Company, id, false, ct));
        var refIds = new[] { theirs.TypeId, theirs.RegionId, theirs.IndustryId, theirs.SourceId, yours.TypeId, yours.RegionId, yours.IndustryId, yours.SourceId }
            .Where(v => v != null).Select(v => v!.Value).Distinct().ToList();
        var ru = FormText.Language == "ru";
        var refNames = await db.ReferenceItems.AsNoTracking().Where(r => refIds.Contains(r.Id))
            .ToDictionaryAsync(r => r.Id, r => ru ? r.NameRu : r.NameEn, ct);
        var userNames = await db.Users.AsNoTracking().Where(u => u.Id == theirs.ResponsibleId || u.Id == yours.ResponsibleId)
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var differences = Differences(theirs, yours, definitions,
            refId => refId is { } k && refNames.TryGetValue(k, out var n) ? n : null,
            userId => userId is not null && userNames.TryGetValue(userId, out var n) ? n : null);
        return new Result(Outcome.Conflict, id, Conflict: differences, CurrentStamp: current.ConcurrencyStamp);
    }

    /// <summary>The fields where the saved row and the user's form differ, with reference values shown by name.</summary>
    private List<ConflictField> Differences(CompanyInput theirs, CompanyInput yours, IReadOnlyList<CustomFieldDefinition> definitions,
        Func<int?, string?> referenceName, Func<string?, string?> userName)
    {
        var list = new List<ConflictField>();
        void Compare(string label, string? a, string? b)
        {
            if ((FormText.Clean(a) ?? "") != (FormText.Clean(b) ?? ""))
            {
                list.Add(new ConflictField(label, a, b));
            }
        }
        string? Id(int? v) => referenceName(v);
        Compare(l["Company name"], theirs.Name, yours.Name);
        Compare(l["Legal name"], theirs.LegalName, yours.LegalName);
        Compare(l["Type"], Id(theirs.TypeId), Id(yours.TypeId));
        Compare(l["INN"], theirs.Inn, yours.Inn);
        Compare(l["KPP"], theirs.Kpp, yours.Kpp);
        Compare(l["OGRN"], theirs.Ogrn, yours.Ogrn);
        Compare(l["Legal address"], theirs.LegalAddress, yours.LegalAddress);
        Compare(l["Postal address"], theirs.PostalAddress, yours.PostalAddress);
        Compare(l["City"], theirs.City, yours.City);
        Compare(l["Phone"], theirs.Phone, yours.Phone);
        Compare(l["Email"], theirs.Email, yours.Email);
        Compare(l["Website"], theirs.Website, yours.Website);
        Compare(l["Region"], Id(theirs.RegionId), Id(yours.RegionId));
        Compare(l["Industry"], Id(theirs.IndustryId), Id(yours.IndustryId));
        Compare(l["Source"], Id(theirs.SourceId), Id(yours.SourceId));
        Compare(l["Responsible manager"], userName(theirs.ResponsibleId), userName(yours.ResponsibleId));
        Compare(l["Notes"], theirs.Notes, yours.Notes);
        foreach (var d in definitions)
        {
            Compare(d.Name(FormText.Language), theirs.Custom.GetValueOrDefault(d.Id), yours.Custom.GetValueOrDefault(d.Id));
        }
        return list;
    }
}
