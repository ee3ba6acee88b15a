using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Common;
using WebCrm.Domain.Reference;
using WebCrm.Web.Features.Deals;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Administration.ReferenceLists;

/// <summary>
/// Values of the reference lists and the currencies. Nothing is ever deleted: a value may be referenced by old
/// records, so it is deactivated instead, and stays readable through <see cref="ReferenceLookup"/>.
/// </summary>
public sealed class ReferenceListsService(CrmDbContext db, DealRecalculation deals, IStringLocalizer<SharedResource> l)
{
    private const int Step = 10;

    public async Task<IReadOnlyList<ListSummaryRow>> SummaryAsync(CancellationToken ct)
    {
        var counts = await db.ReferenceItems.AsNoTracking()
            .GroupBy(r => r.Kind)
            .Select(g => new { Kind = g.Key, Total = g.Count(), Active = g.Count(r => r.IsActive) })
            .ToDictionaryAsync(g => g.Kind, ct);
        var rows = ReferenceListCatalog.Kinds.Select(k => new ListSummaryRow(ReferenceListCatalog.Title(k, l), "/admin/lists/" + ReferenceListCatalog.Slug(k),
            counts.TryGetValue(k, out var c) ? c.Active : 0, counts.TryGetValue(k, out var t) ? t.Total : 0)).ToList();
        var currencies = await db.Currencies.AsNoTracking()
            .GroupBy(_ => 1).Select(g => new { Total = g.Count(), Active = g.Count(c => c.IsActive) }).SingleOrDefaultAsync(ct);
        rows.Add(new ListSummaryRow(l["Currencies"], "/admin/lists/currencies", currencies?.Active ?? 0, currencies?.Total ?? 0));
        var fields = await db.CustomFieldDefinitions.AsNoTracking()
            .GroupBy(_ => 1).Select(g => new { Total = g.Count(), Active = g.Count(c => c.IsActive) }).SingleOrDefaultAsync(ct);
        rows.Add(new ListSummaryRow(l["Custom fields"], "/admin/custom-fields", fields?.Active ?? 0, fields?.Total ?? 0));
        return rows;
    }

    public async Task<ReferenceListViewModel> ListAsync(ReferenceListKind kind, ReferenceValueInput? newValue, CancellationToken ct) => new()
    {
        Kind = kind,
        Values = await db.ReferenceItems.AsNoTracking().Where(r => r.Kind == kind)
            .OrderBy(r => r.SortOrder).ThenBy(r => r.Id)
            .Select(r => new ReferenceValueRow(r.Id, r.NameEn, r.NameRu, r.Code, r.IsActive, r.CountsAsShipment, r.NotProposedForNewDeals)).ToListAsync(ct),
        NewValue = newValue ?? new ReferenceValueInput(),
    };

    public async Task<EditValueViewModel?> GetValueAsync(ReferenceListKind kind, int id, CancellationToken ct)
    {
        var value = await db.ReferenceItems.AsNoTracking().Where(r => r.Kind == kind && r.Id == id)
            .Select(r => new EditValueViewModel(r.Kind, r.Id, r.Code, r.IsActive,
                new ReferenceValueInput { NameEn = r.NameEn, NameRu = r.NameRu, CountsAsShipment = r.CountsAsShipment, NotProposedForNewDeals = r.NotProposedForNewDeals, Stamp = r.ConcurrencyStamp.ToString() }))
            .FirstOrDefaultAsync(ct);
        return value is null ? null : value with { History = await Shared.ChangeHistory.ForAsync(db, nameof(ReferenceItem), id, ct) };
    }

    public async Task<Result> AddAsync(ReferenceListKind kind, ReferenceValueInput input, CancellationToken ct)
    {
        var (en, ru) = (input.NameEn!.Trim(), input.NameRu!.Trim());
        if (await DuplicateAsync(kind, null, en, ru, ct) is { } duplicate)
        {
            return duplicate;
        }
        var last = await db.ReferenceItems.Where(r => r.Kind == kind).MaxAsync(r => (int?)r.SortOrder, ct) ?? 0;
        db.ReferenceItems.Add(new ReferenceItem
        {
            Kind = kind, NameEn = en, NameRu = ru, SortOrder = last + Step, IsActive = true,
            CountsAsShipment = kind == ReferenceListKind.AccountingDocumentType && input.CountsAsShipment,
            NotProposedForNewDeals = kind == ReferenceListKind.DealStage && input.NotProposedForNewDeals,
        });
        await db.SaveChangesAsync(ct);
        return Result.Success();
    }

