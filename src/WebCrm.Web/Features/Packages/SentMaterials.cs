using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WebCrm.Data;
using WebCrm.Domain.Packages;
using WebCrm.Domain.Security;
using WebCrm.Web.Features.Clients;
using WebCrm.Web.Features.Packages.Outbox;
using WebCrm.Web.Infrastructure.Authorization;

namespace WebCrm.Web.Features.Packages;

/// <summary>
/// What was sent to a company (the card's section) or to one contact person: when, by whom, which package, to whom,
/// and the delivery state from the outbox; resending a failed letter. Whoever sees the company sees its letters.
/// </summary>
public sealed class SentMaterials(CrmDbContext db, CompanyAccess companies, MailOutbox outbox, IOptions<SmtpOptions> smtp, ReferenceLookup lookup)
{
    public const int SectionSize = 50;

    /// <param name="cardChecked">True only from the company card, which has already decided that the user sees the company.</param>
    public async Task<Result<SentMaterialsViewModel>> ForCompanyAsync(int companyId, int? contactId, ClaimsPrincipal principal, CancellationToken ct,
        bool cardChecked = false)
    {
        var user = UserAccess.From(principal);
        if (!cardChecked && !await companies.IsVisibleAsync(companyId, user, ct))
        {
            return Result<SentMaterialsViewModel>.From(Result.NotFound);
        }
        string? contactName = null;
        if (contactId is { } cid)
        {
            contactName = await db.ContactPersons.AsNoTracking().Where(p => p.Id == cid && p.CompanyId == companyId).Select(p => p.FullName).FirstOrDefaultAsync(ct);
            if (contactName is null)
            {
                return Result<SentMaterialsViewModel>.From(Result.NotFound);
            }
        }
        var letters = db.Set<PackageLetter>().AsNoTracking().Where(x => x.CompanyId == companyId);
        if (contactId is not null)
        {
            letters = letters.Where(x => x.ContactPersonId == contactId);
        }
        var rows = await letters.OrderByDescending(x => x.SentAtUtc).ThenByDescending(x => x.Id).Take(SectionSize)
            .Join(db.Set<OutboxMessage>(), x => x.OutboxMessageId, m => m.Id, (x, m) => new
            {
                x.Id, x.SentAtUtc, x.SentById, x.PackageName, x.Subject, x.ContactName, x.ContactPersonId, x.ToAddress,
                m.State, m.LastError, DeliveredAt = m.SentAtUtc, m.Attempts,
            })
            .ToListAsync(ct);
        // Senders' names from the reference cache: no round trip.
        var data = await lookup.DataAsync();
        return new SentMaterialsViewModel
        {
            CompanyId = companyId,
            ContactName = contactName,
            Letters = rows.Select(r => new SentLetterRow(r.Id, r.SentAtUtc, data.UserName(r.SentById) ?? "", r.PackageName, r.Subject,
                r.ContactName, r.ContactPersonId, r.ToAddress, r.State, r.LastError, r.DeliveredAt, r.Attempts)).ToList(),
            CanSend = user.Has(Permissions.Packages.Send),
            MailEnabled = smtp.Value.Enabled,
        };
    }

    /// <summary>Queues a failed letter again (same text, files and Message-ID); the sender needs Packages.Send and must see the company.</summary>
    public async Task<Result> ResendAsync(int letterId, ClaimsPrincipal principal, CancellationToken ct)
    {
        var user = UserAccess.From(principal);
        var letter = await db.Set<PackageLetter>().AsNoTracking().Where(x => x.Id == letterId)
            .Select(x => new { x.CompanyId, x.OutboxMessageId }).FirstOrDefaultAsync(ct);
        if (letter is null || !await companies.IsVisibleAsync(letter.CompanyId, user, ct))
        {
            return Result.NotFound;
        }
        if (!user.Has(Permissions.Packages.Send))
        {
            return Result.Forbidden;
        }
        return await outbox.RetryAsync(letter.OutboxMessageId, ct) ? Result.Success(letter.CompanyId) : new Result(Outcome.Conflict, letter.CompanyId);
    }
}

/// <summary>The company card's "Information materials sent" section: one line in the card's view.</summary>
public sealed class SentMaterialsViewComponent(SentMaterials sent) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int companyId)
    {
        var result = await sent.ForCompanyAsync(companyId, null, (ClaimsPrincipal)User, HttpContext.RequestAborted, cardChecked: true);
        return result.Value is { } model ? View("/Features/Packages/Views/_SentMaterials.cshtml", model) : Content("");
    }
}

/// <summary>
/// The contact person's "Information materials sent to …" section (one line in the contact person's page): the letters
/// sent to him, with their delivery state. The page has already decided that the user sees the company.
/// </summary>
public sealed class SentToContactViewComponent(SentMaterials sent) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int companyId, int contactPersonId)
    {
        var result = await sent.ForCompanyAsync(companyId, contactPersonId, UserClaimsPrincipal, HttpContext.RequestAborted, cardChecked: true);
        return result.Value is { } model ? View("/Features/Packages/Views/_SentMaterials.cshtml", model) : Content("");
    }
}
