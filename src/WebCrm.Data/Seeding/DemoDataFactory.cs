using System.Globalization;
using System.Text;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Reference;
using static WebCrm.Data.Seeding.DemoVocabulary;

namespace WebCrm.Data.Seeding;

/// <summary>
/// Makes plausible Russian companies, contact persons, bank accounts and contracts from a seeded
/// <see cref="Random"/>, so the same seed always gives the same data. Shared by the Development demo seed and
/// the scale-data generator; it only builds objects and never touches the database.
/// </summary>
public sealed class DemoDataFactory(Random random, DemoReferences references, IReadOnlyList<string> responsibleIds)
{
    private readonly HashSet<string> _usedNames = [];

    /// <summary>A company without children, its responsible manager picked from the given users.</summary>
    public Company NewCompany(bool uniqueName = false)
    {
        var city = Pick(Cities);
        var form = random.Next(100) switch { < 66 => "ООО", < 80 => "АО", < 83 => "ПАО", _ => "ИП" };
        var company = new Company
        {
            City = city.Name,
            Phone = CityPhone(city),
            TypeId = PickOrNull(references.Types),
            IndustryId = PickOrNull(references.Industries),
            SourceId = random.Next(10) < 8 ? PickOrNull(references.Sources) : null,
            RegionId = references.ByCode.TryGetValue((ReferenceListKind.Region, city.RegionCode), out var region)
                ? region
                : PickOrNull(references.Regions),
            ResponsibleId = responsibleIds[random.Next(responsibleIds.Count)],
        };
        string latin;
        if (form == "ИП")
        {
            var person = NewPerson();
            company.Name = $"ИП {person.Surname} {person.First[0]}. {person.Patronymic[0]}.";
            company.LegalName = $"Индивидуальный предприниматель {person.FullName}";
            company.Inn = RussianTaxNumbers.NewInn12(random, city.TaxRegion);
            company.Ogrn = RussianTaxNumbers.NewOgrnip(random, city.TaxRegion);
            latin = Transliterate(person.Surname) + "-" + Transliterate(person.First)[..1];
        }
        else
        {
            var name = NewCompanyName();
            for (var attempt = 0; uniqueName && attempt < 20 && !_usedNames.Add(name); attempt++)
            {
                name = NewCompanyName();
            }
            company.Name = name;
            company.LegalName = $"{form} «{name}»";
            company.Inn = RussianTaxNumbers.NewInn10(random, city.TaxRegion);
            company.Kpp = RussianTaxNumbers.NewKpp(random, company.Inn);
            company.Ogrn = RussianTaxNumbers.NewOgrn(random, city.TaxRegion);
            latin = Transliterate(name);
        }
        var domain = latin + (random.Next(5) == 0 ? "-" + Transliterate(city.Name)[..3] : "") + (random.Next(6) == 0 ? ".com" : ".ru");
        company.Email = Pick(["info", "office", "sales", "mail", "zakaz"]) + "@" + domain;
        company.Website = random.Next(10) < 7 ? "https://www." + domain : null;
        company.LegalAddress = Address(city);
        company.PostalAddress = random.Next(4) == 0 ? Address(city) : company.LegalAddress;
        company.Notes = random.Next(5) == 0 ? Pick(CompanyNotes) : null;
        return company;
    }

    public ContactPerson NewContact(Company company)
    {
        var person = NewPerson();
        var domain = company.Email is { } email ? email[(email.IndexOf('@') + 1)..] : "mail.ru";
        var contact = new ContactPerson
        {
            FullName = person.FullName,
            PositionId = PickOrNull(references.Positions),
            Phone = random.Next(10) < 7 ? $"{company.Phone}, доб. {random.Next(100, 1000)}" : null,
            MobilePhone = random.Next(10) < 8 ? MobilePhone() : null,
            Email = random.Next(10) < 8 ? $"{Transliterate(person.First)[..1]}.{Transliterate(person.Surname)}@{domain}" : null,
            Birthday = random.Next(10) < 6 ? new DateOnly(random.Next(1958, 2001), random.Next(1, 13), random.Next(1, 29)) : null,
            Notes = random.Next(8) == 0 ? Pick(["Лучше звонить утром.", "Любит подробные коммерческие предложения.", "Был на нашей выставке.", "Решает вопросы оплаты."]) : null,
        };
        if (company.Id != 0)
        {
            contact.CompanyId = company.Id;
        }
        return contact;
    }

    public BankAccount NewBankAccount()
    {
        var (name, bik) = Pick(Banks);
        return new BankAccount
        {
            BankName = name,
            Bik = bik,
            CorrespondentAccount = RussianTaxNumbers.NewCorrespondentAccount(bik),
            AccountNumber = RussianTaxNumbers.NewAccount(bik, random),
        };
    }

