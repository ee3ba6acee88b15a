using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using WebCrm.Data;
using WebCrm.Data.Identity;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Common;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;

namespace WebCrm.Web.Features.Shared;

/// <summary>
/// Reads the change log the DbContext writes, for the "Change history" section of any card, and says it in names:
/// the log keeps raw values (ids, invariant numbers and dates), and each is turned into what the user reads — a
/// reference value or stage by its name in the user's language, a user by full name, a company, contact person,
/// product or deal by its name, a currency by its code, a state or yes/no as a localized word (<see cref="HistoryValue.IsKey"/>),
/// dates and numbers in the user's culture. What a value refers to comes from the EF model (the property's foreign
/// key), so a new entity's history reads in names without code here. A referenced record that no longer exists, or
/// a value with no readable form (a Guid), is shown as "—", never as its id.
/// </summary>
public static class ChangeHistory
{
    public const int Shown = 200;

    /// <summary>The newest changes of a record and of the parts filed under it (a company's contacts, a deal's lines).</summary>
    /// <param name="ownCurrency">For a record whose amounts are in its own currency (a product's price): the record's
    /// type and its present currency code; each change's amounts are shown in the currency valid at that change.</param>
    public static async Task<List<HistoryRow>> ForAsync(CrmDbContext db, string rootType, int id, CancellationToken ct,
        OwnCurrency? ownCurrency = null)
    {
        var idText = id.ToString(CultureInfo.InvariantCulture);
        var entries = await db.ChangeLog.AsNoTracking().Where(h => h.RootType == rootType && h.RootId == idText)
            .OrderByDescending(h => h.AtUtc).ThenByDescending(h => h.Id).Take(Shown).ToListAsync(ct);
        return await ReadableAsync(db, entries, ct, ownCurrency: ownCurrency);
    }

    /// <param name="known">Names already at hand by referenced type (the reference cache's, a card's own parts); only
    /// the ids they do not hold are read.</param>
    /// <param name="currencyOf">The present currency code of the entry's own record where it has one (a payment, a contract);
    /// its amounts are shown in the currency that record had at each change. Null where none.</param>
    private static async Task<List<HistoryRow>> ReadableAsync(CrmDbContext db, List<ChangeLogEntry> entries, CancellationToken ct,
        Func<Type, IReadOnlyDictionary<string, string>?>? known = null, Func<ChangeLogEntry, string?>? currencyOf = null,
        OwnCurrency? ownCurrency = null)
    {
        var types = db.Model.GetEntityTypes().Where(t => !t.IsOwned()).GroupBy(t => t.ClrType.Name).ToDictionary(g => g.Key, g => g.First());
        IProperty? PropertyOf(ChangeLogEntry e) => e.Field is null || !types.TryGetValue(e.EntityType, out var t) ? null : t.FindProperty(e.Field);
        Type? Target(IProperty? p) => p?.GetContainingForeignKeys().Select(fk => fk.PrincipalEntityType.ClrType).FirstOrDefault();

        // Every referenced id, per referenced type, read in one query each.
        var wanted = new Dictionary<Type, HashSet<string>>();
        void Want(Type type, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                (wanted.TryGetValue(type, out var set) ? set : wanted[type] = []).Add(value);
            }
        }
        foreach (var e in entries)
        {
            Want(typeof(AppUser), e.UserId);
            if (PartType(e.EntityType) is { } part && e.Kind != ChangeKind.Deleted)
            {
                Want(part, e.EntityId);
            }
            if (Target(PropertyOf(e)) is { } target)
            {
                Want(target, e.OldValue);
                Want(target, e.NewValue);
            }
        }
        var names = new Dictionary<Type, Dictionary<string, string>>();
        foreach (var (type, ids) in wanted)
        {
            var have = known?.Invoke(type);
            var missing = have is null ? ids : ids.Where(i => !have.ContainsKey(i)).ToHashSet();
            var found = missing.Count == 0 ? [] : await NamesAsync(db, type, missing, ct);
            foreach (var id in ids.Where(i => have is not null && have.ContainsKey(i)))
            {
                found[id] = have![id];
            }
            names[type] = found;
        }
        string? NameOf(Type type, string? key) => key is null ? null : names.TryGetValue(type, out var n) && n.TryGetValue(key, out var v) ? v : "—";
        string? CodeOf(string? raw) => NameOf(typeof(Currency), raw) is { } code and not "—" ? code : null;
        var currencies = CurrenciesAtTheTime(entries, ownCurrency, CodeOf);
        var recordCurrencies = RecordCurrenciesAtTheTime(entries, currencyOf, CodeOf);

