using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.Web.Features.Clients;
using WebCrm.Web.Features.Shared.Money;
using WebCrm.Web.Infrastructure.Authorization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.Web.Features.Deals;

/// <summary>Lines, payments and accounting documents of a deal: each a change of the deal under its stamp, totals recomputed.</summary>
public sealed class DealMoneyParts(
    CrmDbContext db,
    DealStore store,
    MoneyService money,
    IStringLocalizer<SharedResource> l)
{
    public async Task<Result> AddLineAsync(int id, LineInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, deal) = await store.LoadAsync(id, principal, Operations.Update, tracked: true, withMoney: true, ct);
        if (outcome != Outcome.Ok)
        {
            return new Result(outcome);
        }
        var d = deal!;
        if (store.Refusal(d, principal, DealChange.Lines, field: "Line.ProductId") is { } refused)
        {
            return refused;
        }
        var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == input.ProductId && p.IsActive, ct);
        if (product is null)
        {
            return Result.Invalid("Line.ProductId", l["Choose a product."]);
        }
        var minor = await store.MinorUnitsAsync(d.CurrencyId, ct);
        var quantity = Numbers.Parse(input.Quantity)!.Value;
        var price = Numbers.Parse(input.UnitPrice)!.Value;
        var discount = Numbers.Parse(input.DiscountPercent) ?? 0m;
        d.Lines.Add(new DealLine
        {
            DealId = d.Id, ProductId = product.Id, UnitId = product.UnitId, Quantity = quantity, UnitPrice = price, DiscountPercent = discount,
            Amount = DealMath.LineAmount(quantity, price, discount, minor),
        });
        return await store.SaveAsync(d, input.ConcurrencyStamp, ct);
    }

    /// <summary>Changes a line's quantity, price and discount (its product stays); the deal's stamp guards against a lost update.</summary>
    public async Task<Result> UpdateLineAsync(int id, int lineId, LineInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, deal) = await store.LoadAsync(id, principal, Operations.Update, tracked: true, withMoney: true, ct);
        if (outcome != Outcome.Ok)
        {
            return new Result(outcome);
        }
        var line = deal!.Lines.FirstOrDefault(x => x.Id == lineId);
        if (line is null)
        {
            return new Result(Outcome.NotFound);
        }
        if (store.Refusal(deal, principal, DealChange.Lines, field: "EditLine.Quantity") is { } refused)
        {
            return refused;
        }
        var minor = await store.MinorUnitsAsync(deal.CurrencyId, ct);
        line.Quantity = Numbers.Parse(input.Quantity)!.Value;
        line.UnitPrice = Numbers.Parse(input.UnitPrice)!.Value;
        line.DiscountPercent = Numbers.Parse(input.DiscountPercent) ?? 0m;
        line.Amount = DealMath.LineAmount(line.Quantity, line.UnitPrice, line.DiscountPercent, minor);
        return await store.SaveAsync(deal, input.ConcurrencyStamp, ct);
    }

    public Task<Result> DeleteLineAsync(int id, int lineId, Guid stamp, ClaimsPrincipal principal, CancellationToken ct) =>
        RemoveAsync(id, stamp, principal, DealChange.Lines, d => d.Lines, x => x.Id == lineId, ct);

    public async Task<Result> AddPaymentAsync(int id, PaymentInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, deal) = await store.LoadAsync(id, principal, Operations.Update, tracked: true, withMoney: true, ct);
        if (outcome != Outcome.Ok)
        {
            return new Result(outcome);
        }
        var d = deal!;
        if (store.Refusal(d, principal, DealChange.Money, field: "Payment.Amount") is { } refused)
        {
            return refused;
        }
        var currency = await db.Currencies.AsNoTracking().FirstOrDefaultAsync(c => c.Id == input.CurrencyId && c.IsActive, ct);
        if (currency is null)
        {
            return Result.Invalid("Payment.CurrencyId", l["Choose a value from the list."]);
        }
        // Money may still arrive on a closed deal (a late payment of a won deal, a refund case of a lost one), but not by a slip.
        if (d.IsClosed && !input.ConfirmClosed)
        {
            return Result.Invalid("Payment.ConfirmClosed", d.Status == DealStatus.Lost
                ? l["This deal is lost. Tick the box to confirm a payment on it."]
                : l["This deal is closed. Tick the box to confirm a payment on it."]);
        }
        var amount = DealMath.Round(Numbers.Parse(input.Amount)!.Value, currency.MinorUnits);
        var date = input.Date!.Value;
        var converted = await money.ConvertAsync(amount, currency.Id, d.CurrencyId, date, ct);
        if (converted is null)
        {
            return Result.Invalid("Payment.CurrencyId", l["There is no exchange rate for this currency on or before {0:d}; add one first.", date.ToDateTime(TimeOnly.MinValue)]);
        }
        d.Payments.Add(new Payment
        {
            DealId = d.Id, Date = date, Amount = amount, CurrencyId = currency.Id,
            DocumentNumber = FormText.Clean(input.DocumentNumber), Note = FormText.Clean(input.Note), AmountInDealCurrency = converted.Amount,
            Rate = converted.Rate, RateDate = converted.RateDate,
        });
        return await store.SaveAsync(d, input.ConcurrencyStamp, ct);
    }

    public Task<Result> DeletePaymentAsync(int id, int paymentId, Guid stamp, ClaimsPrincipal principal, CancellationToken ct) =>
        RemoveAsync(id, stamp, principal, DealChange.Money, d => d.Payments, x => x.Id == paymentId, ct);

    public async Task<Result> AddDocumentAsync(int id, DocumentInput input, ClaimsPrincipal principal, CancellationToken ct)
    {
        var (outcome, deal) = await store.LoadAsync(id, principal, Operations.Update, tracked: true, withMoney: true, ct);
        if (outcome != Outcome.Ok)
        {
            return new Result(outcome);
        }
        if (store.Refusal(deal!, principal, DealChange.Money, field: "Document.Number") is { } refused)
        {
            return refused;
        }
        if (!await db.ReferenceItems.AnyAsync(r => r.Id == input.TypeId && r.Kind == ReferenceListKind.AccountingDocumentType && r.IsActive, ct))
        {
            return Result.Invalid("Document.TypeId", l["Choose a value from the list."]);
        }
        var minor = await store.MinorUnitsAsync(deal!.CurrencyId, ct);
        deal.Documents.Add(new AccountingDocument
        {
            DealId = deal.Id, TypeId = input.TypeId!.Value, Number = input.Number!.Trim(), Date = input.Date!.Value,
            Amount = DealMath.Round(Numbers.Parse(input.Amount)!.Value, minor), Note = FormText.Clean(input.Note),
        });
        return await store.SaveAsync(deal, input.ConcurrencyStamp, ct);
    }

    public Task<Result> DeleteDocumentAsync(int id, int documentId, Guid stamp, ClaimsPrincipal principal, CancellationToken ct) =>
        RemoveAsync(id, stamp, principal, DealChange.Money, d => d.Documents, x => x.Id == documentId, ct);

    /// <summary>Removes one line, payment or document of a deal the user may change that way, under the deal's stamp.</summary>
    private async Task<Result> RemoveAsync<T>(int id, Guid stamp, ClaimsPrincipal principal, DealChange change,
        Func<Deal, List<T>> children, Func<T, bool> match, CancellationToken ct) where T : class
    {
        var (outcome, deal) = await store.LoadAsync(id, principal, Operations.Update, tracked: true, withMoney: true, ct);
        if (outcome != Outcome.Ok)
        {
            return new Result(outcome);
        }
        var item = children(deal!).FirstOrDefault(match);
        if (item is null)
        {
            return new Result(Outcome.NotFound);
        }
        if (store.Refusal(deal!, principal, change) is { } refused)
        {
            return refused;
        }
        children(deal!).Remove(item);
        db.Remove(item);
        return await store.SaveAsync(deal!, stamp, ct);
    }
}
