using WebCrm.Data.Seeding;
using WebCrm.Domain.Clients;

namespace WebCrm.UnitTests;

public sealed class DemoDataFactoryTests
{
    private static readonly DemoReferences References = new()
    {
        Types = [1, 2], Industries = [3, 4], Sources = [5], Regions = [6, 7], Positions = [8, 9], ContractStatuses = [10],
        Rub = 1, Usd = 2,
    };

    private static List<Company> Make(int seed, int count)
    {
        var random = new Random(seed);
        var factory = new DemoDataFactory(random, References, ["a", "b", "c"]);
        var today = new DateOnly(2026, 6, 1);
        return Enumerable.Range(0, count).Select(i =>
        {
            var company = factory.NewCompany();
            company.Contacts.Add(factory.NewContact(company));
            company.BankAccounts.Add(factory.NewBankAccount());
            company.Contracts.Add(factory.NewContract(company, today, i + 1));
            return company;
        }).ToList();
    }

    [Fact]
    public void The_same_seed_gives_the_same_data()
    {
        static string Describe(Company c) => string.Join("|", c.Name, c.LegalName, c.Inn, c.Kpp, c.Ogrn, c.LegalAddress, c.Phone,
            c.Email, c.ResponsibleId, c.Contacts[0].FullName, c.Contacts[0].Birthday, c.BankAccounts[0].AccountNumber, c.Contracts[0].Amount);
        Assert.Equal(Make(3, 50).Select(Describe), Make(3, 50).Select(Describe));
        Assert.NotEqual(Make(3, 50).Select(Describe), Make(4, 50).Select(Describe));
    }

    [Fact]
    public void Generated_companies_carry_valid_numbers_and_fit_their_columns()
    {
        foreach (var c in Make(9, 2000))
        {
            Assert.True(RussianTaxNumbers.IsValidInn(c.Inn), c.Inn);
            Assert.True(RussianTaxNumbers.IsValidOgrnOrOgrnip(c.Ogrn), c.Ogrn);
            Assert.True(c.Kpp is null ? c.Inn!.Length == 12 : RussianTaxNumbers.IsValidKpp(c.Kpp), c.Kpp);
            Assert.Contains(c.ResponsibleId, new[] { "a", "b", "c" });
            Assert.InRange(c.Name.Length, 1, 300);
            Assert.InRange(c.LegalName!.Length, 1, 500);
            Assert.InRange(c.LegalAddress!.Length, 1, 500);
            Assert.InRange(c.Email!.Length, 3, 256);
            Assert.Matches("^[a-z0-9.-]+@[a-z0-9.-]+$", c.Email);
            Assert.InRange(c.Contacts[0].Phone?.Length ?? 0, 0, 100);
            var account = c.BankAccounts[0];
            Assert.True(RussianTaxNumbers.IsValidAccount(account.AccountNumber, account.Bik));
            Assert.True(RussianTaxNumbers.IsValidCorrespondentAccount(account.CorrespondentAccount, account.Bik));
        }
    }

    [Theory]
    [InlineData("Северный ветер", "severnyy-veter")]
    [InlineData("ТехноСервис-2000", "tekhnoservis-2000")]
    [InlineData("Щёкин Юрий", "shchekin-yuriy")]
    [InlineData("Вектор Плюс!", "vektor-plyus")]
    public void Transliteration_gives_domain_friendly_latin(string text, string expected) =>
        Assert.Equal(expected, DemoDataFactory.Transliterate(text));
}
