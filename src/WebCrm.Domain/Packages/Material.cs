using WebCrm.Domain.Common;

namespace WebCrm.Domain.Packages;

/// <summary>
/// An information material: what it is, its files, and the letter that carries it, in Russian and English. Subject and
/// body may hold the placeholders of <see cref="LetterTemplate"/>.
/// </summary>
public sealed class Material : Entity
{
    public const int MaxTitleLength = 300;
    public const int MaxSubjectLength = 300;
    public const int MaxBodyLength = 20000;

    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public string? SubjectRu { get; set; }
    public string? BodyRu { get; set; }
    public string? SubjectEn { get; set; }
    public string? BodyEn { get; set; }
    public List<MaterialFile> Files { get; set; } = [];

    public string? Subject(string language) => language == "en" ? SubjectEn ?? SubjectRu : SubjectRu ?? SubjectEn;

    public string? Body(string language) => language == "en" ? BodyEn ?? BodyRu : BodyRu ?? BodyEn;
}

/// <summary>A file of a material, in its place in the material's order; the bytes are a <see cref="StoredFile"/>.</summary>
public sealed class MaterialFile
{
    public int Id { get; set; }
    public int MaterialId { get; set; }
    public int SortOrder { get; set; }
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    public int StoredFileId { get; set; }
    public StoredFile? File { get; set; }
}

/// <summary>A named, ordered set of materials sent together in one letter.</summary>
public sealed class InfoPackage : Entity
{
    public const int MaxNameLength = 200;

    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public List<InfoPackageItem> Items { get; set; } = [];
}

public sealed class InfoPackageItem
{
    public int Id { get; set; }
    public int PackageId { get; set; }
    public int MaterialId { get; set; }
    public int SortOrder { get; set; }
    public Material? Material { get; set; }
}

/// <summary>
/// One package letter to one contact person: who sent what to whom and when, and the outbox letter that carries it
/// (its delivery state). Written once, never edited; names are kept as they were when sent.
/// </summary>
public sealed class PackageLetter
{
    public int Id { get; set; }
    public int CompanyId { get; set; }
    public int? ContactPersonId { get; set; }
    public string ContactName { get; set; } = "";
    public string ToAddress { get; set; } = "";
    public int? PackageId { get; set; }
    public string PackageName { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Language { get; set; } = "ru";
    public int OutboxMessageId { get; set; }
    public string SentById { get; set; } = "";
    public DateTime SentAtUtc { get; set; }
}

/// <summary>The placeholders of a material's letter and how they are filled.</summary>
public static class LetterTemplate
{
    public const string Company = "{company}";
    public const string Contact = "{contact}";
    public const string Manager = "{manager}";

    public static readonly string[] Placeholders = [Company, Contact, Manager];

    /// <summary>Replaces each placeholder with its value (an empty value leaves nothing); other braces stay as written.</summary>
    public static string Fill(string? template, string company, string contact, string manager) =>
        (template ?? "").Replace(Company, company, StringComparison.OrdinalIgnoreCase)
            .Replace(Contact, contact, StringComparison.OrdinalIgnoreCase)
            .Replace(Manager, manager, StringComparison.OrdinalIgnoreCase);
}
