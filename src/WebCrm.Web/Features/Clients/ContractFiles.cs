namespace WebCrm.Web.Features.Clients;

/// <summary>
/// Which files may be attached to a contract. A file passes only when its extension, its declared content type
/// and its first bytes all name the same kind, so a renamed program is refused whatever it claims to be.
/// </summary>
[ModuleEntryPoint]
public static class ContractFiles
{
    public const long DefaultMaxBytes = 10 * 1024 * 1024;
    public const int MaxNameLength = 255;

    private sealed record Kind(string ContentType, string[] Extensions, string[] DeclaredTypes, Func<byte[], bool> Matches);

    private static readonly byte[] Pdf = "%PDF-"u8.ToArray();
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] Zip = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] Ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private static readonly Kind[] Kinds =
    [
        new("application/pdf", [".pdf"], ["application/pdf", "application/x-pdf"], b => StartsWith(b, Pdf)),
        new("application/msword", [".doc"], ["application/msword"], b => StartsWith(b, Ole)),
        new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", [".docx"],
            ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"], b => StartsWith(b, Zip)),
        new("application/vnd.ms-excel", [".xls"], ["application/vnd.ms-excel"], b => StartsWith(b, Ole)),
        new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [".xlsx"],
            ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"], b => StartsWith(b, Zip)),
        new("application/vnd.oasis.opendocument.text", [".odt"], ["application/vnd.oasis.opendocument.text"], b => StartsWith(b, Zip)),
        new("image/png", [".png"], ["image/png"], b => StartsWith(b, Png)),
        new("image/jpeg", [".jpg", ".jpeg"], ["image/jpeg", "image/pjpeg"], b => StartsWith(b, Jpeg)),
        new("text/plain", [".txt"], ["text/plain"], IsText),
    ];

    public enum Check
    {
        Ok,
        TypeNotAllowed,
        ContentMismatch,
    }

    /// <summary>Decides on a file; on success <paramref name="contentType"/> is the type it is stored and served with.</summary>
    public static Check Inspect(string fileName, string? declaredType, byte[] content, out string contentType)
    {
        contentType = "";
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        var declared = (declaredType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        var kind = Kinds.FirstOrDefault(k => k.Extensions.Contains(extension));
        if (kind is null || !kind.DeclaredTypes.Contains(declared))
        {
            return Check.TypeNotAllowed;
        }
        if (!kind.Matches(content))
        {
            return Check.ContentMismatch;
        }
        contentType = kind.ContentType;
        return Check.Ok;
    }

    /// <summary>The name without any path, control characters or excess length (the extension is kept).</summary>
    public static string SafeName(string? name)
    {
        var clean = new string(Path.GetFileName((name ?? "").Replace('\\', '/')).Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (clean.Length == 0)
        {
            clean = "file";
        }
        if (clean.Length > MaxNameLength)
        {
            var extension = Path.GetExtension(clean);
            extension = extension.Length > 10 ? "" : extension;
            clean = clean[..(MaxNameLength - extension.Length)] + extension;
        }
        return clean;
    }

    private static bool StartsWith(byte[] content, byte[] magic) => content.AsSpan().StartsWith(magic);

    /// <summary>Plain text has no control bytes other than tab, line breaks and form feed.</summary>
    private static bool IsText(byte[] content)
    {
        foreach (var b in content)
        {
            if ((b < 0x20 && b is not (0x09 or 0x0A or 0x0C or 0x0D)) || b == 0x7F)
            {
                return false;
            }
        }
        return true;
    }
}
