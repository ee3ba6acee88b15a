using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;

namespace WebCrm.Web.Features.Shared.Money;

/// <summary>
/// Money as people read it: the amount in the user's culture with its currency's symbol from the currency list
/// (₽, $; the ISO code when a currency has no symbol) — "45 400,00 ₽". The currency list is read once per request.
/// </summary>
public sealed class MoneyText(CrmDbContext db)
{
    private Dictionary<string, (string Symbol, int Minor)>? _currencies;

    private Dictionary<string, (string Symbol, int Minor)> Currencies => _currencies ??= db.Currencies.AsNoTracking()
        .Select(c => new { c.Code, c.Symbol, c.MinorUnits }).ToList()
        .ToDictionary(c => c.Code, c => (string.IsNullOrWhiteSpace(c.Symbol) ? c.Code : c.Symbol, c.MinorUnits), StringComparer.Ordinal);

    public string Symbol(string? code) =>
        code is null ? "" : Currencies.TryGetValue(code, out var c) ? c.Symbol : code;

    /// <summary>"45 400,00 ₽" in the current culture, with the currency's own number of decimals.</summary>
    public string Of(decimal amount, string? code)
    {
        var minor = code is not null && Currencies.TryGetValue(code, out var c) ? c.Minor : 2;
        var number = amount.ToString("N" + minor, CultureInfo.CurrentCulture);
        return code is null ? number : number + "\u00a0" + Symbol(code);
    }
}
