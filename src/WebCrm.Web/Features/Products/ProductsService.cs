using FluentValidation;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Web.Features.Shared.Money;
using WebCrm.Web.Infrastructure.Localization;
using WebCrm.Web.Infrastructure.Web;

namespace WebCrm.Web.Features.Products;

public sealed record ProductRow(int Id, string Name, string? Code, string? Group, string? Unit, decimal Price, string Currency, bool IsService, bool IsActive);

public sealed class ProductInput
{
    public string? Name { get; set; }
    public string? Code { get; set; }
    public int? GroupId { get; set; }
    public int? UnitId { get; set; }
    public string? Price { get; set; }
    public int? CurrencyId { get; set; }
    public bool IsService { get; set; }
    public bool IsActive { get; set; } = true;
    public Guid ConcurrencyStamp { get; set; }
}

public sealed class ProductInputValidator : AbstractValidator<ProductInput>
{
    public ProductInputValidator(IStringLocalizer<SharedResource> l)
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage(_ => l["Enter the name."]);
        RuleFor(x => x.Name).Must(n => n is null || n.Length <= 300).WithMessage(_ => l["At most {0} characters.", 300]);
        RuleFor(x => x.Code).Must(c => c is null || c.Length <= 50).WithMessage(_ => l["At most {0} characters.", 50]);
        RuleFor(x => x.Price).Required().Must(p => Numbers.Parse(p) is >= 0 and < 1_000_000_000_000).WithMessage(_ => l["Enter a number."]);
        RuleFor(x => x.CurrencyId).NotNull().WithMessage(_ => l["Choose a value from the list."]);
    }
}

public sealed class ProductFormViewModel
{
    public int? Id { get; init; }
    public required ProductInput Input { get; init; }
    public required IReadOnlyList<LookupOption> Groups { get; init; }
    public required IReadOnlyList<LookupOption> Units { get; init; }
    public required IReadOnlyList<CurrencyOption> Currencies { get; init; }
    public IReadOnlyList<WebCrm.Web.Features.Shared.HistoryRow> History { get; init; } = [];
}

public sealed class ProductListViewModel
{
    public string? Q { get; init; }
    public required IReadOnlyList<ProductRow> Rows { get; init; }
    public bool CanEdit { get; init; }
}

public sealed record RateRow(int Id, string Currency, DateOnly Date, decimal Rate);

public sealed class RatesViewModel
{
    public required string BaseCurrency { get; init; }
    public required IReadOnlyList<RateRow> Rows { get; init; }
    public required IReadOnlyList<CurrencyOption> Currencies { get; init; }
    public bool CanEdit { get; init; }
}

