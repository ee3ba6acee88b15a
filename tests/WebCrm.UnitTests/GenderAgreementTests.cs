using System.Globalization;
using Microsoft.Extensions.Localization;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.UnitTests;

/// <summary>
/// Russian badges and labels agree in gender with the noun they describe ("Оплата просрочена", "Этап просрочен",
/// "Работа закрыта"), read through the application's own localizer. The gender of each noun is taken from the noun's
/// own Russian text (the "Entity.*" names), so renaming a noun in the resources without mending its badges fails here.
/// </summary>
public sealed class GenderAgreementTests
{
    private static readonly IStringLocalizer L =
        new StringLocalizer<SharedResource>(new JsonStringLocalizerFactory(new JsonTextStore()));

    /// <summary>Badge key, the noun it speaks of (its resource key), and the Russian text users must see.</summary>
    public static TheoryData<string, string, string> Badges() => new()
    {
        { "Payment overdue", "Entity.Payment", "Оплата просрочена" },
        { "Stage overdue", "Entity.DealStage", "Этап просрочен" },
        { "Deal closed", "Entity.Deal", "Работа закрыта" },
        { "DealStatus.Open", "Entity.Deal", "Открыта" },
        { "DealStatus.Won", "Entity.Deal", "Выиграна" },
        { "DealStatus.Lost", "Entity.Deal", "Проиграна" },
        { "current", "Entity.DealStage", "текущий" },
    };

    [Theory]
    [MemberData(nameof(Badges))]
    public void Russian_badge_reads_as_expected_and_agrees_with_its_noun(string key, string noun, string expected)
    {
        using var _ = new Culture("ru");
        var text = L[key];
        Assert.False(text.ResourceNotFound, key);
        Assert.Equal(expected, text.Value);
        Assert.Equal(GenderOfNoun(L[noun].Value), GenderOfWord(text.Value));
    }

    [Fact]
    public void Completed_stage_badge_agrees_with_the_stage()
    {
        using var _ = new Culture("ru");
        var text = L["completed {0:d}", new DateTime(2026, 11, 29)].Value;
        Assert.Equal("выполнен 29.11.2026", text);
        Assert.Equal(GenderOfNoun(L["Entity.DealStage"].Value), GenderOfWord(text.Split(' ')[0]));
    }

    [Theory]
    [MemberData(nameof(Badges))]
    public void English_badge_exists_and_is_not_the_russian_text(string key, string noun, string russian)
    {
        _ = noun;
        using var _c = new Culture("en");
        var text = L[key];
        Assert.False(text.ResourceNotFound, key);
        Assert.NotEqual(russian, text.Value);
        Assert.DoesNotMatch("[а-яё]", text.Value.ToLowerInvariant());
    }

    [Theory]
    [InlineData("Оплата", 'f')] [InlineData("Этап", 'm')] [InlineData("Работа", 'f')] [InlineData("Контактное лицо", 'n')]
    [InlineData("Договор", 'm')] [InlineData("Компания", 'f')]
    public void The_gender_rule_of_this_test_itself_reads_nouns_right(string noun, char gender) => Assert.Equal(gender, GenderOfNoun(noun));

    /// <summary>Gender of a Russian noun phrase from its head noun's ending (enough for the nouns of this application).</summary>
    private static char GenderOfNoun(string phrase)
    {
        var head = phrase.ToLowerInvariant().Split(' ').Last();
        return head[^1] switch
        {
            'а' or 'я' => 'f',
            'о' or 'е' => 'n',
            _ => 'm',
        };
    }

    /// <summary>Gender shown by a short participle or adjective ("просрочена", "закрыт", "текущий", "открыто").</summary>
    private static char GenderOfWord(string text)
    {
        var word = text.ToLowerInvariant().Split(' ').Last();
        if (word.EndsWith("ий") || word.EndsWith("ый") || word.EndsWith("ой")) return 'm';
        if (word.EndsWith("ая") || word.EndsWith("яя")) return 'f';
        return word[^1] switch
        {
            'а' or 'я' => 'f',
            'о' or 'е' => 'n',
            _ => 'm',
        };
    }

    private sealed class Culture : IDisposable
    {
        private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
        private readonly CultureInfo _ui = CultureInfo.CurrentUICulture;

        public Culture(string name) => CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(name);

        public void Dispose()
        {
            CultureInfo.CurrentCulture = _culture;
            CultureInfo.CurrentUICulture = _ui;
        }
    }
}
