using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebCrm.Data;
using WebCrm.Domain.Packages;

namespace WebCrm.Web.Features.Packages.Outbox;

/// <summary>Where file bytes are kept (section <c>Files</c>): in the database, or in <see cref="Folder"/> when it is set.</summary>
public sealed class FileStorageOptions
{
    /// <summary>A folder for the bytes of new files (information materials, letters' attachments, articles' files); empty: the database.</summary>
    public string? Folder { get; set; }
}

/// <summary>
/// The bytes of the files of information materials, letters and articles, each kept once per content (SHA-256 and
/// size). With <c>Files:Folder</c> set, new bytes go to that folder under their hash (<c>ab/abcdef…</c>) and the
/// database row only says so (<see cref="StoredFile.InFolder"/>); files stored earlier in the database are read from there
/// as before. A file is written before the row that names it is saved, so a saved row never names a missing file
/// (a failed save leaves at most an unnamed file behind, which the next upload of the same bytes reuses).
/// </summary>
[ModuleEntryPoint]
public sealed class StoredFiles(CrmDbContext db, IOptions<FileStorageOptions> options, ILogger<StoredFiles> logger)
{
    private string? Folder => string.IsNullOrWhiteSpace(options.Value.Folder) ? null : options.Value.Folder;

    /// <summary>
    /// The stored file with these bytes: the id of an existing one (same SHA-256 and size), or a new one added to the
    /// context (id 0 until saved; the referencing row's navigation gives it its key).
    /// </summary>
    public async Task<(int Id, StoredFile? Added)> StoreAsync(byte[] content, CancellationToken ct)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        var tracked = db.ChangeTracker.Entries<StoredFile>().Select(e => e.Entity).FirstOrDefault(f => f.Sha256 == hash && f.Size == content.LongLength);
        if (tracked is not null)
        {
            return (tracked.Id, tracked.Id == 0 ? tracked : null);
        }
        var existing = await db.Set<StoredFile>().Where(f => f.Sha256 == hash && f.Size == content.LongLength)
            .Select(f => (int?)f.Id).FirstOrDefaultAsync(ct);
        if (existing is { } id)
        {
            return (id, null);
        }
        var stored = new StoredFile { Sha256 = hash, Size = content.LongLength, Content = content };
        if (Folder is { } folder)
        {
            await WriteAsync(folder, hash, content, ct);
            (stored.Content, stored.InFolder) = ([], true);
        }
        db.Set<StoredFile>().Add(stored);
        return (0, stored);
    }

    /// <summary>The bytes of the given stored files, by id.</summary>
    /// <exception cref="FileNotFoundException">A file kept in the folder is not there (or no folder is configured any more).</exception>
    public async Task<Dictionary<int, byte[]>> ReadAsync(IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        var rows = await db.Set<StoredFile>().AsNoTracking().Where(f => ids.Contains(f.Id))
            .Select(f => new { f.Id, f.Sha256, f.Size, f.InFolder, f.Content }).ToListAsync(ct);
        var result = new Dictionary<int, byte[]>();
        foreach (var row in rows)
        {
            result[row.Id] = row.InFolder ? await ReadFolderAsync(row.Sha256, row.Size, ct) : row.Content;
        }
        return result;
    }

    public async Task<byte[]> ReadAsync(int id, CancellationToken ct) =>
        (await ReadAsync([id], ct)).TryGetValue(id, out var content) ? content : throw new FileNotFoundException($"Stored file {id} does not exist.");

    /// <summary>
    /// The bytes of one file for a download, or null when they are gone from the files folder: the reader gets the
    /// not-found page rather than a server error, and the log tells the administrator which file is missing.
    /// </summary>
    public async Task<byte[]?> ReadForDownloadAsync(int id, CancellationToken ct)
    {
        try
        {
            return await ReadAsync(id, ct);
        }
        catch (FileNotFoundException e)
        {
            logger.LogError("A file asked for download is missing from the files storage: {Reason}", e.Message);
            return null;
        }
    }

    /// <summary>Where a file with this hash lies in the folder.</summary>
    public static string PathIn(string folder, string hash) => Path.Combine(folder, hash[..2], hash);

    private async Task<byte[]> ReadFolderAsync(string hash, long size, CancellationToken ct)
    {
        var path = Folder is { } folder ? PathIn(folder, hash) : null;
        if (path is null || !File.Exists(path))
        {
            throw new FileNotFoundException($"The stored file {hash} is not in the files folder ({Folder ?? "Files:Folder is not set"}).");
        }
        var content = await File.ReadAllBytesAsync(path, ct);
        return content.LongLength == size ? content
            : throw new FileNotFoundException($"The stored file {hash} in the files folder has {content.LongLength} bytes, not {size}.");
    }

    /// <summary>Writes the bytes under their hash unless a complete copy is there already (a temporary file, then a rename).</summary>
    private static async Task WriteAsync(string folder, string hash, byte[] content, CancellationToken ct)
    {
        var path = PathIn(folder, hash);
        if (File.Exists(path) && new FileInfo(path).Length == content.LongLength)
        {
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temporary, content, ct);
        File.Move(temporary, path, overwrite: true);
    }
}