/// <summary>The product catalogue deal lines are picked from, and the exchange rates payments are converted with.</summary>
public sealed class ProductsService(CrmDbContext db, ReferenceLookup lookup, MoneyService money, IStringLocalizer<SharedResource> l,
    IValidator<ProductInput> validator)
{
    public async Task<IReadOnlyList<ProductRow>> SearchAsync(string? q, bool activeOnly, int take, CancellationToken ct)
    {
        var products = db.Products.AsNoTracking();
        if (activeOnly)
        {
            products = products.Where(p => p.IsActive);
        }
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = Domain.Common.SearchText.Normalize(q);
            products = products.Where(p => p.SearchText.Contains(term));
        }
        var ru = FormText.IsRussian;
        return await products.OrderBy(p => p.Name).ThenBy(p => p.Id).Take(take)
            .Select(p => new ProductRow(p.Id, p.Name, p.Code, p.Group == null ? null : ru ? p.Group.NameRu : p.Group.NameEn,
                p.Unit == null ? null : ru ? p.Unit.NameRu : p.Unit.NameEn, p.Price, p.Currency!.Code, p.IsService, p.IsActive))
            .ToListAsync(ct);
    }

    public async Task<ProductFormViewModel?> FormAsync(int? id, ProductInput? posted, CancellationToken ct)
    {
        ProductInput input;
        if (posted is not null)
        {
            input = posted;
        }
        else if (id is { } key)
        {
            var p = await db.Products.AsNoTracking().FirstOrDefaultAsync(x => x.Id == key, ct);
            if (p is null)
            {
                return null;
            }
            input = new ProductInput
            {
                Name = p.Name, Code = p.Code, GroupId = p.GroupId, UnitId = p.UnitId, Price = p.Price.ToString("0.####", CultureInfo.CurrentCulture),
                CurrencyId = p.CurrencyId, IsService = p.IsService, IsActive = p.IsActive, ConcurrencyStamp = p.ConcurrencyStamp,
            };
        }
        else
        {
            input = new ProductInput { CurrencyId = await money.BaseCurrencyIdAsync(ct) };
        }
        var currencies = await lookup.CurrenciesAsync(input.CurrencyId, ct);
        // The history's prices are shown in the currency the product had at each change, walking back from the stored
        // one (not the one a form shown again holds) through the logged changes of its currency.
        var storedCurrency = id is { } pid && posted is not null
            ? await db.Products.AsNoTracking().Where(x => x.Id == pid).Select(x => x.Currency!.Code).FirstOrDefaultAsync(ct)
            : currencies.FirstOrDefault(c => c.Id == input.CurrencyId)?.Code;
        return new ProductFormViewModel
        {
            Id = id,
            Input = input,
            Groups = await lookup.OptionsAsync(ReferenceListKind.ProductGroup, input.GroupId, ct),
            Units = await lookup.OptionsAsync(ReferenceListKind.Unit, input.UnitId, ct),
            Currencies = currencies,
            History = id is { } productId
                ? await Shared.ChangeHistory.ForAsync(db, nameof(Product), productId, ct, storedCurrency is null ? null : new(nameof(Product), storedCurrency))
                : [],
        };
    }

    /// <summary>Saves a product; returns its id, or errors by field, or null when the product is gone or was changed meanwhile.</summary>
    public async Task<(int? Id, Dictionary<string, string> Errors)> SaveAsync(int? id, ProductInput input, CancellationToken ct)
    {
        var errors = (await validator.ValidateAsync(input, ct)).Errors.GroupBy(e => e.PropertyName)
            .ToDictionary(g => g.Key, g => g.First().ErrorMessage);
        var product = id is { } key ? await db.Products.FirstOrDefaultAsync(p => p.Id == key, ct) : new Product();
        if (product is null)
        {
            return (null, errors);
        }
        async Task Check(string field, int? value, int? current, ReferenceListKind kind)
        {
            if (value is { } v && v != current && !await db.ReferenceItems.AnyAsync(r => r.Id == v && r.Kind == kind && r.IsActive, ct))
            {
                errors[field] = l["Choose a value from the list."];
            }
        }
        await Check(nameof(ProductInput.GroupId), input.GroupId, product.GroupId, ReferenceListKind.ProductGroup);
        await Check(nameof(ProductInput.UnitId), input.UnitId, product.UnitId, ReferenceListKind.Unit);
        if (input.CurrencyId != product.CurrencyId && !await db.Currencies.AnyAsync(c => c.Id == input.CurrencyId && c.IsActive, ct))
        {
            errors[nameof(ProductInput.CurrencyId)] = l["Choose a value from the list."];
        }
        if (errors.Count > 0)
        {
            return (id ?? 0, errors);
        }
        product.Name = input.Name!.Trim();
        product.Code = string.IsNullOrWhiteSpace(input.Code) ? null : input.Code.Trim();
        product.GroupId = input.GroupId;
        product.UnitId = input.UnitId;
        product.Price = Numbers.Parse(input.Price)!.Value;
        product.CurrencyId = input.CurrencyId!.Value;
        product.IsService = input.IsService;
        product.IsActive = input.IsActive;
        if (id is null)
        {
            db.Products.Add(product);
        }
        else
        {
            db.Entry(product).Property(p => p.ConcurrencyStamp).OriginalValue = input.ConcurrencyStamp;
        }
        try
        {
            await db.SaveChangesAsync(ct);
            return (product.Id, errors);
        }
        catch (DbUpdateConcurrencyException)
        {
            errors[""] = l["Someone else saved this record while you were editing. Reload it and try again."];
            return (id, errors);
        }
    }

    public async Task<RatesViewModel> RatesAsync(bool canEdit, CancellationToken ct)
    {
        var baseCurrency = await money.BaseCurrencyAsync(ct);
        var baseId = baseCurrency.Id;
        return new RatesViewModel
        {
            BaseCurrency = baseCurrency.Code,
            Rows = await db.ExchangeRates.AsNoTracking().OrderByDescending(r => r.Date).ThenBy(r => r.Currency!.SortOrder).Take(200)
                .Select(r => new RateRow(r.Id, r.Currency!.Code, r.Date, r.Rate)).ToListAsync(ct),
            Currencies = (await lookup.CurrenciesAsync(ct: ct)).Where(c => c.Id != baseId).ToList(),
            CanEdit = canEdit,
        };
    }

    /// <summary>
    /// Removes a mistyped rate. Payments keep the amount they were converted to when entered, so history does not move;
    /// only payments entered later pick the next rate in effect.
    /// </summary>
    public async Task<bool> DeleteRateAsync(int id, CancellationToken ct)
    {
        var rate = await db.ExchangeRates.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (rate is null)
        {
            return false;
        }
        db.ExchangeRates.Remove(rate);
        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task<string?> SaveRateAsync(int? currencyId, DateOnly? date, string? rateText, CancellationToken ct)
    {
        var baseId = await money.BaseCurrencyIdAsync(ct);
        if (currencyId is null || currencyId == baseId || !await db.Currencies.AnyAsync(c => c.Id == currencyId, ct))
        {
            return l["Choose a value from the list."];
        }
        if (date is null)
        {
            return l["Enter a date."];
        }
        if (Numbers.Parse(rateText) is not (> 0 and < 100_000_000) || Numbers.Parse(rateText) is not { } rate)
        {
            return l["Enter a number greater than zero."];
        }
        var existing = await db.ExchangeRates.FirstOrDefaultAsync(r => r.CurrencyId == currencyId && r.Date == date, ct);
        if (existing is null)
        {
            db.ExchangeRates.Add(new ExchangeRate { CurrencyId = currencyId.Value, Date = date.Value, Rate = rate });
        }
        else
        {
            existing.Rate = rate;
        }
        await db.SaveChangesAsync(ct);
        return null;
    }
}
