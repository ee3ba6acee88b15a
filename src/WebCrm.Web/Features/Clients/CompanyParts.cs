using System.Globalization;
using System.Linq.Expressions;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Common;
using WebCrm.Domain.Reference;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Clients;

/// <summary>
/// What the parts of a company edited inside its card (contact persons, bank accounts, contracts, groups) share: the
/// company check, saving in one transaction with lost-update detection, removing with the loaded stamp, and the
/// field-by-field differences shown after a conflict.
/// </summary>
public sealed class CompanyParts(CrmDbContext db, CompanyAccess access, ReferenceLookup lookup, IStringLocalizer<SharedResource> l)
{
    /// <summary>Not found when the user cannot see the company (its existence is not revealed), forbidden when he sees but may not do.</summary>
    public Task<Result<Company>> CompanyAsync(int companyId, ClaimsPrincipal principal, OperationAuthorizationRequirement operation, CancellationToken ct) =>
        access.LoadAsync(companyId, principal, operation, ct);

    public Task<bool> AllowsAsync(ClaimsPrincipal principal, Company company, OperationAuthorizationRequirement operation) =>
        access.AllowsAsync(principal, company, operation);

    /// <summary>Runs the saves in one transaction; false when a row had moved on since the user loaded it.</summary>
    public async Task<bool> SaveAsync(Func<Task> work, CancellationToken ct)
    {
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await work();
            await tx.CommitAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>The answer to a save: the part's id, or after a lost update what is stored now (not found when it is gone).</summary>
    public static Result<TInput> Saved<TInput>(bool saved, int id, TInput? theirs) where TInput : class =>
        saved ? new(Outcome.Ok, Id: id)
        : theirs is null ? Result<TInput>.From(Result.NotFound)
        : new(Outcome.Conflict, theirs, id);

    /// <summary>Removes one part of the company, if the stamp the user loaded is still current.</summary>
    public async Task<Result> RemoveAsync<T>(int companyId, Expression<Func<T, bool>> match, Guid stamp, ClaimsPrincipal principal,
        Func<T, Task>? alsoRemove, CancellationToken ct) where T : Entity
    {
        if (await CompanyAsync(companyId, principal, Operations.Update, ct) is { Ok: false } refused)
        {
            return refused;
        }
        var part = await db.Set<T>().FirstOrDefaultAsync(match, ct);
        if (part is null)
        {
            return Result.NotFound;
        }
        db.Entry(part).Property(p => p.ConcurrencyStamp).OriginalValue = stamp;
        db.Set<T>().Remove(part);
        if (alsoRemove is not null)
        {
            await alsoRemove(part);
        }
        return await SaveAsync(() => db.SaveChangesAsync(ct), ct) ? Result.Success() : new Result(Outcome.Conflict);
    }

    public async Task<List<Option>> ReferenceOptionsAsync(ReferenceListKind kind, int? current, CancellationToken ct) =>
        (await lookup.OptionsAsync(kind, current, ct)).AsOptions();

    /// <summary>A posted reference id must name an active value of the list, or the value the record already has.</summary>
    public async Task CheckReferenceAsync(Dictionary<string, string> errors, string field, int? value, int? current, ReferenceListKind kind, CancellationToken ct)
    {
        if (value is { } v && v != current && !await db.ReferenceItems.AnyAsync(r => r.Id == v && r.Kind == kind && r.IsActive, ct))
        {
            errors[field] = l["Choose a value from the list."];
        }
    }

    public static string? Label(IReadOnlyList<Option> options, int? id)
    {
        var value = id?.ToString(CultureInfo.InvariantCulture);
        return value is null ? null : options.FirstOrDefault(o => o.Value == value)?.Label ?? value;
    }

    public static List<ConflictField> Differences(IEnumerable<(string Label, string? Theirs, string? Yours)> fields) =>
        fields.Where(f => (FormText.Clean(f.Theirs) ?? "") != (FormText.Clean(f.Yours) ?? ""))
            .Select(f => new ConflictField(f.Label, f.Theirs, f.Yours)).ToList();
}
