using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Common;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Authorization;

namespace WebCrm.Web.Features.Shared;

/// <summary>
/// The one access service of an owned entity: every list, card, search, export, report, chart and calendar asks it,
/// so "who may see and do what" has one rule in one place (the entity's <see cref="VisibilityRule{T}"/>, decided on a
/// loaded record by the entity's authorization handler).
/// </summary>
public abstract class RecordAccess<T>(CrmDbContext db, IAuthorizationService authorization, VisibilityRule<T> rule)
    where T : Entity
{
    protected CrmDbContext Db => db;

    public VisibilityRule<T> Rule => rule;

    /// <summary>The records the user may see, untracked, in the fastest correct form of the rule for this entity.</summary>
    public virtual IQueryable<T> Query(UserAccess user) => rule.Apply(db.Set<T>().AsNoTracking(), user);

    /// <summary>What the rule needs loaded to decide on one record (e.g. a deal's company and stages).</summary>
    protected virtual IQueryable<T> WithRuleData(IQueryable<T> records) => records;

    /// <summary>
    /// Loads one record and checks the operation: a record the user cannot see is <see cref="Outcome.NotFound"/>
    /// (its existence is not revealed), one he sees but may not change is <see cref="Outcome.Forbidden"/>.
    /// </summary>
    public async Task<Result<T>> LoadAsync(int id, ClaimsPrincipal principal, OperationAuthorizationRequirement operation,
        CancellationToken ct, bool tracked = false, Func<IQueryable<T>, IQueryable<T>>? include = null, bool splitQuery = true)
    {
        var records = WithRuleData(db.Set<T>());
        if (include is not null)
        {
            // Several collections: one command each rather than their cartesian product in one. The rule's own data
            // (a deal's company and stages) is at most one collection and comes in the record's single command.
            // A caller including just one collection of a record without rule data may ask for a single command.
            records = include(records);
            if (splitQuery)
            {
                records = records.AsSplitQuery();
            }
        }
        if (!tracked)
        {
            records = records.AsNoTracking();
        }
        // One record by its key: the same plan whatever the id.
        var record = await records.WithGenericPlan().FirstOrDefaultAsync(r => r.Id == id, ct);
        return await CheckAsync(record, principal, operation);
    }

    /// <summary>The same decision on a record loaded some other way.</summary>
    public async Task<Result<T>> CheckAsync(T? record, ClaimsPrincipal principal, OperationAuthorizationRequirement operation)
    {
        if (record is null || !await AllowsAsync(principal, record, Operations.Read))
        {
            return Result<T>.From(Result.NotFound);
        }
        if (operation != Operations.Read && !await AllowsAsync(principal, record, operation))
        {
            return Result<T>.From(Result.Forbidden);
        }
        return record;
    }

    public async Task<bool> AllowsAsync(ClaimsPrincipal principal, T record, OperationAuthorizationRequirement operation) =>
        (await authorization.AuthorizeAsync(principal, record, operation)).Succeeded;

    /// <summary>
    /// Who becomes responsible for a new record: the requested user only when the creator may reassign (creating for
    /// someone else is a reassignment), otherwise the creator. Whether the requested user exists and is active is the
    /// caller's validation.
    /// </summary>
    public string ResponsibleOnCreate(UserAccess user, string? requested) =>
        !string.IsNullOrEmpty(requested) && user.Has(rule.Permissions.Reassign) ? requested : user.UserId;
}
