namespace WebCrm.Web.Features.Shared;

/// <summary>
/// One row of one of a card's small parts (contracts, bank accounts, groups, lines, payments, documents, custom-field
/// values, change history…) in a shape all parts share, so a card reads every small part in one command: each part is
/// a query projected to this shape with its own <see cref="Part"/> number and the parts are concatenated (UNION ALL).
/// Unlike sibling collections in one query this multiplies no rows, and it is one round trip instead of one per part.
/// Every projection assigns every member, in this order (set operations need identical shapes). A member a part does
/// not use gets a typed placeholder (<see cref="NoDate"/>, <see cref="NoTime"/>, 0, false) rather than NULL, and text
/// members NULL: PostgreSQL types a UNION column pair by pair from the left, so a column NULL in the first two parts
/// would become text and clash with a date further on. Readers look only at the members of their part.
/// </summary>
public sealed class PartRow
{
    public static readonly DateOnly NoDate = DateOnly.MinValue;
    public static readonly DateTime NoTime = DateTime.UnixEpoch;

    public int Part { get; init; }
    public long Id { get; init; }
    public string? T1 { get; init; }
    public string? T2 { get; init; }
    public string? T3 { get; init; }
    public string? T4 { get; init; }
    public string? T5 { get; init; }
    public string? T6 { get; init; }
    public string? T7 { get; init; }
    public DateOnly? D1 { get; init; }
    public DateOnly? D2 { get; init; }
    public DateOnly? D3 { get; init; }
    public DateTime? At { get; init; }
    public decimal? N1 { get; init; }
    public decimal? N2 { get; init; }
    public decimal? N3 { get; init; }
    public decimal? N4 { get; init; }
    public long? L1 { get; init; }
    public bool? B1 { get; init; }
    public bool? B2 { get; init; }
}
