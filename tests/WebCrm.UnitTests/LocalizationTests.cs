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
         typeof(WebCrm.Domain.Reference.ReferenceItem), typeof(WebCrm.Domain.Reference.Currency), typeof(WebCrm.Domain.Clients.CustomFieldDefinition)];

    /// <summary>Keys the views compute: module titles, event kinds, filter operators and the change history's names.</summary>
    private static IEnumerable<string> ComputedKeys() =>
        Navigation.Modules.Select(m => m.Title)
            .Concat(Enum.GetNames<SecurityEventKind>().Select(k => "SecurityEvent." + k))
            .Concat(Enum.GetNames<WebCrm.Web.Features.Shared.FilterOp>().Select(k => "FilterOp." + k))
            .Concat(Enum.GetNames<WebCrm.Domain.Common.ChangeKind>().Select(k => "Change." + k))
            .Concat(Enum.GetNames<WebCrm.Domain.Deals.DealStatus>().Select(k => "DealStatus." + k))
            .Concat(HistoryTypes.Select(t => "Entity." + t.Name))
            .Concat(HistoryTypes.SelectMany(t => t.GetProperties())
                .Where(p => p.CanWrite && (p.PropertyType.IsValueType || p.PropertyType == typeof(string))
                    && p.DeclaringType != typeof(WebCrm.Domain.Common.Entity) && p.Name != "SearchText")
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
    public void Russian_texts_are_russian_and_keep_the_placeholders()
    {
        foreach (var (key, ru) in Ru)
        {
            Assert.Equal(Placeholders(En[key]), Placeholders(ru));
        }
        Assert.Equal("Клиенты", Ru["Clients"]);
        Assert.Equal("Работы", Ru["Deals"]);
        Assert.Equal("Воронка", Ru["Funnel"]);
    }

    private static string[] Placeholders(string s) => PlaceholderRegex().Matches(s).Select(m => m.Value).Order().ToArray();

    [GeneratedRegex("""\b[Ll]\["((?:[^"\\]|\\.)*)"(\s*\+)?""")]
    private static partial Regex KeyRegex();

    [GeneratedRegex(@"\{\d+(:[^}]*)?\}")]
    private static partial Regex PlaceholderRegex();
}