    public async Task<Result> RenameAsync(ReferenceListKind kind, int id, ReferenceValueInput input, CancellationToken ct)
    {
        var item = await db.ReferenceItems.FirstOrDefaultAsync(r => r.Kind == kind && r.Id == id, ct);
        if (item is null)
        {
            return Result.NotFound;
        }
        var (en, ru) = (input.NameEn!.Trim(), input.NameRu!.Trim());
        if (await DuplicateAsync(kind, id, en, ru, ct) is { } duplicate)
        {
            return duplicate;
        }
        item.NameEn = en;
        item.NameRu = ru;
        if (kind == ReferenceListKind.DealStage)
        {
            item.NotProposedForNewDeals = input.NotProposedForNewDeals;
        }
        if (kind == ReferenceListKind.AccountingDocumentType && item.CountsAsShipment != input.CountsAsShipment)
        {
            // The receivable of every deal with a document of this type changes: its stored totals are recomputed
            // and saved with the flag, so lists and cards never see the one without the other.
            item.CountsAsShipment = input.CountsAsShipment;
            await deals.RecalculateWithDocumentTypeAsync(id, input.CountsAsShipment, ct);
        }
        return await SaveGuardedAsync(item, input.Stamp, ct);
    }

    public async Task<Result> MoveAsync(ReferenceListKind kind, int id, int direction, CancellationToken ct)
    {
        var items = await db.ReferenceItems.Where(r => r.Kind == kind).OrderBy(r => r.SortOrder).ThenBy(r => r.Id).ToListAsync(ct);
        return await MoveAsync(items, id, direction, (r, order) => r.SortOrder = order, ct);
    }

    public async Task<Result> SetActiveAsync(ReferenceListKind kind, int id, bool active, CancellationToken ct)
    {
        var item = await db.ReferenceItems.FirstOrDefaultAsync(r => r.Kind == kind && r.Id == id, ct);
        if (item is null)
        {
            return Result.NotFound;
        }
        item.IsActive = active;
        await db.SaveChangesAsync(ct);
        return Result.Success();
    }

