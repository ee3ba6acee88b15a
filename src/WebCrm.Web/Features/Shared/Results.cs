namespace WebCrm.Web.Features.Shared;

/// <summary>What a change of a record came to: the record's id, the errors next to fields, or what another user saved first.</summary>
public sealed record SaveResult(Outcome Outcome, int? Id = null, IReadOnlyDictionary<string, string>? Errors = null,
    IReadOnlyList<ConflictField>? Conflict = null, Guid? CurrentStamp = null);
