using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using WebCrm.Domain.Common;

namespace WebCrm.Data.Auditing;

/// <summary>
/// The one place where audit columns, concurrency tokens and the field-by-field change log are written,
/// so no module can forget them. Called by <see cref="CrmDbContext"/> around every save.
/// </summary>
internal sealed class AuditTrail(ICurrentUser currentUser, TimeProvider clock)
{
    private const int MaxLoggedValueLength = 1000;

    /// <summary>Stamps pending changes and queues their log; returns the added entries, whose keys exist only after the INSERT.</summary>
    public List<EntityEntry> BeforeSave(DbContext context)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var added = new List<EntityEntry>();
        var logs = new List<ChangeLogEntry>();
        foreach (var entry in context.ChangeTracker.Entries().ToList())
        {
            if (entry.Entity is ISearchable searchable && entry.State is EntityState.Added or EntityState.Modified)
            {
                searchable.RefreshSearchText();
            }
            if (entry.Entity is IConcurrencyAware aware && entry.State is EntityState.Added or EntityState.Modified)
            {
                // The original value stays what the user loaded, so the UPDATE's WHERE detects a lost race.
                aware.ConcurrencyStamp = Guid.NewGuid();
            }
            if (entry.Entity is IHistoryPart part and not IAuditable)
            {
                if (entry.State == EntityState.Added)
                {
                    added.Add(entry);
                }
                else if (entry.State == EntityState.Deleted)
                {
                    var log = NewLog(entry, ChangeKind.Deleted, now);
                    log.Field = part.HistoryField;
                    log.OldValue = part.HistoryValue;
                    logs.Add(log);
                }
                continue;
            }
            if (entry.Entity is not IAuditable auditable)
            {
                continue;
            }
            switch (entry.State)
            {
                case EntityState.Added:
                    auditable.CreatedAtUtc = now;
                    auditable.CreatedById = currentUser.UserId;
                    auditable.UpdatedAtUtc = now;
                    auditable.UpdatedById = currentUser.UserId;
                    added.Add(entry);
                    break;
                case EntityState.Modified:
                    auditable.UpdatedAtUtc = now;
                    auditable.UpdatedById = currentUser.UserId;
                    logs.AddRange(FieldChanges(entry, now));
                    break;
                case EntityState.Deleted:
                    var removed = NewLog(entry, ChangeKind.Deleted, now);
                    if (entry.Entity is INamedOnRemoval named)
                    {
                        removed.Field = named.RemovalField;
                        removed.OldValue = named.RemovalValue;
                    }
                    logs.Add(removed);
                    break;
            }
        }
        context.Set<ChangeLogEntry>().AddRange(logs);
        return added;
    }

    public IEnumerable<ChangeLogEntry> CreatedLogs(IEnumerable<EntityEntry> added)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return added.Select(e =>
        {
            var log = NewLog(e, ChangeKind.Created, now);
            if (e.Entity is IHistoryPart part and not IAuditable)
            {
                log.Field = part.HistoryField;
                log.NewValue = part.HistoryValue;
            }
            return log;
        }).ToList();
    }

    private IEnumerable<ChangeLogEntry> FieldChanges(EntityEntry entry, DateTime now)
    {
        foreach (var property in entry.Properties)
        {
            var name = property.Metadata.Name;
            if (!property.IsModified || IsBookkeeping(name) || property.Metadata.ClrType == typeof(byte[]) || IsDerived(property.Metadata))
            {
                continue;
            }
            // A recomputed total of the same value in another scale (0 and 0.00) is no change; logging it filled the
            // history with "0,00 ₽ → 0,00 ₽" rows.
            if (property.OriginalValue is decimal before && property.CurrentValue is decimal after && before == after)
            {
                continue;
            }
            var oldValue = Format(property.OriginalValue);
            var newValue = Format(property.CurrentValue);
            if (oldValue == newValue)
            {
                continue;
            }
            var log = NewLog(entry, ChangeKind.Updated, now);
            log.Field = name;
            log.OldValue = oldValue;
            log.NewValue = newValue;
            yield return log;
        }
    }

    private ChangeLogEntry NewLog(EntityEntry entry, ChangeKind kind, DateTime now)
    {
        var id = Key(entry);
        var (rootType, rootId) = entry.Entity is IHasHistoryRoot r ? r.HistoryRoot : (entry.Metadata.ClrType.Name, id);
        return new ChangeLogEntry
        {
            EntityType = entry.Metadata.ClrType.Name,
            EntityId = id,
            RootType = rootType,
            RootId = rootId,
            Kind = kind,
            UserId = currentUser.UserId,
            UserName = currentUser.UserName,
            AtUtc = now,
        };
    }

    private static string Key(EntityEntry entry)
    {
        var key = entry.Metadata.FindPrimaryKey();
        return key is null
            ? ""
            : string.Join(",", key.Properties.Select(p => Format(entry.Property(p.Name).CurrentValue)));
    }

    /// <summary>A <see cref="DerivedAttribute"/> column changes only with the field it is computed from, which is logged.</summary>
    private static bool IsDerived(Microsoft.EntityFrameworkCore.Metadata.IReadOnlyPropertyBase property) =>
        property.PropertyInfo?.IsDefined(typeof(DerivedAttribute), inherit: false) == true;

    private static bool IsBookkeeping(string name) => name is nameof(IConcurrencyAware.ConcurrencyStamp) or nameof(ISearchable.SearchText)
        or nameof(IAuditable.UpdatedAtUtc) or nameof(IAuditable.UpdatedById)
        or nameof(IAuditable.CreatedAtUtc) or nameof(IAuditable.CreatedById);

    private static string? Format(object? value)
    {
        var text = value switch
        {
            null => null,
            DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        return text is { Length: > MaxLoggedValueLength } ? text[..MaxLoggedValueLength] + "…" : text;
    }
}