    public Task<List<CurrencyRow>> CurrenciesAsync(CancellationToken ct) =>
        db.Currencies.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Id)
            .Select(c => new CurrencyRow(c.Id, c.Code, c.NameEn, c.NameRu, c.Symbol, c.MinorUnits, c.IsActive)).ToListAsync(ct);

    public async Task<EditCurrencyViewModel?> GetCurrencyAsync(int id, CancellationToken ct)
    {
        var currency = await db.Currencies.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new EditCurrencyViewModel(c.Id, new CurrencyInput
            {
                Code = c.Code, NameEn = c.NameEn, NameRu = c.NameRu, Symbol = c.Symbol, MinorUnits = c.MinorUnits,
                IsActive = c.IsActive, Stamp = c.ConcurrencyStamp.ToString(),
            }))
            .FirstOrDefaultAsync(ct);
        return currency is null ? null : currency with { History = await Shared.ChangeHistory.ForAsync(db, nameof(Currency), id, ct) };
    }

    /// <summary>Adds a currency (<paramref name="id"/> null) or changes one.</summary>
    public async Task<Result> SaveCurrencyAsync(int? id, CurrencyInput input, CancellationToken ct)
    {
        var code = input.Code!.Trim();
        if (await db.Currencies.AnyAsync(c => c.Code == code && c.Id != id, ct))
        {
            return Result.Invalid(nameof(CurrencyInput.Code), l["Another currency already has the code {0}.", code]);
        }
        Currency? currency;
        if (id is null)
        {
            var last = await db.Currencies.MaxAsync(c => (int?)c.SortOrder, ct) ?? 0;
            currency = new Currency { SortOrder = last + Step };
            db.Currencies.Add(currency);
        }
        else if ((currency = await db.Currencies.FirstOrDefaultAsync(c => c.Id == id, ct)) is null)
        {
            return Result.NotFound;
        }
        currency.Code = code;
        currency.NameEn = input.NameEn!.Trim();
        currency.NameRu = input.NameRu!.Trim();
        currency.Symbol = input.Symbol?.Trim() ?? "";
        currency.MinorUnits = input.MinorUnits!.Value;
        currency.IsActive = input.IsActive;
        try
        {
            return id is null ? await SaveAsync(ct) : await SaveGuardedAsync(currency, input.Stamp, ct);
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            // The unique index on the code caught a currency added at the same moment.
            return Result.Invalid(nameof(CurrencyInput.Code), l["Another currency already has the code {0}.", code]);
        }
    }

    public async Task<Result> MoveCurrencyAsync(int id, int direction, CancellationToken ct)
    {
        var items = await db.Currencies.OrderBy(c => c.SortOrder).ThenBy(c => c.Id).ToListAsync(ct);
        return await MoveAsync(items, id, direction, (c, order) => c.SortOrder = order, ct);
    }

    private async Task<Result> SaveAsync(CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        return Result.Success();
    }

    /// <summary>Saves only if the row still carries the stamp the form was loaded with; otherwise nothing is written.</summary>
    internal static async Task<Result> SaveGuardedAsync<T>(CrmDbContext db, T entity, string? stamp, string conflictMessage, CancellationToken ct)
        where T : Entity
    {
        var entry = db.Entry(entity);
        if (!Guid.TryParse(stamp, out var loaded) || entry.Property(e => e.ConcurrencyStamp).OriginalValue != loaded)
        {
            entry.State = EntityState.Unchanged;
            return Result.Conflicted(conflictMessage);
        }
        entry.Property(e => e.ConcurrencyStamp).OriginalValue = loaded;
        try
        {
            await db.SaveChangesAsync(ct);
            return Result.Success();
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result.Conflicted(conflictMessage);
        }
    }

    private Task<Result> SaveGuardedAsync<T>(T entity, string? stamp, CancellationToken ct) where T : Entity =>
        SaveGuardedAsync(db, entity, stamp,
            l["Someone else changed this value while you were editing. The current values are shown; apply your change again."], ct);

    /// <summary>Moves one row a place up (-1) or down (+1) and renumbers the list, so equal sort orders cannot block a move.</summary>
    internal static async Task<Result> MoveAsync<T>(CrmDbContext db, List<T> ordered, int id, int direction, Action<T, int> setOrder, CancellationToken ct)
        where T : Entity
    {
        var index = ordered.FindIndex(x => x.Id == id);
        if (index < 0)
        {
            return Result.NotFound;
        }
        var target = index + Math.Sign(direction);
        if (target >= 0 && target < ordered.Count)
        {
            (ordered[index], ordered[target]) = (ordered[target], ordered[index]);
            for (var i = 0; i < ordered.Count; i++)
            {
                setOrder(ordered[i], (i + 1) * Step);
            }
            await db.SaveChangesAsync(ct);
        }
        return Result.Success();
    }

    private Task<Result> MoveAsync<T>(List<T> ordered, int id, int direction, Action<T, int> setOrder, CancellationToken ct) where T : Entity =>
        MoveAsync(db, ordered, id, direction, setOrder, ct);

    private async Task<Result?> DuplicateAsync(ReferenceListKind kind, int? id, string en, string ru, CancellationToken ct)
    {
        var taken = await db.ReferenceItems.AsNoTracking()
            .Where(r => r.Kind == kind && r.Id != id && (r.NameEn == en || r.NameRu == ru))
            .Select(r => new { r.NameEn, r.NameRu }).FirstOrDefaultAsync(ct);
        if (taken is null)
        {
            return null;
        }
        return taken.NameEn == en
            ? Result.Invalid(nameof(ReferenceValueInput.NameEn), l["This list already has a value with this name."])
            : Result.Invalid(nameof(ReferenceValueInput.NameRu), l["This list already has a value with this name."]);
    }
}
