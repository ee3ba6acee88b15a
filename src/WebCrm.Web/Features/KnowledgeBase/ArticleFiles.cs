using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.KnowledgeBase;
using WebCrm.Web.Features.Clients;
using WebCrm.Web.Features.Packages.Outbox;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.KnowledgeBase;

/// <summary>A file read from the form and found acceptable.</summary>
public sealed record ArticleUpload(string Name, string Type, byte[] Content);

/// <summary>
/// An article's attachments: checked like a contract's files (extension, declared type and first bytes must agree; size
/// limit <c>KnowledgeBase:MaxFileBytes</c>, 10 MB by default), stored once per content like the information materials'
/// files, downloaded only by readers of the knowledge base and only through their own article.
/// </summary>
public sealed class ArticleFiles(CrmDbContext db, StoredFiles stored, IStringLocalizer<SharedResource> l, IConfiguration configuration)
{
    public const long DefaultMaxBytes = 10 * 1024 * 1024;
    public const int MaxFiles = 20;

    public long MaxFileBytes => configuration.GetValue("KnowledgeBase:MaxFileBytes", DefaultMaxBytes);

    /// <summary>Reads and checks the uploads; the first problem goes to <paramref name="errors"/> under <c>Files</c>.</summary>
    public async Task<List<ArticleUpload>> ReadAsync(Article? article, ArticleInput input, Dictionary<string, string> errors, CancellationToken ct)
    {
        const string key = nameof(ArticleInput.Files);
        var kept = article?.Attachments.Count(f => !input.RemoveFileIds.Contains(f.Id)) ?? 0;
        if (kept + input.Files.Count > MaxFiles)
        {
            errors[key] = l["At most {0} files per article.", MaxFiles];
            return [];
        }
        var uploads = new List<ArticleUpload>();
        foreach (var file in input.Files)
        {
            var name = ContractFiles.SafeName(file.FileName);
            if (file.Length == 0)
            {
                errors[key] = l["{0}: the file is empty.", name];
                return [];
            }
            if (file.Length > MaxFileBytes)
            {
                errors[key] = l["{0}: the file is too large, at most {1} MB.", name, Math.Round(MaxFileBytes / (1024m * 1024m), 1)];
                return [];
            }
            using var buffer = new MemoryStream((int)file.Length);
            await using (var stream = file.OpenReadStream())
            {
                await stream.CopyToAsync(buffer, ct);
            }
            var content = buffer.ToArray();
            switch (ContractFiles.Inspect(name, file.ContentType, content, out var type))
            {
                case ContractFiles.Check.Ok:
                    uploads.Add(new ArticleUpload(name, type, content));
                    break;
                case ContractFiles.Check.TypeNotAllowed:
                    errors[key] = l["{0}: only PDF, Word (DOC, DOCX), Excel (XLS, XLSX), ODT, PNG, JPEG and TXT files can be attached.", name];
                    return [];
                default:
                    errors[key] = l["{0}: the file's content does not match its type.", name];
                    return [];
            }
        }
        return uploads;
    }

    /// <summary>Removes the files the editor ticked and adds the new ones after the kept ones (saved with the article).</summary>
    public async Task ApplyAsync(Article article, IReadOnlyCollection<int> removeIds, IReadOnlyList<ArticleUpload> uploads, CancellationToken ct)
    {
        foreach (var gone in article.Attachments.Where(f => removeIds.Contains(f.Id)).ToList())
        {
            article.Attachments.Remove(gone);
            db.Remove(gone);
        }
        var order = article.Attachments.Select(f => f.SortOrder).DefaultIfEmpty(-1).Max() + 1;
        foreach (var upload in uploads)
        {
            var (storedId, added) = await stored.StoreAsync(upload.Content, ct);
            article.Attachments.Add(new ArticleAttachment
            {
                SortOrder = order++, FileName = upload.Name, ContentType = upload.Type, Size = upload.Content.LongLength,
                StoredFileId = storedId, File = added,
            });
        }
    }

    /// <summary>The article's files in order, without their bytes.</summary>
    public async Task<IReadOnlyList<AttachmentRow>> ListAsync(int articleId, CancellationToken ct) =>
        await db.Set<ArticleAttachment>().AsNoTracking().Where(f => f.ArticleId == articleId).OrderBy(f => f.SortOrder).ThenBy(f => f.Id)
            .Select(f => new AttachmentRow(f.Id, f.FileName, f.Size)).ToListAsync(ct);

    /// <summary>One file of one article (null when the file is not the article's).</summary>
    public async Task<(string Name, string Type, byte[] Content)?> FileAsync(int articleId, int fileId, CancellationToken ct)
    {
        var file = await db.Set<ArticleAttachment>().AsNoTracking().Where(f => f.Id == fileId && f.ArticleId == articleId)
            .Select(f => new { f.FileName, f.ContentType, f.StoredFileId }).FirstOrDefaultAsync(ct);
        return file is not null && await stored.ReadForDownloadAsync(file.StoredFileId, ct) is { } content
            ? (file.FileName, file.ContentType, content)
            : null;
    }
}
