using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Clients;

/// <summary>A company's bank details, edited inside the card.</summary>
public sealed class BankAccountEditing(CrmDbContext db, CompanyParts parts, IStringLocalizer<SharedResource> l)
{
    private static BankAccountInput ToInput(BankAccount b) => new()
    {
        BankName = b.BankName, Bik = b.Bik, CorrespondentAccount = b.CorrespondentAccount, AccountNumber = b.AccountNumber,
        ConcurrencyStamp = b.ConcurrencyStamp,
    };

    public async Task<Result<BankAccountFormViewModel>> FormAsync(int companyId, int? id, BankAccountInput? posted,
        BankAccountInput? theirs, ClaimsPrincipal principal, CancellationToken ct)
    {
        var loaded = await parts.CompanyAsync(companyId, principal, Operations.Update, ct);
        if (loaded.Value is not { } company)
        {
            return Result<BankAccountFormViewModel>.From(loaded);
        }
        var input = posted ?? new BankAccountInput();
        if (id is { } accountId)
        {
            var account = await db.BankAccounts.AsNoTracking().FirstOrDefaultAsync(b => b.Id == accountId && b.CompanyId == companyId, ct);
            if (account is null)
            {
                return Result<BankAccountFormViewModel>.From(Result.NotFound);
            }
            input = posted ?? ToInput(account);
        }
        var conflict = theirs is null ? [] : CompanyParts.Differences(
        [
            (l["Bank"], theirs.BankName, input.BankName),
            (l["BIK"], theirs.Bik, input.Bik),
            (l["Correspondent account"], theirs.CorrespondentAccount, input.CorrespondentAccount),
            (l["Account number"], theirs.AccountNumber, input.AccountNumber),
        ]);
        return new BankAccountFormViewModel { CompanyId = companyId, CompanyName = company.Name, Id = id, Input = input, Conflict = conflict };
    }

    /// <summary>Adds (<paramref name="id"/> null) or changes bank details; after a lost update the value is what is stored now.</summary>
    public async Task<Result<BankAccountInput>> SaveAsync(int companyId, int? id, BankAccountInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        if (await parts.CompanyAsync(companyId, principal, Operations.Update, ct) is { Ok: false } refused)
        {
            return Result<BankAccountInput>.From(refused);
        }
        BankAccount? account;
        if (id is { } accountId)
        {
            account = await db.BankAccounts.FirstOrDefaultAsync(b => b.Id == accountId && b.CompanyId == companyId, ct);
            if (account is null)
            {
                return Result<BankAccountInput>.From(Result.NotFound);
            }
            db.Entry(account).Property(b => b.ConcurrencyStamp).OriginalValue = input.ConcurrencyStamp;
        }
        else
        {
            account = new BankAccount { CompanyId = companyId };
            db.BankAccounts.Add(account);
        }
        account.BankName = input.BankName!.Trim();
        account.Bik = BankAccountInput.Digits(input.Bik)!;
        account.CorrespondentAccount = BankAccountInput.Digits(input.CorrespondentAccount);
        account.AccountNumber = BankAccountInput.Digits(input.AccountNumber)!;
        if (await parts.SaveAsync(() => db.SaveChangesAsync(ct), ct))
        {
            return CompanyParts.Saved<BankAccountInput>(true, account.Id, null);
        }
        var current = await db.BankAccounts.AsNoTracking().FirstOrDefaultAsync(b => b.Id == id && b.CompanyId == companyId, ct);
        return CompanyParts.Saved(false, account.Id, current is null ? null : ToInput(current));
    }

    public Task<Result> DeleteAsync(int companyId, int id, Guid stamp, ClaimsPrincipal principal, CancellationToken ct) =>
        parts.RemoveAsync<BankAccount>(companyId, b => b.Id == id && b.CompanyId == companyId, stamp, principal, null, ct);
}
