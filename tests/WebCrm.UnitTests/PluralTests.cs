using System.Globalization;
using Microsoft.Extensions.Localization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.UnitTests;

/// <summary>Plural forms through the localizer: Russian one/few/many, English one/other.</summary>
public sealed class PluralTests
{
    [Theory]
    [InlineData(0, 2)] [InlineData(1, 0)] [InlineData(2, 1)] [InlineData(3, 1)] [InlineData(4, 1)] [InlineData(5, 2)]
    [InlineData(11, 2)] [InlineData(12, 2)] [InlineData(14, 2)] [InlineData(21, 0)] [InlineData(22, 1)] [InlineData(25, 2)]
    [InlineData(101, 0)] [InlineData(111, 2)] [InlineData(112, 2)] [InlineData(1004, 1)] [InlineData(-1, 0)]
    public void Russian_rule_picks_one_few_or_many(long count, int form) => Assert.Equal(form, Plurals.RussianForm(count));

    [Theory]
    [InlineData(1, "1 лицензия")] [InlineData(3, "3 лицензии")] [InlineData(5, "5 лицензий")] [InlineData(11, "11 лицензий")]
    [InlineData(21, "21 лицензия")] [InlineData(22, "22 лицензии")] [InlineData(25, "25 лицензий")] [InlineData(1.5, "1,5 лицензии")]
    public void Russian_text_gets_the_form_of_its_count(double count, string expected)
    {
        using var _ = new CultureScope("ru");
        Assert.Equal(expected, Localizer("{0} лицензия|{0} лицензии|{0} лицензий").Plural("licences", (decimal)count));
    }

    [Theory]
    [InlineData(1, "1 licence")] [InlineData(0, "0 licences")] [InlineData(2, "2 licences")] [InlineData(21, "21 licences")]
    public void English_text_has_one_and_other(int count, string expected)
    {
        using var _ = new CultureScope("en");
        Assert.Equal(expected, Localizer("{0} licence|{0} licences").Plural("licences", count));
    }

    [Fact]
    public void Large_counts_are_grouped_and_further_arguments_follow_the_count()
    {
        using var _ = new CultureScope("ru");
        Assert.Equal("1\u00a0002 лицензии у «Альфы»", Localizer("{0} лицензия у «{1}»|{0} лицензии у «{1}»|{0} лицензий у «{1}»").Plural("k", 1002, "Альфы"));
    }

    [Fact]
    public void Every_plural_text_of_the_resources_has_two_english_and_three_russian_forms()
    {
        var en = JsonTextStore.Load("en");
        var ru = JsonTextStore.Load("ru");
        var plural = en.Where(kv => kv.Value.Contains('|')).Select(kv => kv.Key).ToList();
        Assert.NotEmpty(plural);
        Assert.All(plural, k => Assert.Equal(2, en[k].Split('|').Length));
        Assert.All(plural, k => Assert.Equal(3, ru[k].Split('|').Length));
        Assert.All(ru.Where(kv => kv.Value.Contains('|')), kv => Assert.Contains(kv.Key, plural));
    }

    private static IStringLocalizer Localizer(string text) => new OneText(text);

    private sealed class OneText(string text) : IStringLocalizer
    {
        public LocalizedString this[string name] => new(name, text);
        public LocalizedString this[string name, params object[] arguments] => new(name, string.Format(text, arguments));
        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }

    private sealed class CultureScope : IDisposable
    {
        private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
        private readonly CultureInfo _ui = CultureInfo.CurrentUICulture;

        public CultureScope(string name)
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(name);
        }

        public void Dispose()
        {
            CultureInfo.CurrentCulture = _culture;
            CultureInfo.CurrentUICulture = _ui;
        }
    }
}
