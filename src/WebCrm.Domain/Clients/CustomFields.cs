using WebCrm.Domain.Common;

namespace WebCrm.Domain.Clients;

public enum CustomFieldTarget
{
    Company = 1,
    ContactPerson = 2,
    Deal = 3,
}

public enum CustomFieldType
{
    Text = 1,
    Number = 2,
    Date = 3,
    YesNo = 4,
    List = 5,
}

/// <summary>A field an administrator adds to companies, contact persons or deals.</summary>
public class CustomFieldDefinition : Entity
{
    public CustomFieldTarget Target { get; set; }
    public string NameEn { get; set; } = "";
    public string NameRu { get; set; } = "";
    public CustomFieldType Type { get; set; }
    public bool IsRequired { get; set; }
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;
    /// <summary>For list fields: the allowed values, one per line.</summary>
    public string? Options { get; set; }

    public string Name(string language) => language == "ru" ? NameRu : NameEn;

    public IReadOnlyList<string> OptionList =>
        (Options ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// One value of a custom field on one record, in a column of its own type so filters compare numbers as
/// numbers and dates as dates inside the database.
/// </summary>
public class CustomFieldValue
{
    public long Id { get; set; }
    public int DefinitionId { get; set; }
    public CustomFieldDefinition? Definition { get; set; }
    public CustomFieldTarget Target { get; set; }
    public int EntityId { get; set; }
    public string? TextValue { get; set; }
    public decimal? NumberValue { get; set; }
    public DateOnly? DateValue { get; set; }
    public bool? BoolValue { get; set; }
}

/// <summary>A named filter of a list, personal (owner only) or shared with everyone.</summary>
public class SavedFilter : Entity
{
    public string Module { get; set; } = "";
    public string Name { get; set; } = "";
    public string OwnerId { get; set; } = "";
    public bool IsShared { get; set; }
    /// <summary>The conditions as JSON (field, operator, values); read back through the same filter builder.</summary>
    public string Definition { get; set; } = "";
}
