namespace WebCrm.Web.Features.Shared;

/// <summary>
/// The one answer of every module service: the <see cref="Infrastructure.Web.Outcome"/> (mapped to HTTP in one place,
/// <c>CrmController</c>), the saved record's id, errors keyed by field ("" for the whole form), and after a lost
/// update what the other user saved. <see cref="Result{T}"/> adds what a read or a form load returns.
/// </summary>
public record Result(Outcome Outcome, int? Id = null, IReadOnlyDictionary<string, string>? Errors = null,
    IReadOnlyList<ConflictField>? Conflict = null, Guid? CurrentStamp = null)
{
    public bool Ok => Outcome == Outcome.Ok;

    public static readonly Result NotFound = new(Outcome.NotFound);
    public static readonly Result Forbidden = new(Outcome.Forbidden);

    public static Result Success(int? id = null) => new(Outcome.Ok, id);

    public static Result Invalid(string field, string message) => new(Outcome.Invalid, Errors: new Dictionary<string, string> { [field] = message });

    /// <summary>Another user changed the record first; the message says what to do.</summary>
    public static Result Conflicted(string message) => new(Outcome.Conflict, Errors: new Dictionary<string, string> { [""] = message });

    public static Result Invalid(IReadOnlyDictionary<string, string> errors) => new(Outcome.Invalid, Errors: errors);

    /// <summary>The message for the whole form (key ""), or the first one.</summary>
    public string? Message => Errors is null ? null : Errors.TryGetValue("", out var m) ? m : Errors.Values.FirstOrDefault();
}

/// <summary>A <see cref="Result"/> carrying a value: the view model of a read, or the other user's version after a conflict.</summary>
public sealed record Result<T>(Outcome Outcome, T? Value = default, int? Id = null, IReadOnlyDictionary<string, string>? Errors = null,
    IReadOnlyList<ConflictField>? Conflict = null, Guid? CurrentStamp = null) : Result(Outcome, Id, Errors, Conflict, CurrentStamp)
{
    public static implicit operator Result<T>(T value) => new(Outcome.Ok, value);

    /// <summary><c>var (outcome, value) = result;</c></summary>
    public void Deconstruct(out Outcome outcome, out T? value)
    {
        outcome = Outcome;
        value = Value;
    }

    /// <summary>The same refusal (not found, forbidden, invalid, conflict) carried over to another value type.</summary>
    public static Result<T> From(Result other) => new(other.Outcome, default, other.Id, other.Errors, other.Conflict, other.CurrentStamp);
}
