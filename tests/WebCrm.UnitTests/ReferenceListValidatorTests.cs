using System.Globalization;
using Microsoft.Extensions.Localization;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Reference;
using WebCrm.Web.Features.Administration.ReferenceLists;
using WebCrm.Web.Infrastructure.Localization;

namespace WebCrm.UnitTests;

public sealed class ReferenceListValidatorTests
{
    private static readonly IStringLocalizer<SharedResource> L =
        new StringLocalizer<SharedResource>(new JsonStringLocalizerFactory(new JsonTextStore()));

    private static string[] Failed<T>(FluentValidation.IValidator<T> validator, T input) =>
        validator.Validate(input).Errors.Select(e => e.PropertyName).Distinct().Order().ToArray();

    [Fact]
    public void A_value_needs_both_names_of_at_most_200_characters()
    {
        var v = new ReferenceValueInputValidator(L);
        Assert.Empty(Failed(v, new ReferenceValueInput { NameEn = "Moscow", NameRu = "Москва" }));
        Assert.Empty(Failed(v, new ReferenceValueInput { NameEn = new string('a', 200), NameRu = "Б", Stamp = Guid.NewGuid().ToString() }));
        Assert.Equal(["NameEn", "NameRu"], Failed(v, new ReferenceValueInput { NameEn = null, NameRu = "  " }));
        Assert.Equal(["NameRu"], Failed(v, new ReferenceValueInput { NameEn = "a", NameRu = new string('я', 201) }));
        Assert.Equal(["Stamp"], Failed(v, new ReferenceValueInput { NameEn = "a", NameRu = "б", Stamp = "not-a-stamp" }));
    }

    [Fact]
    public void Messages_are_in_the_users_language()
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("ru");
            var errors = new ReferenceValueInputValidator(L).Validate(new ReferenceValueInput { NameEn = "", NameRu = new string('я', 201) }).Errors;
            Assert.Equal("Введите название на английском.", errors.Single(e => e.PropertyName == "NameEn").ErrorMessage);
            Assert.Equal("Не более 200 символов.", errors.Single(e => e.PropertyName == "NameRu").ErrorMessage);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Theory]
    [InlineData("RUB", true)]
    [InlineData("XAU", true)]
    [InlineData("rub", false)]
    [InlineData("RU", false)]
    [InlineData("RUBL", false)]
    [InlineData("R1B", false)]
    [InlineData("РУБ", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void A_currency_code_is_three_capital_latin_letters(string? code, bool valid)
    {
        var input = new CurrencyInput { Code = code, NameEn = "Roubles", NameRu = "Рубли", Symbol = "₽", MinorUnits = 2 };
        Assert.Equal(valid, new CurrencyInputValidator(L).Validate(input).IsValid);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(4, true)]
    [InlineData(-1, false)]
    [InlineData(5, false)]
    [InlineData(null, false)]
    public void Minor_units_are_0_to_4(int? minor, bool valid)
    {
        var input = new CurrencyInput { Code = "EUR", NameEn = "Euros", NameRu = "Евро", MinorUnits = minor };
        Assert.Equal(valid ? [] : ["MinorUnits"], Failed(new CurrencyInputValidator(L), input));
    }

    [Fact]
    public void Currency_names_and_symbol_have_limits()
    {
        var input = new CurrencyInput { Code = "EUR", NameEn = new string('e', 101), NameRu = "", Symbol = new string('$', 11), MinorUnits = 2 };
        Assert.Equal(["NameEn", "NameRu", "Symbol"], Failed(new CurrencyInputValidator(L), input));
    }

    [Fact]
    public void A_list_field_needs_at_least_one_value()
    {
        var v = new CustomFieldInputValidator(L);
        CustomFieldInput Field(CustomFieldType type, string? options) =>
            new() { Target = CustomFieldTarget.Company, NameEn = "Size", NameRu = "Размер", Type = type, Options = options };
        Assert.Equal(["Options"], Failed(v, Field(CustomFieldType.List, null)));
        // The English name is optional (the Russian one is used), the Russian one is not.
        Assert.Empty(Failed(v, new CustomFieldInput { Target = CustomFieldTarget.Company, NameRu = "Размер", Type = CustomFieldType.Text }));
        Assert.Equal(["NameRu"], Failed(v, new CustomFieldInput { Target = CustomFieldTarget.Company, NameEn = "Size", Type = CustomFieldType.Text }));
        Assert.Equal(["Options"], Failed(v, Field(CustomFieldType.List, " \r\n\n  ")));
        Assert.Equal(["Options"], Failed(v, Field(CustomFieldType.List, "ok\n" + new string('x', 201))));
        Assert.Empty(Failed(v, Field(CustomFieldType.List, "Small\nLarge")));
        Assert.Empty(Failed(v, Field(CustomFieldType.Text, null)));
    }

    [Fact]
    public void A_field_needs_a_known_target_and_type_and_its_russian_name()
    {
        var v = new CustomFieldInputValidator(L);
        Assert.Equal(["NameRu", "Target", "Type"], Failed(v, new CustomFieldInput()));
        Assert.Equal(["Target", "Type"], Failed(v, new CustomFieldInput
        {
            Target = (CustomFieldTarget)9, Type = (CustomFieldType)99, NameEn = "a", NameRu = "б",
        }));
    }

    [Fact]
    public void Options_are_trimmed_deduplicated_and_blank_lines_dropped()
    {
        Assert.Equal("Small\nMedium\nLarge", ReferenceListCatalog.NormalizeOptions(" Small\r\n\r\nMedium \nLarge\nSmall\n"));
        Assert.Null(ReferenceListCatalog.NormalizeOptions(" \n "));
    }

    [Fact]
    public void Every_list_has_a_slug_that_reads_back_and_a_title_in_both_languages()
    {
        Assert.Equal("deal-stage", ReferenceListCatalog.Slug(ReferenceListKind.DealStage));
        Assert.Equal("accounting-document-type", ReferenceListCatalog.Slug(ReferenceListKind.AccountingDocumentType));
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            foreach (var kind in Enum.GetValues<ReferenceListKind>())
            {
                Assert.Equal(kind, ReferenceListCatalog.FromSlug(ReferenceListCatalog.Slug(kind)));
                CultureInfo.CurrentUICulture = new CultureInfo("ru");
                Assert.NotEqual(kind.ToString(), ReferenceListCatalog.Title(kind, L));
                CultureInfo.CurrentUICulture = previous;
            }
            CultureInfo.CurrentUICulture = new CultureInfo("ru");
            Assert.Equal("Этапы работ", ReferenceListCatalog.Title(ReferenceListKind.DealStage, L));
            Assert.Equal("Источники (как вы о нас узнали?)", ReferenceListCatalog.Title(ReferenceListKind.ClientSource, L));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
        Assert.Null(ReferenceListCatalog.FromSlug("7"));
        Assert.Null(ReferenceListCatalog.FromSlug("currencies"));
    }
}
