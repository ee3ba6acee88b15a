using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Packages;
using WebCrm.Web.Features.Packages.Outbox;

namespace WebCrm.Web.Features.Packages;

/// <summary>A package as its letters need it: materials in order with their letter texts and files.</summary>
public sealed record PackageContent(int Id, string Name, IReadOnlyList<Material> Materials)
{
    public IEnumerable<MaterialFile> Files => Materials.SelectMany(m => m.Files.OrderBy(f => f.SortOrder));
}

/// <summary>One recipient of a package letter: the contact person, his company and its responsible manager by name.</summary>
public sealed record PackageRecipient(int CompanyId, string CompanyName, int ContactId, string ContactName, string Email, string ManagerName);

/// <summary>
/// How a package becomes a letter: the subject is the first material's subject (in the chosen language, else the
/// other one, else the package name), the body the materials' bodies in order, the files every material's files in
/// order; placeholders filled for the recipient.
/// </summary>
public sealed class PackageLetters(CrmDbContext db, MailOutbox outbox, TimeProvider clock)
{
    public const string Source = "Packages";
    public static readonly string[] Languages = ["ru", "en"];

    public async Task<PackageContent?> LoadAsync(int packageId, CancellationToken ct)
    {
        var package = await db.Set<InfoPackage>().AsNoTracking().Include(p => p.Items).ThenInclude(i => i.Material!).ThenInclude(m => m.Files)
            .AsSplitQuery().FirstOrDefaultAsync(p => p.Id == packageId, ct);
        return package is null ? null
            : new PackageContent(package.Id, package.Name, package.Items.OrderBy(i => i.SortOrder).Select(i => i.Material!).ToList());
    }

    public static LetterPreview Compose(PackageContent package, PackageRecipient to, string language)
    {
        string Fill(string? text) => LetterTemplate.Fill(text, to.CompanyName, to.ContactName, to.ManagerName).Trim();
        var subject = Fill(package.Materials.Select(m => m.Subject(language)).FirstOrDefault(s => !string.IsNullOrWhiteSpace(s)) ?? package.Name);
        var body = string.Join("\n\n", package.Materials.Select(m => Fill(m.Body(language))).Where(b => b.Length > 0));
        return new LetterPreview(to.CompanyName, to.ContactName, to.Email, subject, body, package.Files.Select(f => f.FileName).ToList());
    }

    /// <summary>Puts one letter per recipient in the outbox with its record for the card, in one save.</summary>
    public async Task<int> SendAsync(PackageContent package, IReadOnlyList<PackageRecipient> recipients, string language, string senderId, CancellationToken ct)
    {
        var files = package.Files.Select(f => new OutboxFile(f.FileName, f.ContentType, null, f.StoredFileId)).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        var pairs = new List<(OutboxMessage Message, PackageLetter Letter)>();
        foreach (var to in recipients)
        {
            var letter = Compose(package, to, language);
            var message = await outbox.AddAsync(new OutboxLetter(to.Email, to.ContactName, letter.Subject, letter.Body) { Attachments = files }, Source, ct);
            pairs.Add((message, new PackageLetter
            {
                CompanyId = to.CompanyId, ContactPersonId = to.ContactId, ContactName = to.ContactName, ToAddress = to.Email,
                PackageId = package.Id, PackageName = package.Name, Subject = message.Subject, Language = language,
                SentById = senderId, SentAtUtc = now,
            }));
        }
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            foreach (var (message, letter) in pairs)
            {
                letter.OutboxMessageId = message.Id;
                db.Set<PackageLetter>().Add(letter);
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        });
        outbox.Wake();
        return pairs.Count;
    }
}
