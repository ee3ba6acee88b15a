using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace WebCrm.Web.Infrastructure.Localization;

/// <summary>
/// UI text lives in flat JSON files keyed by the English text, one pair per module
/// (Resources/Clients.en.json + Resources/Clients.ru.json), merged per language at start. Both languages sit
/// side by side for review, modules do not collide in one file, and a test proves that every key used
/// anywhere exists in both.
/// </summary>
public sealed class JsonStringLocalizer(JsonTextStore store) : IStringLocalizer
{
    public LocalizedString this[string name]
    {
        get
        {
            var value = store.Find(CultureInfo.CurrentUICulture, name);
            return new LocalizedString(name, value ?? name, resourceNotFound: value is null);
        }
    }

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var template = this[name];
            return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, template.Value, arguments), template.ResourceNotFound);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        store.All(CultureInfo.CurrentUICulture).Select(kv => new LocalizedString(kv.Key, kv.Value, false));
}

public sealed class JsonStringLocalizerFactory(JsonTextStore store) : IStringLocalizerFactory
{
    private readonly JsonStringLocalizer _localizer = new(store);

    public IStringLocalizer Create(Type resourceSource) => _localizer;

    public IStringLocalizer Create(string baseName, string location) => _localizer;
}

/// <summary>Loads the embedded language files once.</summary>
public sealed class JsonTextStore
{
    public const string DefaultLanguage = "en";
    public static readonly string[] Languages = ["en", "ru"];

    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _texts = new();

    public string? Find(CultureInfo culture, string key)
    {
        var texts = All(culture);
        return texts.TryGetValue(key, out var value) ? value : null;
    }

    public IReadOnlyDictionary<string, string> All(CultureInfo culture)
    {
        var language = Languages.Contains(culture.TwoLetterISOLanguageName) ? culture.TwoLetterISOLanguageName : DefaultLanguage;
        return _texts.GetOrAdd(language, Load);
    }

    public static IReadOnlyDictionary<string, string> Load(string language)
    {
        var assembly = typeof(JsonTextStore).Assembly;
        var names = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("WebCrm.Web.Resources.", StringComparison.Ordinal) && n.EndsWith($".{language}.json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            throw new InvalidOperationException($"No language files for '{language}'.");
        }
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(stream) ?? [])
            {
                // The same key in two modules must mean the same text, otherwise one module silently wins.
                if (texts.TryGetValue(key, out var existing) && existing != value)
                {
                    throw new InvalidOperationException($"'{key}' has two different {language} texts ({name}).");
                }
                texts[key] = value;
            }
        }
        return texts;
    }
}

/// <summary>Marker type for injecting the shared localizer.</summary>
public sealed class SharedResource;
