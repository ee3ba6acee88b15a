using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Reference;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Clients;

/// <summary>A company's contracts with their attached files, edited inside the card; the file is downloaded by whoever sees the company.</summary>
public sealed class ContractEditing(CrmDbContext db, CompanyParts parts, ReferenceLookup lookup, IStringLocalizer<SharedResource> l,
    IConfiguration configuration)
{
    public long MaxFileBytes => configuration.GetValue("Contracts:MaxFileBytes", ContractFiles.DefaultMaxBytes);

    private static string? Day(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static ContractInput ToInput(Contract k) => new()
    {
        Number = k.Number, Date = Day(k.Date), Subject = k.Subject,
        Amount = k.Amount?.ToString("0.####", CultureInfo.InvariantCulture), CurrencyId = k.CurrencyId,
        ValidFrom = Day(k.ValidFrom), ValidUntil = Day(k.ValidUntil), StatusId = k.StatusId,
        ConcurrencyStamp = k.ConcurrencyStamp,
    };

    public async Task<Result<ContractFormViewModel>> FormAsync(int companyId, int? id, ContractInput? posted, ContractInput? theirs,
        ClaimsPrincipal principal, CancellationToken ct)
    {
        var loaded = await parts.CompanyAsync(companyId, principal, Operations.Update, ct);
        if (loaded.Value is not { } company)
        {
            return Result<ContractFormViewModel>.From(loaded);
        }
        var input = posted ?? new ContractInput { Date = DateTime.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        Contract? contract = null;
        if (id is { } contractId)
        {
            contract = await db.Contracts.AsNoTracking().FirstOrDefaultAsync(k => k.Id == contractId && k.CompanyId == companyId, ct);
            if (contract is null)
            {
                return Result<ContractFormViewModel>.From(Result.NotFound);
            }
            input = posted ?? ToInput(contract);
        }
        var currencies = (await lookup.CurrenciesAsync(contract?.CurrencyId ?? theirs?.CurrencyId, ct)).AsCodeOptions();
        var statuses = await parts.ReferenceOptionsAsync(ReferenceListKind.ContractStatus, contract?.StatusId ?? theirs?.StatusId, ct);
        var conflict = theirs is null ? [] : CompanyParts.Differences(
        [
            (l["Number"], theirs.Number, input.Number),
            (l["Date"], theirs.Date, input.Date),
            (l["Subject"], theirs.Subject, input.Subject),
            (l["Amount"], theirs.Amount, input.Amount),
            (l["Currency"], CompanyParts.Label(currencies, theirs.CurrencyId), CompanyParts.Label(currencies, input.CurrencyId)),
            (l["Valid from"], theirs.ValidFrom, input.ValidFrom),
            (l["Valid until"], theirs.ValidUntil, input.ValidUntil),
            (l["Status"], CompanyParts.Label(statuses, theirs.StatusId), CompanyParts.Label(statuses, input.StatusId)),
        ]);
        return new ContractFormViewModel
        {
            CompanyId = companyId,
            CompanyName = company.Name,
            Id = id,
            Input = input,
            Currencies = currencies,
            Statuses = statuses,
            CurrentFileName = contract?.FileName,
            CurrentFileSize = contract?.FileSize,
            MaxFileBytes = MaxFileBytes,
            Conflict = conflict,
        };
    }

    /// <summary>Adds (<paramref name="id"/> null) or changes a contract and its file; after a lost update the value is what is stored now.</summary>
    public async Task<Result<ContractInput>> SaveAsync(int companyId, int? id, ContractInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        if (await parts.CompanyAsync(companyId, principal, Operations.Update, ct) is { Ok: false } refused)
        {
            return Result<ContractInput>.From(refused);
        }
        Contract? contract = null;
        if (id is { } contractId)
        {
            contract = await db.Contracts.FirstOrDefaultAsync(k => k.Id == contractId && k.CompanyId == companyId, ct);
            if (contract is null)
            {
                return Result<ContractInput>.From(Result.NotFound);
            }
        }
        var errors = new Dictionary<string, string>();
        await parts.CheckReferenceAsync(errors, nameof(ContractInput.StatusId), input.StatusId, contract?.StatusId, ReferenceListKind.ContractStatus, ct);
        Currency? currency = null;
        var currentCurrency = contract?.CurrencyId;
        if (input.CurrencyId is { } currencyId)
        {
            currency = await db.Currencies.AsNoTracking().FirstOrDefaultAsync(c => c.Id == currencyId && (c.IsActive || c.Id == currentCurrency), ct);
            if (currency is null)
            {
                errors[nameof(ContractInput.CurrencyId)] = l["Choose a value from the list."];
            }
        }
        var file = input.File is { } posted ? await ReadFileAsync(posted, errors, ct) : null;
        if (errors.Count > 0)
        {
            return Result<ContractInput>.From(Result.Invalid(errors));
        }
        var adding = contract is null;
        if (contract is null)
        {
            contract = new Contract { CompanyId = companyId };
            db.Contracts.Add(contract);
        }
        else
        {
            db.Entry(contract).Property(k => k.ConcurrencyStamp).OriginalValue = input.ConcurrencyStamp;
        }
        Apply(input, currency, contract);
        var dropFile = !adding && (file is not null || input.RemoveFile);
        if (file is { } f)
        {
            (contract.FileName, contract.FileContentType, contract.FileSize) = (f.Name, f.Type, f.Content.LongLength);
        }
        else if (input.RemoveFile)
        {
            (contract.FileName, contract.FileContentType, contract.FileSize) = (null, null, null);
        }
        var saved = await parts.SaveAsync(async () =>
        {
            await db.SaveChangesAsync(ct);
            if (dropFile)
            {
                await db.ContractFiles.Where(x => x.ContractId == contract.Id).ExecuteDeleteAsync(ct);
            }
            if (file is { } body)
            {
                db.ContractFiles.Add(new ContractFile { ContractId = contract.Id, Content = body.Content });
                await db.SaveChangesAsync(ct);
            }
        }, ct);
        if (saved)
        {
            return CompanyParts.Saved<ContractInput>(true, contract.Id, null);
        }
        var current = await db.Contracts.AsNoTracking().FirstOrDefaultAsync(k => k.Id == id && k.CompanyId == companyId, ct);
        return CompanyParts.Saved(false, contract.Id, current is null ? null : ToInput(current));
    }

    private static void Apply(ContractInput input, Currency? currency, Contract contract)
    {
        decimal? amount = Numbers.TryParseDecimal(input.Amount, out var a)
            ? Math.Round(a, currency?.MinorUnits ?? 2, MidpointRounding.AwayFromZero)
            : null;
        contract.Number = input.Number!.Trim();
        contract.Date = PartRules.Date(input.Date)!.Value;
        contract.Subject = FormText.Clean(input.Subject);
        contract.Amount = amount;
        contract.CurrencyId = amount is null ? null : input.CurrencyId;
        contract.ValidFrom = PartRules.Date(input.ValidFrom);
        contract.ValidUntil = PartRules.Date(input.ValidUntil);
        contract.StatusId = input.StatusId;
    }

    public Task<Result> DeleteAsync(int companyId, int id, Guid stamp, ClaimsPrincipal principal, CancellationToken ct) =>
        parts.RemoveAsync<Contract>(companyId, k => k.Id == id && k.CompanyId == companyId, stamp, principal, null, ct);

    /// <summary>The attached file, for users who can read the company; not found otherwise or when there is none.</summary>
    public async Task<Result<ContractFileDownload>> FileAsync(int companyId, int id, ClaimsPrincipal principal, CancellationToken ct)
    {
        if (await parts.CompanyAsync(companyId, principal, Operations.Read, ct) is { Ok: false })
        {
            return Result<ContractFileDownload>.From(Result.NotFound);
        }
        var meta = await db.Contracts.AsNoTracking().Where(k => k.Id == id && k.CompanyId == companyId && k.FileName != null)
            .Select(k => new { k.FileName, k.FileContentType }).FirstOrDefaultAsync(ct);
        var content = meta is null ? null
            : await db.ContractFiles.AsNoTracking().Where(f => f.ContractId == id).Select(f => f.Content).FirstOrDefaultAsync(ct);
        return content is null
            ? Result<ContractFileDownload>.From(Result.NotFound)
            : new ContractFileDownload(meta!.FileName!, meta.FileContentType ?? "application/octet-stream", content);
    }

    /// <summary>Reads and checks an uploaded file; null (with an error under "File") when it may not be attached.</summary>
    private async Task<(string Name, string Type, byte[] Content)?> ReadFileAsync(IFormFile file, Dictionary<string, string> errors, CancellationToken ct)
    {
        const string key = nameof(ContractInput.File);
        if (file.Length == 0)
        {
            errors[key] = l["The file is empty."];
            return null;
        }
        if (file.Length > MaxFileBytes)
        {
            errors[key] = l["The file is too large: at most {0} MB.", Math.Round(MaxFileBytes / (1024m * 1024m), 1)];
            return null;
        }
        using var buffer = new MemoryStream((int)file.Length);
        await using (var stream = file.OpenReadStream())
        {
            await stream.CopyToAsync(buffer, ct);
        }
        var content = buffer.ToArray();
        var name = ContractFiles.SafeName(file.FileName);
        switch (ContractFiles.Inspect(name, file.ContentType, content, out var type))
        {
            case ContractFiles.Check.Ok:
                return (name, type, content);
            case ContractFiles.Check.TypeNotAllowed:
                errors[key] = l["Only PDF, Word (DOC, DOCX), Excel (XLS, XLSX), ODT, PNG, JPEG and TXT files can be attached."];
                return null;
            default:
                errors[key] = l["The file's content does not match its type."];
                return null;
        }
    }
}
