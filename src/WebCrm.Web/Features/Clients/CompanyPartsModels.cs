using Microsoft.AspNetCore.Http;

namespace WebCrm.Web.Features.Clients;

/// <summary>What every form of a company part posts besides its fields: the stamp the user loaded.</summary>
public abstract class PartInput
{
    public Guid ConcurrencyStamp { get; set; }
}

public sealed class ContactInput : PartInput
{
    public string? FullName { get; set; }
    public int? PositionId { get; set; }
    public string? Phone { get; set; }
    public string? MobilePhone { get; set; }
    public string? Email { get; set; }
    /// <summary>yyyy-MM-dd from the date input (or a date in the user's culture).</summary>
    public string? Birthday { get; set; }
    public string? Notes { get; set; }
    /// <summary>Custom field values keyed by definition id, as text from the form.</summary>
    public Dictionary<int, string?> Custom { get; set; } = [];
}

public sealed class BankAccountInput : PartInput
{
    public string? BankName { get; set; }
    public string? Bik { get; set; }
    public string? CorrespondentAccount { get; set; }
    public string? AccountNumber { get; set; }

    /// <summary>Bank numbers are often typed in groups; spaces do not count.</summary>
    public static string? Digits(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Replace(" ", "").Trim();
}

public sealed class ContractInput : PartInput
{
    public string? Number { get; set; }
    public string? Date { get; set; }
    public string? Subject { get; set; }
    public string? Amount { get; set; }
    public int? CurrencyId { get; set; }
    public string? ValidFrom { get; set; }
    public string? ValidUntil { get; set; }
    public int? StatusId { get; set; }
    public IFormFile? File { get; set; }
    /// <summary>On edit: drop the attached file (ignored when a new file is posted, which replaces it).</summary>
    public bool RemoveFile { get; set; }
}

public sealed class GroupMembershipInput
{
    /// <summary>The ticked groups; every group shown and not ticked loses the company.</summary>
    public List<int> GroupIds { get; set; } = [];
}

public sealed class GroupInput
{
    public string? Name { get; set; }
    public bool Shared { get; set; }
}

public abstract class PartFormViewModel
{
    public required int CompanyId { get; init; }
    public required string CompanyName { get; init; }
    /// <summary>Null while adding.</summary>
    public int? Id { get; init; }
    public IReadOnlyList<ConflictField> Conflict { get; init; } = [];
}

public sealed class ContactFormViewModel : PartFormViewModel
{
    public required ContactInput Input { get; init; }
    public required IReadOnlyList<Option> Positions { get; init; }
    public required IReadOnlyList<CustomFieldEditor> CustomFields { get; init; }
}

public sealed class BankAccountFormViewModel : PartFormViewModel
{
    public required BankAccountInput Input { get; init; }
}

public sealed class ContractFormViewModel : PartFormViewModel
{
    public required ContractInput Input { get; init; }
    public required IReadOnlyList<Option> Currencies { get; init; }
    public required IReadOnlyList<Option> Statuses { get; init; }
    public string? CurrentFileName { get; init; }
    public long? CurrentFileSize { get; init; }
    public required long MaxFileBytes { get; init; }
}

public sealed class GroupFormViewModel
{
    public required int CompanyId { get; init; }
    public required string CompanyName { get; init; }
    public required GroupInput Input { get; init; }
    public bool CanCreateShared { get; init; }
}

public sealed record ContractFileDownload(string FileName, string ContentType, byte[] Content);

/// <summary>One field of a part's form, drawn by the _Field partial with its error from the model state.</summary>
public sealed record FormField(string Name, string Label, string? Value, int Max = 0, string Type = "text",
    IReadOnlyList<Option>? Options = null, bool Wide = false, bool Required = false);
