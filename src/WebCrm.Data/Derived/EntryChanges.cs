using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace WebCrm.Data.Derived;

/// <summary>What the stored copies (<see cref="PaymentReportKeys"/>, <see cref="DealCompanyResponsible"/>) ask of a pending change.</summary>
internal static class EntryChanges
{
    /// <summary>Whether the save writes another value into the property (marked modified and not set back to what it was).</summary>
    public static bool Changed(EntityEntry entry, string property)
    {
        var p = entry.Property(property);
        return p.IsModified && !Equals(p.OriginalValue, p.CurrentValue);
    }
}
