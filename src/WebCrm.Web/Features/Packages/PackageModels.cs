using WebCrm.Domain.Packages;

namespace WebCrm.Web.Features.Packages;

/// <summary>The material form as posted.</summary>
public sealed class MaterialInput
{
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? SubjectRu { get; set; }
    public string? BodyRu { get; set; }
    public string? SubjectEn { get; set; }
    public string? BodyEn { get; set; }
    /// <summary>New files to add after the kept ones.</summary>
    public List<IFormFile> Files { get; set; } = [];
    /// <summary>Ids of the material's files to drop.</summary>
    public List<int> RemoveFileIds { get; set; } = [];
    public Guid ConcurrencyStamp { get; set; }
}

public sealed record MaterialFileRow(int Id, string FileName, long Size);

public sealed class MaterialFormViewModel
{
    public int? Id { get; init; }
    public required MaterialInput Input { get; init; }
    public IReadOnlyList<MaterialFileRow> Files { get; init; } = [];
    public long MaxFileBytes { get; init; }
}

/// <summary>The package form as posted: each material's position (empty: not in the package).</summary>
public sealed class PackageInput
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public Dictionary<int, string?> Positions { get; set; } = [];
    public Guid ConcurrencyStamp { get; set; }
}

public sealed record MaterialChoice(int Id, string Title, string? Position);

public sealed class PackageFormViewModel
{
    public int? Id { get; init; }
    public required PackageInput Input { get; init; }
    public IReadOnlyList<MaterialChoice> Materials { get; init; } = [];
}

public sealed record MaterialListRow(int Id, string Title, string? Description, int Files, DateTime UpdatedAtUtc);

public sealed record PackageListRow(int Id, string Name, string? Description, IReadOnlyList<string> Materials);

public sealed class PackagesIndexViewModel
{
    public IReadOnlyList<PackageListRow> Packages { get; init; } = [];
    public IReadOnlyList<MaterialListRow> Materials { get; init; } = [];
    public bool CanManage { get; init; }
    public bool CanSend { get; init; }
    public bool MailEnabled { get; init; }
}

/// <summary>Sending a package to chosen contact persons of one company (from its card).</summary>
public sealed class SendInput
{
    public int CompanyId { get; set; }
    public int? PackageId { get; set; }
    public string Language { get; set; } = "ru";
    public List<int> ContactIds { get; set; } = [];
    /// <summary>False: show the preview; true: the user saw it and sends.</summary>
    public bool Confirm { get; set; }
}

/// <summary>Sending a package to the contact persons (with an email) of every company a saved filter finds.</summary>
public sealed class SendToListInput
{
    public int? SavedFilterId { get; set; }
    public int? PackageId { get; set; }
    public string Language { get; set; } = "ru";
    public bool Confirm { get; set; }
}

public sealed record ContactChoice(int Id, string FullName, string? Email, bool Chosen);

/// <summary>One letter as it will go out: placeholders filled, files listed.</summary>
public sealed record LetterPreview(string CompanyName, string ContactName, string ToAddress, string Subject, string Body, IReadOnlyList<string> Files);

public sealed class SendViewModel
{
    public required SendInput Input { get; init; }
    public required string CompanyName { get; init; }
    public IReadOnlyList<Option> Packages { get; init; } = [];
    public IReadOnlyList<ContactChoice> Contacts { get; init; } = [];
    public IReadOnlyList<LetterPreview> Preview { get; init; } = [];
}

public sealed class SendToListViewModel
{
    public required SendToListInput Input { get; init; }
    public IReadOnlyList<Option> Filters { get; init; } = [];
    public IReadOnlyList<Option> Packages { get; init; } = [];
    public IReadOnlyList<LetterPreview> Preview { get; init; } = [];
    public int Companies { get; init; }
    public int Recipients { get; init; }
    public bool Previewed { get; init; }
}

/// <summary>One package letter in the company card's section or a contact person's list.</summary>
public sealed record SentLetterRow(int Id, DateTime SentAtUtc, string SentBy, string PackageName, string Subject, string ContactName,
    int? ContactPersonId, string ToAddress, OutboxState State, string? LastError, DateTime? DeliveredAtUtc, int Attempts);

public sealed class SentMaterialsViewModel
{
    public int CompanyId { get; init; }
    public string? ContactName { get; init; }
    public IReadOnlyList<SentLetterRow> Letters { get; init; } = [];
    public bool CanSend { get; init; }
    public bool MailEnabled { get; init; }
}

/// <summary>One labelled input of the module's forms, with its error next to it.</summary>
public sealed record PackageField(string Name, string Label, string? Value, int Max = 0, string Type = "text", bool Required = false, string? Help = null);