        return entries.Select(e =>
        {
            var property = PropertyOf(e);
            var target = Target(property);
            HistoryValue? Value(string? raw, bool old) => raw is null ? null
                : target is not null ? new HistoryValue(NameOf(target, raw)!, false)
                : Format(property, raw) is { Amount: not null } money
                    && (recordCurrencies.TryGetValue(e, out var own) ? (old ? own.Before : own.After)
                        : currencies.TryGetValue(e, out var at) ? (old ? at.Before : at.After) : null) is { } code
                    ? money with { Currency = code }
                : Format(property, raw);
            var part = PartType(e.EntityType) is { } pt && e.Kind != ChangeKind.Deleted ? NameOf(pt, e.EntityId) : null;
            var author = e.UserId is not null && names.TryGetValue(typeof(AppUser), out var users) && users.TryGetValue(e.UserId, out var full) ? full : e.UserName;
            return new HistoryRow(e.AtUtc, author, e.EntityType, e.Kind.ToString(), e.Field, Value(e.OldValue, true), Value(e.NewValue, false), part == "—" ? null : part);
        }).ToList();
    }

    /// <summary>
    /// The currency valid before and after each save, for a record with its own currency: the present one after the
    /// newest save and, walking back, before each logged change of the record's CurrencyId the currency it was changed
    /// from. A save's old amounts are in its "before" currency, its new amounts in its "after" one (a price changed together
    /// with the currency reads "100 ₽ → 2 $"). The entries come newest first; one save's entries share their time.
    /// </summary>
    private static Dictionary<ChangeLogEntry, (string? Before, string? After)> CurrenciesAtTheTime(List<ChangeLogEntry> entries,
        OwnCurrency? own, Func<string?, string?> code)
    {
        var result = new Dictionary<ChangeLogEntry, (string?, string?)>(ReferenceEqualityComparer.Instance);
        if (own is null)
        {
            return result;
        }
        var current = own.Code;
        foreach (var save in entries.GroupBy(e => e.AtUtc))
        {
            var after = current;
            if (save.FirstOrDefault(e => e is { Kind: ChangeKind.Updated, Field: nameof(Deal.CurrencyId) } && e.EntityType == own.EntityType) is { } change)
            {
                current = code(change.OldValue);
            }
            foreach (var e in save)
            {
                result[e] = (current, after);
            }
        }
        return result;
    }

    /// <summary>
    /// The same walk per record that has a currency of its own (a contract, a payment): its present currency from
    /// <paramref name="presentOf"/>, or — for a record since deleted — the currency its newest logged currency change
    /// set; then, walking back, before each logged change of its CurrencyId the currency it was changed from. So an
    /// amount changed in an older save is shown in the currency the record had then, not in today's. A record whose
    /// currency is known neither way (deleted, never re-priced) is left out: its amounts stay plain numbers.
    /// </summary>
    private static Dictionary<ChangeLogEntry, (string? Before, string? After)> RecordCurrenciesAtTheTime(List<ChangeLogEntry> entries,
        Func<ChangeLogEntry, string?>? presentOf, Func<string?, string?> code)
    {
        var result = new Dictionary<ChangeLogEntry, (string?, string?)>(ReferenceEqualityComparer.Instance);
        static bool IsCurrencyChange(ChangeLogEntry e) => e is { Kind: ChangeKind.Updated, Field: nameof(Contract.CurrencyId) };
        foreach (var record in entries.GroupBy(e => (e.EntityType, e.EntityId)))
        {
            var present = record.Select(e => presentOf?.Invoke(e)).FirstOrDefault(c => c is not null);
            var newestChange = record.FirstOrDefault(IsCurrencyChange);
            if (present is null && newestChange is null)
            {
                continue;
            }
            var current = present ?? code(newestChange!.NewValue);
            foreach (var save in record.GroupBy(e => e.AtUtc))
            {
                var after = current;
                if (save.FirstOrDefault(IsCurrencyChange) is { } change)
                {
                    current = code(change.OldValue);
                }
                foreach (var e in save)
                {
                    result[e] = (current, after);
                }
            }
        }
        return result;
    }

    /// <summary>Parts whose name says which one changed ("Stage «Negotiation» — changed").</summary>
    private static Type? PartType(string entityType) => entityType switch
    {
        nameof(DealStage) => typeof(DealStage),
        nameof(DealLine) => typeof(DealLine),
        nameof(ContactPerson) => typeof(ContactPerson),
        nameof(Contract) => typeof(Contract),
        nameof(AccountingDocument) => typeof(AccountingDocument),
        _ => null,
    };

    private static async Task<Dictionary<string, string>> NamesAsync(CrmDbContext db, Type type, HashSet<string> keys, CancellationToken ct)
    {
        var ints = keys.Select(k => int.TryParse(k, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : (int?)null)
            .Where(i => i is not null).Select(i => i!.Value).ToList();
        var ru = FormText.IsRussian;
        List<(int Id, string Name)> rows = type.Name switch
        {
            nameof(ReferenceItem) => (await db.ReferenceItems.AsNoTracking().Where(r => ints.Contains(r.Id))
                .Select(r => new { r.Id, Name = ru ? r.NameRu : r.NameEn }).ToListAsync(ct)).Select(r => (r.Id, r.Name)).ToList(),
            nameof(Currency) => (await db.Currencies.AsNoTracking().Where(r => ints.Contains(r.Id)).Select(r => new { r.Id, r.Code }).ToListAsync(ct))
                .Select(r => (r.Id, r.Code)).ToList(),
            nameof(Company) => (await db.Companies.AsNoTracking().Where(r => ints.Contains(r.Id)).Select(r => new { r.Id, r.Name }).ToListAsync(ct))
                .Select(r => (r.Id, r.Name)).ToList(),
            nameof(ContactPerson) => (await db.ContactPersons.AsNoTracking().Where(r => ints.Contains(r.Id)).Select(r => new { r.Id, r.FullName }).ToListAsync(ct))
                .Select(r => (r.Id, r.FullName)).ToList(),
            nameof(Product) => (await db.Products.AsNoTracking().Where(r => ints.Contains(r.Id)).Select(r => new { r.Id, r.Name }).ToListAsync(ct))
                .Select(r => (r.Id, r.Name)).ToList(),
            nameof(Deal) => (await db.Deals.AsNoTracking().Where(r => ints.Contains(r.Id)).Select(r => new { r.Id, r.Title }).ToListAsync(ct))
                .Select(r => (r.Id, r.Title)).ToList(),
            nameof(DealStage) => (await db.DealStages.AsNoTracking().Where(r => ints.Contains(r.Id))
                .Select(r => new { r.Id, Name = ru ? r.Stage!.NameRu : r.Stage!.NameEn }).ToListAsync(ct)).Select(r => (r.Id, r.Name)).ToList(),
            nameof(DealLine) => (await db.DealLines.AsNoTracking().Where(r => ints.Contains(r.Id)).Select(r => new { r.Id, r.Product!.Name }).ToListAsync(ct))
                .Select(r => (r.Id, r.Name)).ToList(),
            nameof(Contract) => (await db.Contracts.AsNoTracking().Where(r => ints.Contains(r.Id)).Select(r => new { r.Id, r.Number }).ToListAsync(ct))
                .Select(r => (r.Id, r.Number)).ToList(),
            nameof(AccountingDocument) => (await db.AccountingDocuments.AsNoTracking().Where(r => ints.Contains(r.Id)).Select(r => new { r.Id, r.Number }).ToListAsync(ct))
                .Select(r => (r.Id, r.Number)).ToList(),
            _ => [],
        };
        if (type == typeof(AppUser))
        {
            return await db.Users.AsNoTracking().Where(u => keys.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName == "" ? u.UserName! : u.DisplayName, ct);
        }
        return rows.ToDictionary(r => r.Id.ToString(CultureInfo.InvariantCulture), r => r.Name);
    }

    /// <summary>A logged value (written invariantly by the audit trail) in the user's culture, by the property's type.</summary>
    private static HistoryValue Format(IProperty? property, string raw)
    {
        var type = property is null ? typeof(string) : Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        var culture = CultureInfo.CurrentCulture;
        var inv = CultureInfo.InvariantCulture;
        if (type.IsEnum)
        {
            return new HistoryValue(type.Name + "." + raw, true);
        }
        if (type == typeof(bool))
        {
            return new HistoryValue(raw == bool.TrueString ? "Yes" : "No", true);
        }
        if (type == typeof(DateOnly) && DateOnly.TryParse(raw, inv, DateTimeStyles.None, out var date))
        {
            return new HistoryValue(date.ToString("d", culture), false);
        }
        if (type == typeof(DateTime) && DateTime.TryParse(raw, inv, DateTimeStyles.RoundtripKind, out var moment))
        {
            return new HistoryValue((moment.Kind == DateTimeKind.Utc ? moment.ToLocalTime() : moment).ToString("g", culture), false);
        }
        if (type == typeof(decimal) && decimal.TryParse(raw, NumberStyles.Number, inv, out var number))
        {
            var money = property!.Name.Contains("Amount") || property.Name.Contains("Price") || property.Name.Contains("Total")
                || property.Name is "Debt" or "Advance";
            return new HistoryValue(number.ToString(money ? "N2" : "#,0.####", culture), false, money ? number : null);
        }
        if (type is { } t && (t == typeof(int) || t == typeof(long)) && long.TryParse(raw, NumberStyles.Integer, inv, out var whole))
        {
            return new HistoryValue(whole.ToString("#,0", culture), false);
        }
        if (type == typeof(Guid) || Guid.TryParse(raw, out _))
        {
            return new HistoryValue("—", false);
        }
        return new HistoryValue(raw, false);
    }

    /// <summary>The same newest changes as <see cref="PartRow"/>s (part number <paramref name="part"/>), to travel with a card's other small parts.</summary>
    public static IQueryable<PartRow> Parts(CrmDbContext db, string rootType, int id, int part)
    {
        var idText = id.ToString(CultureInfo.InvariantCulture);
        return db.ChangeLog.AsNoTracking().Where(h => h.RootType == rootType && h.RootId == idText)
            .OrderByDescending(h => h.AtUtc).ThenByDescending(h => h.Id).Take(Shown)
            .Select(h => new PartRow
            {
                Part = part, Id = h.Id, T1 = h.UserName, T2 = h.EntityType, T3 = h.EntityId, T4 = h.Field, T5 = h.OldValue, T6 = h.NewValue, T7 = h.UserId,
                D1 = PartRow.NoDate, D2 = PartRow.NoDate, D3 = PartRow.NoDate, At = h.AtUtc, N1 = 0m, N2 = 0m, N3 = 0m, N4 = 0m, L1 = (long)h.Kind, B1 = false, B2 = false,
            });
    }

    /// <summary>
    /// History rows back from <see cref="Parts"/>, newest first, in names like <see cref="ForAsync"/>: users, reference
    /// values and currencies from the reference cache, the card's own parts from <paramref name="known"/>; only what
    /// neither holds (a part since deleted, a record another part pointed to) costs a query.
    /// </summary>
    /// <param name="ownCurrency">The record's type and present currency: amounts are shown in the currency valid at each change.</param>
    /// <param name="currencyOf">The present currency code of the entry's own record where it has one (a payment, a contract);
    /// its amounts are shown in the currency that record had at each change, whatever the root's. Null where none.</param>
    public static Task<List<HistoryRow>> FromPartsAsync(CrmDbContext db, IEnumerable<PartRow> rows, ReferenceData data,
        IReadOnlyDictionary<Type, IReadOnlyDictionary<string, string>> known, CancellationToken ct, OwnCurrency? ownCurrency = null,
        Func<ChangeLogEntry, string?>? currencyOf = null)
    {
        var entries = rows.OrderByDescending(h => h.At).ThenByDescending(h => h.Id).Select(h => new ChangeLogEntry
        {
            Id = h.Id, AtUtc = h.At!.Value, UserName = h.T1, EntityType = h.T2!, EntityId = h.T3!, Field = h.T4, OldValue = h.T5,
            NewValue = h.T6, UserId = h.T7, Kind = (ChangeKind)h.L1!.Value,
        }).ToList();
        var ru = FormText.IsRussian;
        return ReadableAsync(db, entries, ct, type => known.TryGetValue(type, out var k) ? k : data.HistoryNames(type, ru), currencyOf, ownCurrency);
    }

    /// <summary>Names by id text, for <see cref="FromPartsAsync"/>'s known parts.</summary>
    public static IReadOnlyDictionary<string, string> Named<T>(IEnumerable<T> items, Func<T, int> id, Func<T, string> name) =>
        items.GroupBy(id).ToDictionary(g => g.Key.ToString(CultureInfo.InvariantCulture), g => name(g.First()));
}

/// <summary>A record whose amounts are in its own currency: its entity type (whose CurrencyId changes are logged) and present currency code.</summary>
public sealed record OwnCurrency(string EntityType, string Code);

/// <summary>
/// One side of a change as shown: a text, or a localization key (a state, yes/no) the view translates; an amount of
/// money also keeps its number and, where known, its currency code, and the view shows it with the currency's symbol.
/// </summary>
public sealed record HistoryValue(string Text, bool IsKey, decimal? Amount = null, string? Currency = null);
