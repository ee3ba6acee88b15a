using WebCrm.Domain.Clients;

namespace WebCrm.UnitTests;

public sealed class RussianTaxNumbersTests
{
    // ---- known numbers ----

    [Theory]
    [InlineData("7707083893")] // a large bank
    [InlineData("7736207543")]
    [InlineData("7728168971")]
    public void Known_legal_entity_inns_are_valid(string inn)
    {
        Assert.True(RussianTaxNumbers.IsValidLegalEntityInn(inn));
        Assert.True(RussianTaxNumbers.IsValidInn(inn));
        Assert.False(RussianTaxNumbers.IsValidIndividualInn(inn));
    }

    [Theory]
    [InlineData("500100732259")]
    [InlineData("773173084809")]
    public void Known_individual_inns_are_valid(string inn)
    {
        Assert.True(RussianTaxNumbers.IsValidIndividualInn(inn));
        Assert.True(RussianTaxNumbers.IsValidInn(inn));
        Assert.False(RussianTaxNumbers.IsValidLegalEntityInn(inn));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("770708389")]      // 9 digits
    [InlineData("77070838930")]    // 11 digits
    [InlineData("7707083894")]     // wrong check digit
    [InlineData("77O7083893")]     // a letter O
    [InlineData(" 7707083893")]    // not trimmed
    [InlineData("770708389３")]     // a full-width digit
    [InlineData("500100732258")]   // wrong 12th digit
    [InlineData("500100732269")]   // wrong 11th digit
    [InlineData("5001007322590")]  // 13 digits
    public void Malformed_inns_are_refused(string? inn) => Assert.False(RussianTaxNumbers.IsValidInn(inn));

