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
