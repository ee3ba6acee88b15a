using System.Security.Claims;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Reports;
using WebCrm.Domain.Security;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Reports;

public sealed record SavedReportOption(int Id, string Name, bool IsShared, bool IsMine);

public sealed class SaveReportInput
{
    public string? Name { get; set; }
    public bool Shared { get; set; }
}

public sealed class SaveReportInputValidator : AbstractValidator<SaveReportInput>
{
    public SaveReportInputValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage(_ => l["Enter a name."])
            .MaximumLength(200).WithMessage(_ => l["At most {0} characters.", 200]);
    }
}

/// <summary>
/// Report definitions kept under a name, personal or shared (<see cref="SavedReportVisibility"/>): another user's
/// personal report is not found; only its owner deletes a report; anyone who sees one may copy it as his own.
/// </summary>
public sealed class SavedReports(CrmDbContext db, IStringLocalizer<SharedResource> l)
{
    private static SavedReportVisibility Rule => SavedReportVisibility.Instance;

    private IQueryable<SavedReport> Visible(UserAccess user) => Rule.Apply(db.SavedReports.AsNoTracking(), user);

    /// <summary>The reports offered: the seeded ones first (named in the UI language), then the user's own and the shared ones by name.</summary>
    public async Task<List<SavedReportOption>> OptionsAsync(UserAccess user, CancellationToken ct) =>
        (await Visible(user).Select(r => new { r.Id, r.Name, r.Code, r.IsShared, Mine = r.OwnerId == user.UserId }).ToListAsync(ct))
            .Select(r => new SavedReportOption(r.Id, NameOf(r.Name, r.Code), r.IsShared, r.Mine))
            .OrderBy(r => r.IsMine).ThenBy(r => r.Name, StringComparer.CurrentCulture).ThenBy(r => r.Id).ToList();

    private string NameOf(string name, string? code) => code is null ? name : l["Report." + code];

    /// <summary>The saved definition and name; not found when the user cannot see it.</summary>
    public async Task<Result<(string Name, ReportDefinition Definition)>> LoadAsync(int id, UserAccess user, CancellationToken ct)
    {
        var saved = await Visible(user).Where(r => r.Id == id).Select(r => new { r.Name, r.Code, r.Definition }).FirstOrDefaultAsync(ct);
        return saved is not null && ReportJson.Read(saved.Definition) is { } definition
            ? (NameOf(saved.Name, saved.Code), definition)
            : Result<(string, ReportDefinition)>.From(Result.NotFound);
    }

    public async Task<Result> SaveAsync(SaveReportInput input, ReportDefinition definition, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = UserAccess.From(principal);
        var report = new SavedReport { Name = input.Name!.Trim(), OwnerId = user.UserId, IsShared = input.Shared, Definition = ReportJson.Write(definition) };
        db.SavedReports.Add(report);
        await db.SaveChangesAsync(ct);
        return Result.Success(report.Id);
    }

    /// <summary>A personal copy of a report the user sees (a seeded or another user's shared one, or his own).</summary>
    public async Task<Result> CopyAsync(int id, string copyName, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = UserAccess.From(principal);
        var source = await Visible(user).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (source is null)
        {
            return Result.NotFound;
        }
        var name = $"{NameOf(source.Name, source.Code)} ({copyName})";
        var copy = new SavedReport { Name = name.Length > 200 ? name[..200] : name, OwnerId = user.UserId, IsShared = false, Definition = source.Definition };
        db.SavedReports.Add(copy);
        await db.SaveChangesAsync(ct);
        return Result.Success(copy.Id);
    }

    /// <summary>Deletes the user's own report; another user's or a seeded one is refused (404 when not visible, 403 when only seen).</summary>
    public async Task<Result> DeleteAsync(int id, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = UserAccess.From(principal);
        var report = await db.SavedReports.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (report is null || !Rule.CanSee(report, user))
        {
            return Result.NotFound;
        }
        if (!Rule.Allows(report, user, RecordOperations.Delete))
        {
            return Result.Forbidden;
        }
        db.SavedReports.Remove(report);
        await db.SaveChangesAsync(ct);
        return Result.Success();
    }
}
