using System.Globalization;

namespace WebCrm.Web.Features.Shared.Money;

/// <summary>
/// Money as people read it: the amount in the user's culture with its currency's symbol from the currency list
/// (₽, $; the ISO code when a currency has no symbol) — "45 400,00 ₽". The currency list comes from the reference
/// cache (no round trip; views call this synchronously, and the cached copy is almost always loaded already).
/// </summary>
public sealed class MoneyText(ReferenceCache cache)
{
    private Dictionary<string, (string Symbol, int Minor)>? _currencies;

    private Dictionary<string, (string Symbol, int Minor)> Currencies => _currencies ??= cache.GetAsync().GetAwaiter().GetResult().Currencies
        .GroupBy(c => c.Code, StringComparer.Ordinal).Select(g => g.First())
        .ToDictionary(c => c.Code, c => (string.IsNullOrWhiteSpace(c.Symbol) ? c.Code : c.Symbol, c.MinorUnits), StringComparer.Ordinal);

    private Dictionary<string, (string En, string Ru)>? _names;

    /// <summary>A currency as a reference value reads: its name in the user's language with its symbol ("Доллар США ($)").</summary>
    public string Title(string code)
    {
        _names ??= cache.GetAsync().GetAwaiter().GetResult().Currencies.GroupBy(c => c.Code, StringComparer.Ordinal).Select(g => g.First())
            .ToDictionary(c => c.Code, c => (c.NameEn, c.NameRu), StringComparer.Ordinal);
        if (!_names.TryGetValue(code, out var names))
        {
            return code;
        }
        var name = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ru" ? names.Ru : names.En;
        var symbol = Symbol(code);
        return string.IsNullOrWhiteSpace(name) ? symbol : symbol == name ? name : $"{name} ({symbol})";
    }

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
