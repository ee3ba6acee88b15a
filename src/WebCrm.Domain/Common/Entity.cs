namespace WebCrm.Domain.Common;

/// <summary>Marks an entity whose saves must detect lost updates.</summary>
/// <remarks>
/// SQLite has no row version column, so the token is managed by the application: the DbContext stores a new
/// value on every save and the UPDATE only matches when the row still carries the value the user loaded.
/// </remarks>
public interface IConcurrencyAware
{
    Guid ConcurrencyStamp { get; set; }
}

/// <summary>Marks an entity whose creation and last change are attributed to a user.</summary>
public interface IAuditable
{
    DateTime CreatedAtUtc { get; set; }
    string? CreatedById { get; set; }
    DateTime UpdatedAtUtc { get; set; }
    string? UpdatedById { get; set; }
}

/// <summary>Base for every editable entity: integer key, audit columns and concurrency token.</summary>
public abstract class Entity : IAuditable, IConcurrencyAware
{
    public int Id { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public string? CreatedById { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
    public string? UpdatedById { get; set; }
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}