    /// <summary>A contract dated in the three years before <paramref name="today"/>; about a third carry a small text file.</summary>
    public Contract NewContract(Company company, DateOnly today, int sequence)
    {
        var date = today.AddDays(-random.Next(0, 3 * 365));
        var validUntil = date.AddYears(1).AddDays(-1);
        var usd = references.Usd is not null && random.Next(5) == 0;
        var amount = usd ? random.Next(10, 1000) * 100m : random.Next(50, 5000) * 1000m;
        var statusCode = random.Next(10) switch
        {
            0 => "draft",
            1 => "terminated",
            _ => validUntil < today ? "expired" : "signed",
        };
        var contract = new Contract
        {
            Number = FormattableString.Invariant($"{date.Year % 100:D2}/{sequence:D4}"),
            Date = date,
            Subject = Pick(ContractSubjects),
            Amount = amount,
            CurrencyId = usd ? references.Usd : references.Rub,
            ValidFrom = date,
            ValidUntil = validUntil,
            StatusId = references.ByCode.TryGetValue((ReferenceListKind.ContractStatus, statusCode), out var status)
                ? status
                : PickOrNull(references.ContractStatuses),
        };
        if (random.Next(3) == 0)
        {
            var text = string.Join("\n",
                $"Договор № {contract.Number} от {date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)}",
                $"Заказчик: {company.LegalName ?? company.Name}, ИНН {company.Inn}",
                $"Предмет: {contract.Subject}",
                $"Сумма: {amount.ToString("N2", CultureInfo.GetCultureInfo("ru-RU"))} {(usd ? "USD" : "RUB")}",
                $"Срок действия: до {validUntil.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)}",
                "");
            var bytes = Encoding.UTF8.GetBytes(text);
            contract.FileName = $"Договор {contract.Number.Replace('/', '-')}.txt";
            contract.FileContentType = "text/plain";
            contract.FileSize = bytes.Length;
            contract.File = new ContractFile { Content = bytes };
        }
        return contract;
    }

    // ---- pieces ----

    private sealed record Person(string Surname, string First, string Patronymic)
    {
        public string FullName => $"{Surname} {First} {Patronymic}";
    }

    private Person NewPerson()
    {
        var male = random.Next(2) == 0;
        var surname = Pick(Surnames);
        var (malePatronymic, femalePatronymic) = Pick(Patronymics);
        return male
            ? new Person(surname, Pick(MaleFirstNames), malePatronymic)
            : new Person(FeminineSurname(surname), Pick(FemaleFirstNames), femalePatronymic);
    }

    private static string FeminineSurname(string surname) => surname switch
    {
        _ when surname.EndsWith("ий", StringComparison.Ordinal) => surname[..^2] + "ая",
        _ when surname.EndsWith("ой", StringComparison.Ordinal) => surname[..^2] + "ая",
        _ when surname.EndsWith("ов", StringComparison.Ordinal) || surname.EndsWith("ев", StringComparison.Ordinal)
            || surname.EndsWith("ёв", StringComparison.Ordinal) || surname.EndsWith("ин", StringComparison.Ordinal)
            || surname.EndsWith("ын", StringComparison.Ordinal) => surname + "а",
        _ => surname,
    };

    private string NewCompanyName()
    {
        if (random.Next(10) < 6)
        {
            var root = Pick(NameRoots);
            var ending = Pick(NameEndings);
            return random.Next(3) switch
            {
                0 => root + ending,
                1 => root + "-" + ending,
                _ => root + ending.ToLower(CultureInfo.GetCultureInfo("ru-RU")),
            };
        }
        return Pick(Words) + Pick(WordSuffixes);
    }

    private string Address(City city)
    {
        var postal = city.PostalPrefix * 1000 + random.Next(0, 1000);
        var address = new StringBuilder(FormattableString.Invariant($"{postal:D6}, г. {city.Name}, {Pick(Streets)}, д. {random.Next(1, 150)}"));
        if (random.Next(4) == 0)
        {
            address.Append(FormattableString.Invariant($", корп. {random.Next(1, 6)}"));
        }
        if (random.Next(2) == 0)
        {
            address.Append(FormattableString.Invariant($", офис {random.Next(1, 900)}"));
        }
        return address.ToString();
    }

    private string CityPhone(City city)
    {
        var local = random.Next(0, 10_000_000);
        return city.PhoneCode.Length == 3
            ? FormattableString.Invariant($"+7 ({city.PhoneCode}) {local / 10000:D3}-{local / 100 % 100:D2}-{local % 100:D2}")
            : FormattableString.Invariant($"+7 ({city.PhoneCode}) {local / 10000 % 100:D2}-{local / 100 % 100:D2}-{local % 100:D2}");
    }

    private string MobilePhone()
    {
        var number = random.Next(0, 10_000_000);
        return FormattableString.Invariant($"+7 (9{random.Next(0, 100):D2}) {number / 10000:D3}-{number / 100 % 100:D2}-{number % 100:D2}");
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private int? PickOrNull(IReadOnlyList<int> items) => items.Count == 0 ? null : items[random.Next(items.Count)];


    private static readonly Dictionary<char, string> Latin = new()
    {
        ['а'] = "a", ['б'] = "b", ['в'] = "v", ['г'] = "g", ['д'] = "d", ['е'] = "e", ['ё'] = "e", ['ж'] = "zh",
        ['з'] = "z", ['и'] = "i", ['й'] = "y", ['к'] = "k", ['л'] = "l", ['м'] = "m", ['н'] = "n", ['о'] = "o",
        ['п'] = "p", ['р'] = "r", ['с'] = "s", ['т'] = "t", ['у'] = "u", ['ф'] = "f", ['х'] = "kh", ['ц'] = "ts",
        ['ч'] = "ch", ['ш'] = "sh", ['щ'] = "shch", ['ъ'] = "", ['ы'] = "y", ['ь'] = "", ['э'] = "e", ['ю'] = "yu",
        ['я'] = "ya",
    };

    /// <summary>Lower-case Latin letters, digits and single hyphens: good for e-mail addresses and domains.</summary>
    public static string Transliterate(string text)
    {
        var result = new StringBuilder(text.Length * 2);
        foreach (var c in text.ToLowerInvariant())
        {
            if (Latin.TryGetValue(c, out var latin))
            {
                result.Append(latin);
            }
            else if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                result.Append(c);
            }
            else if (result.Length > 0 && result[^1] != '-')
            {
                result.Append('-');
            }
        }
        return result.ToString().Trim('-');
    }
}
