namespace WebCrm.Domain.Common;

/// <summary>
/// One changed field of one entity, written by the DbContext on save so that every card can show
/// who changed what and when without each module writing its own history.
/// </summary>
public class ChangeLogEntry
{
    public long Id { get; set; }
    public string EntityType { get; set; } = "";
    public string EntityId { get; set; } = "";
    /// <summary>Type and id of the card the change belongs to (a contact person belongs to its company).</summary>
    public string? RootType { get; set; }
    public string? RootId { get; set; }
    public ChangeKind Kind { get; set; }
    public string? Field { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    public string? UserId { get; set; }
    public string? UserName { get; set; }
    public DateTime AtUtc { get; set; }
}

public enum ChangeKind
{
    Created = 1,
    Updated = 2,
    Deleted = 3,
}

/// <summary>Lets a child entity file its history under the card it is shown on.</summary>
public interface IHasHistoryRoot
{
    (string Type, string Id) HistoryRoot { get; }
}

/// <summary>
/// A small part of a card without audit columns of its own (an article's file, an article's link) whose adding and
/// removing is logged on the card as a "created" or "deleted" line naming the part: <see cref="HistoryValue"/> is
/// written as the new value when it is added and as the old value when it is removed, under the field
/// <see cref="HistoryField"/>. A field that is a foreign key is read back as the referenced record's name.
/// </summary>
public interface IHistoryPart : IHasHistoryRoot
{
    string HistoryField { get; }
    string? HistoryValue { get; }
}

/// <summary>
/// An audited part of a card that nothing can name once it is removed (a deal's stage, a product line): its removal is
/// logged with the field that named it and that field's value (<see cref="RemovalField"/>, <see cref="RemovalValue"/>),
/// so the history still reads "Stage — deleted: Negotiation". A field that is a foreign key is read back as the
/// referenced record's name.
/// </summary>
public interface INamedOnRemoval
{
    string RemovalField { get; }
    string? RemovalValue { get; }
}
