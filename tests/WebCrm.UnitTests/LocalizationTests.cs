using System.Text.RegularExpressions;
using WebCrm.Domain.Administration;
using WebCrm.Web.Infrastructure.Localization;
using WebCrm.Web.Infrastructure.Web;

namespace WebCrm.UnitTests;

public sealed partial class LocalizationTests
{
    private static readonly IReadOnlyDictionary<string, string> En = JsonTextStore.Load("en");
    private static readonly IReadOnlyDictionary<string, string> Ru = JsonTextStore.Load("ru");

    private static string WebSource()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WebCrm.sln")))
        {
            dir = dir.Parent;
        }
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("WebCrm.sln not found"), "src", "WebCrm.Web");
    }

    public static IEnumerable<string> KeysUsedInSource()
    {
        var files = Directory.EnumerateFiles(WebSource(), "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs") || f.EndsWith(".cshtml")) && !f.Contains("/obj/") && !f.Contains("/bin/"));
        foreach (var file in files)
        {
            foreach (Match m in KeyRegex().Matches(File.ReadAllText(file)))
            {
                var key = Regex.Unescape(m.Groups[1].Value);
                // A literal followed by + is a prefix of a computed key; those are listed below.
                if (!m.Groups[2].Success)
                {
                    yield return key;
                }
            }
        }
    }

    private static readonly Type[] HistoryTypes =
        [typeof(WebCrm.Domain.Clients.Company), typeof(WebCrm.Domain.Clients.ContactPerson), typeof(WebCrm.Domain.Clients.BankAccount), typeof(WebCrm.Domain.Clients.Contract),
         typeof(WebCrm.Domain.Deals.Deal), typeof(WebCrm.Domain.Deals.DealStage), typeof(WebCrm.Domain.Deals.DealLine),
         typeof(WebCrm.Domain.Deals.Payment), typeof(WebCrm.Domain.Deals.AccountingDocument), typeof(WebCrm.Domain.Deals.Product),
         typeof(WebCrm.Domain.Reference.ReferenceItem), typeof(WebCrm.Domain.Reference.Currency), typeof(WebCrm.Domain.Clients.CustomFieldDefinition),
         typeof(WebCrm.Domain.KnowledgeBase.Article), typeof(WebCrm.Domain.KnowledgeBase.ArticleCategory)];

    /// <summary>Keys the views compute: module titles, event kinds, filter operators and the change history's names.</summary>
    private static IEnumerable<string> ComputedKeys() =>
        Navigation.Modules.Select(m => m.Title)
            .Concat(Enum.GetNames<SecurityEventKind>().Select(k => "SecurityEvent." + k))
            .Concat(Enum.GetNames<WebCrm.Web.Features.Shared.FilterOp>().Select(k => "FilterOp." + k))
            .Concat(Enum.GetNames<WebCrm.Domain.Common.ChangeKind>().Select(k => "Change." + k))
            .Concat(Enum.GetNames<WebCrm.Domain.Deals.DealStatus>().Select(k => "DealStatus." + k))
            .Concat(Enum.GetNames<WebCrm.Domain.Packages.OutboxState>().Select(k => "OutboxState." + k))
            .Concat(HistoryTypes.Select(t => "Entity." + t.Name))
            .Concat(Enum.GetNames<WebCrm.Domain.Reports.Measure>().Select(k => "Measure." + k))
            .Concat(Enum.GetNames<WebCrm.Domain.Reports.Dimension>().Select(k => "Dimension." + k))
            .Concat(Enum.GetNames<WebCrm.Domain.Reports.PeriodStep>().Select(k => "Step." + k))
            .Concat(Enum.GetNames<WebCrm.Domain.Reports.QuickPeriod>().Select(k => "Quick." + k))
            .Concat(Enum.GetNames<WebCrm.Domain.Reports.ChartKind>().Select(k => "Chart." + k))
            .Concat(WebCrm.Web.Features.Reports.ReportSeeder.Defaults.Select(d => "Report." + d.Code))
            .Concat(HistoryTypes.SelectMany(t => t.GetProperties())
                .Where(p => p.CanWrite && (p.PropertyType.IsValueType || p.PropertyType == typeof(string))
                    && p.DeclaringType != typeof(WebCrm.Domain.Common.Entity) && p.Name != "SearchText"
                    // A derived column is never a history line of its own (AuditTrail leaves it out).
                    && !p.IsDefined(typeof(WebCrm.Domain.Common.DerivedAttribute), false))
                .Select(p => "Field." + p.Name));

    [Fact]
    public void Both_languages_have_the_same_keys_and_no_empty_text()
    {
        Assert.Equal(En.Keys.Order(), Ru.Keys.Order());
        Assert.All(En, kv => Assert.False(string.IsNullOrWhiteSpace(kv.Value), kv.Key));
        Assert.All(Ru, kv => Assert.False(string.IsNullOrWhiteSpace(kv.Value), kv.Key));
    }

    [Fact]
    public void Every_key_used_in_views_and_code_exists_in_both_languages()
    {
        var used = KeysUsedInSource().Concat(ComputedKeys()).Distinct().ToList();
        Assert.True(used.Count > 50, "the key scan found suspiciously few keys");
        var missingEn = used.Where(k => !En.ContainsKey(k)).ToList();
        var missingRu = used.Where(k => !Ru.ContainsKey(k)).ToList();
        Assert.True(missingEn.Count == 0, "missing in en.json: " + string.Join(" | ", missingEn));
        Assert.True(missingRu.Count == 0, "missing in ru.json: " + string.Join(" | ", missingRu));
    }

    [Fact]
    public void Russian_texts_keep_the_placeholders()
    {
        foreach (var (key, ru) in Ru)
        {
            Assert.True(Placeholders(En[key]).SequenceEqual(Placeholders(ru)), $"'{key}': placeholders differ between en and ru");
        }
        Assert.Equal("Клиенты", Ru["Clients"]);
        Assert.Equal("Работы", Ru["Deals"]);
        Assert.Equal("Воронка", Ru["Funnel"]);
    }

    /// <summary>
    /// Russian texts that may stay in Latin letters: brand names, codes and formats. Empty today; add a text here only
    /// when it is meant to stay untranslated, never to silence a forgotten translation.
    /// </summary>
    private static readonly HashSet<string> LatinAllowedInRussian = new(StringComparer.Ordinal);

    /// <summary>
    /// Texts (as "file: key = value") that, placeholders such as {0:N2} left out, have Latin letters and no Cyrillic
    /// one, unless allowed.
    /// </summary>
    public static IReadOnlyList<string> UntranslatedTexts(IEnumerable<(string File, string Key, string Ru)> texts, ISet<string> allowed) =>
        texts.Where(t => !allowed.Contains(t.Ru) && PlaceholderRegex().Replace(t.Ru, "") is var words
                && LatinRegex().IsMatch(words) && !CyrillicRegex().IsMatch(words))
            .Select(t => $"{t.File}: \"{t.Key}\" = \"{t.Ru}\"").ToList();

    [Fact]
    public void Every_russian_text_of_every_resource_file_is_translated()
    {
        var resources = Path.Combine(WebSource(), "Resources");
        var files = Directory.GetFiles(resources, "*.ru.json");
        Assert.NotEmpty(files);
        var texts = files.SelectMany(file =>
            System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(file))!
                .Select(kv => (File: Path.GetFileName(file), kv.Key, Ru: kv.Value))).ToList();
        Assert.True(texts.Count > 100, $"only {texts.Count} Russian texts found in {resources}");

        var untranslated = UntranslatedTexts(texts, LatinAllowedInRussian);
        Assert.True(untranslated.Count == 0, "Russian texts still in English: " + string.Join(" | ", untranslated));
        // An allowed text that no file holds any more is stale.
        Assert.All(LatinAllowedInRussian, a => Assert.Contains(texts, t => t.Ru == a));
    }

    [Fact]
    public void The_translation_check_catches_english_texts_and_lets_placeholders_and_allowed_names_through()
    {
        (string, string, string)[] texts =
        [
            ("X.ru.json", "Save", "Save"),
            ("X.ru.json", "Deals found: {0}", "Deals found: {0}"),
            ("X.ru.json", "Brand", "WebCrm"),
            ("X.ru.json", "Amount", "{0:N2}"),
            ("X.ru.json", "Count", "Найдено: {0}"),
            ("X.ru.json", "Mixed", "Вход в WebCrm"),
        ];
        Assert.Equal(["X.ru.json: \"Save\" = \"Save\"", "X.ru.json: \"Deals found: {0}\" = \"Deals found: {0}\""],
            UntranslatedTexts(texts, new HashSet<string> { "WebCrm" }));
    }

    /// <summary>The placeholders of a text; a plural text ("form|form|form") is compared by the set of its forms' placeholders.</summary>
    private static string[] Placeholders(string s) => PlaceholderRegex().Matches(s).Select(m => m.Value).Distinct().Order().ToArray();

    [GeneratedRegex("""\b[Ll](?:\[|\.Plural\()"((?:[^"\\]|\\.)*)"(\s*\+)?""")]
    private static partial Regex KeyRegex();

    [GeneratedRegex(@"\{\d+(:[^}]*)?\}")]
    private static partial Regex PlaceholderRegex();

    [GeneratedRegex("[A-Za-z]")]
    private static partial Regex LatinRegex();

    [GeneratedRegex("[А-Яа-яЁё]")]
    private static partial Regex CyrillicRegex();

}