    [Theory]
    [InlineData("773601001")]
    [InlineData("770101001")]
    [InlineData("7701AB001")]
    [InlineData("771245001")]
    public void Well_formed_kpps_are_valid(string kpp) => Assert.True(RussianTaxNumbers.IsValidKpp(kpp));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("77360100")]    // 8 characters
    [InlineData("7736010011")]  // 10 characters
    [InlineData("7736ab001")]   // lower-case letters
    [InlineData("77360A0A1")]   // letter outside positions 5-6
    [InlineData("A73601001")]
    [InlineData("7736ЖК001")]   // Cyrillic letters
    public void Malformed_kpps_are_refused(string? kpp) => Assert.False(RussianTaxNumbers.IsValidKpp(kpp));

    [Theory]
    [InlineData("1027700132195")]
    [InlineData("1027700229193")]
    public void Known_ogrns_are_valid(string ogrn)
    {
        Assert.True(RussianTaxNumbers.IsValidOgrn(ogrn));
        Assert.True(RussianTaxNumbers.IsValidOgrnOrOgrnip(ogrn));
    }

    [Theory]
    [InlineData("304500116000157")]
    public void Known_ogrnips_are_valid(string ogrnip)
    {
        Assert.True(RussianTaxNumbers.IsValidOgrnip(ogrnip));
        Assert.True(RussianTaxNumbers.IsValidOgrnOrOgrnip(ogrnip));
        Assert.False(RussianTaxNumbers.IsValidOgrn(ogrnip));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("102770013219")]     // 12 digits
    [InlineData("1027700132196")]    // wrong check digit
    [InlineData("10277001321950")]   // 14 digits
    [InlineData("1027700l32195")]    // a letter l
    [InlineData("304500116000158")]  // OGRNIP with a wrong check digit
    public void Malformed_ogrns_are_refused(string? ogrn) => Assert.False(RussianTaxNumbers.IsValidOgrnOrOgrnip(ogrn));

    [Theory]
    [InlineData("044525225")]
    [InlineData("049805746")]
    public void Nine_digit_biks_are_valid(string bik) => Assert.True(RussianTaxNumbers.IsValidBik(bik));

    [Theory]
    [InlineData(null)]
    [InlineData("04452522")]
    [InlineData("0445252250")]
    [InlineData("04452522X")]
    public void Malformed_biks_are_refused(string? bik) => Assert.False(RussianTaxNumbers.IsValidBik(bik));

    [Theory]
    // The worked examples of the Bank of Russia's procedure for the control key (No. 515 of 08.09.1997).
    [InlineData("40602810700000000025", "049805746")]
    [InlineData("40702810900000000025", "044514512")]
    public void Known_settlement_accounts_match_their_bik(string account, string bik) =>
        Assert.True(RussianTaxNumbers.IsValidAccount(account, bik));

    [Theory]
    [InlineData("40602810700000000025", "049805745")]   // same account, another bank
    [InlineData("40602810800000000025", "049805746")]   // wrong control key
    [InlineData("4060281070000000002", "049805746")]    // 19 digits
    [InlineData("406028107000000000250", "049805746")]  // 21 digits
    [InlineData("40602810700000000O25", "049805746")]   // a letter O
    [InlineData("40602810700000000025", "04980574")]    // bad BIK
    [InlineData(null, "049805746")]
    [InlineData("40602810700000000025", null)]
    public void Wrong_settlement_accounts_are_refused(string? account, string? bik) =>
        Assert.False(RussianTaxNumbers.IsValidAccount(account, bik));

    [Theory]
    [InlineData("30101810800000000746", "049805000")]  // the Bank of Russia's worked example
    [InlineData("30101810400000000225", "044525225")]
    [InlineData("30101810145250000974", "044525974")]
    [InlineData("30101810200000000593", "044525593")]
    public void Known_correspondent_accounts_match_their_bik(string account, string bik) =>
        Assert.True(RussianTaxNumbers.IsValidCorrespondentAccount(account, bik));

    [Theory]
    [InlineData("30101810500000000225", "044525225")]   // wrong control key
    [InlineData("30101810400000000225", "044535225")]   // BIK digits 5-6 differ
    [InlineData("40702810400000000225", "044525225")]   // not a 301 account
    [InlineData("3010181040000000022", "044525225")]    // 19 digits
    public void Wrong_correspondent_accounts_are_refused(string account, string bik) =>
        Assert.False(RussianTaxNumbers.IsValidCorrespondentAccount(account, bik));

    // ---- generated numbers (property style) ----

    private const int Samples = 500;

    public static TheoryData<int> Seeds => [1, 42, 2026];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Generated_numbers_validate(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Samples; i++)
        {
            var inn10 = RussianTaxNumbers.NewInn10(random);
            Assert.True(RussianTaxNumbers.IsValidLegalEntityInn(inn10), inn10);
            var region = random.Next(1, 100);
            var regional = RussianTaxNumbers.NewInn10(random, region);
            Assert.True(RussianTaxNumbers.IsValidLegalEntityInn(regional), regional);
            Assert.Equal(region, int.Parse(regional[..2], System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(RussianTaxNumbers.IsValidIndividualInn(RussianTaxNumbers.NewInn12(random, region)));
            Assert.True(RussianTaxNumbers.IsValidOgrn(RussianTaxNumbers.NewOgrn(random, region)));
            var inn12 = RussianTaxNumbers.NewInn12(random);
            Assert.True(RussianTaxNumbers.IsValidIndividualInn(inn12), inn12);
            var ogrn = RussianTaxNumbers.NewOgrn(random);
            Assert.True(RussianTaxNumbers.IsValidOgrn(ogrn), ogrn);
            var ogrnip = RussianTaxNumbers.NewOgrnip(random);
            Assert.True(RussianTaxNumbers.IsValidOgrnip(ogrnip), ogrnip);
            var kpp = RussianTaxNumbers.NewKpp(random, inn10);
            Assert.True(RussianTaxNumbers.IsValidKpp(kpp), kpp);
            Assert.StartsWith(inn10[..4], kpp);
            Assert.True(RussianTaxNumbers.IsValidKpp(RussianTaxNumbers.NewKpp(random)));
            var bik = RussianTaxNumbers.NewBik(random);
            Assert.True(RussianTaxNumbers.IsValidBik(bik), bik);
            var account = RussianTaxNumbers.NewAccount(bik, random);
            Assert.True(RussianTaxNumbers.IsValidAccount(account, bik), $"{account} / {bik}");
            var correspondent = RussianTaxNumbers.NewCorrespondentAccount(bik);
            Assert.True(RussianTaxNumbers.IsValidCorrespondentAccount(correspondent, bik), $"{correspondent} / {bik}");
            Assert.EndsWith(bik[6..], correspondent);
        }
    }

    [Fact]
    public void Generators_are_deterministic_for_a_seed()
    {
        static string Sequence(int seed)
        {
            var random = new Random(seed);
            var bik = RussianTaxNumbers.NewBik(random);
            return string.Join(" ", RussianTaxNumbers.NewInn10(random), RussianTaxNumbers.NewInn12(random),
                RussianTaxNumbers.NewOgrn(random), RussianTaxNumbers.NewKpp(random), bik, RussianTaxNumbers.NewAccount(bik, random));
        }
        Assert.Equal(Sequence(7), Sequence(7));
        Assert.NotEqual(Sequence(7), Sequence(8));
    }

    /// <summary>Every number with one digit replaced by another digit.</summary>
    private static IEnumerable<(int Position, string Number)> OneDigitChanges(string number)
    {
        for (var i = 0; i < number.Length; i++)
        {
            for (var d = '0'; d <= '9'; d++)
            {
                if (d != number[i])
                {
                    yield return (i, number[..i] + d + number[(i + 1)..]);
                }
            }
        }
    }

    [Fact]
    public void Any_one_digit_change_breaks_an_account_or_correspondent_account()
    {
        // Weights 7, 1 and 3 are all coprime with 10, so the key catches every single wrong digit.
        var random = new Random(5);
        for (var i = 0; i < 50; i++)
        {
            var bik = RussianTaxNumbers.NewBik(random);
            var account = RussianTaxNumbers.NewAccount(bik, random);
            foreach (var (_, changed) in OneDigitChanges(account))
            {
                Assert.False(RussianTaxNumbers.IsValidAccount(changed, bik), $"{changed} / {bik}");
            }
            var correspondent = RussianTaxNumbers.NewCorrespondentAccount(bik);
            foreach (var (_, changed) in OneDigitChanges(correspondent))
            {
                Assert.False(RussianTaxNumbers.IsValidCorrespondentAccount(changed, bik), $"{changed} / {bik}");
            }
            // A digit of the BIK's last three changes the settlement account's key too.
            foreach (var (position, changedBik) in OneDigitChanges(bik))
            {
                if (position >= 6)
                {
                    Assert.False(RussianTaxNumbers.IsValidAccount(account, changedBik), $"{account} / {changedBik}");
                }
            }
        }
    }

    public static TheoryData<string> Kinds => ["inn10", "inn12", "ogrn", "ogrnip"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_one_digit_change_breaks_an_inn_or_ogrn(string kind)
    {
        Func<Random, string> make = kind switch
        {
            "inn10" => r => RussianTaxNumbers.NewInn10(r),
            "inn12" => r => RussianTaxNumbers.NewInn12(r),
            "ogrn" => r => RussianTaxNumbers.NewOgrn(r),
            _ => r => RussianTaxNumbers.NewOgrnip(r),
        };
        Func<string, bool> valid = kind switch
        {
            "inn10" => RussianTaxNumbers.IsValidLegalEntityInn,
            "inn12" => RussianTaxNumbers.IsValidIndividualInn,
            "ogrn" => RussianTaxNumbers.IsValidOgrn,
            _ => RussianTaxNumbers.IsValidOgrnip,
        };
        var checkDigits = kind == "inn12" ? 2 : 1;
        var random = new Random(11);
        int changes = 0, caught = 0;
        for (var i = 0; i < 200; i++)
        {
            var number = make(random);
            foreach (var (position, changed) in OneDigitChanges(number))
            {
                var isValid = valid(changed);
                if (position >= number.Length - checkDigits)
                {
                    // A wrong check digit is always caught.
                    Assert.False(isValid, changed);
                }
                changes++;
                caught += isValid ? 0 : 1;
            }
        }
        // "mod 11, then mod 10" folds remainder 10 onto 0, so a few changes elsewhere slip through by design;
        // the overwhelming majority must not.
        Assert.True(caught >= changes * 0.95, $"{caught} of {changes} one-digit changes caught");
    }

    [Fact]
    public void Generators_refuse_a_malformed_bik()
    {
        Assert.Throws<ArgumentException>(() => RussianTaxNumbers.NewAccount("12345", new Random(1)));
        Assert.Throws<ArgumentException>(() => RussianTaxNumbers.NewCorrespondentAccount("04452522X"));
    }
}
