using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Reference;

namespace WebCrm.Data.Seeding;

/// <summary>Ids of the active reference values the demo data picks from, loaded once per seeding run.</summary>
public sealed class DemoReferences
{
    public IReadOnlyList<int> Types { get; init; } = [];
    public IReadOnlyList<int> Industries { get; init; } = [];
    public IReadOnlyList<int> Sources { get; init; } = [];
    public IReadOnlyList<int> Regions { get; init; } = [];
    public IReadOnlyList<int> Positions { get; init; } = [];
    /// <summary>Active values by code, for the lists where the meaning of a value matters (region of a city, contract status).</summary>
    public IReadOnlyDictionary<(ReferenceListKind Kind, string Code), int> ByCode { get; init; } = new Dictionary<(ReferenceListKind, string), int>();
    public IReadOnlyList<int> ContractStatuses { get; init; } = [];
    public int? Rub { get; init; }
    public int? Usd { get; init; }

    public static async Task<DemoReferences> LoadAsync(CrmDbContext db, CancellationToken ct = default)
    {
        var items = await db.ReferenceItems.AsNoTracking().Where(r => r.IsActive)
            .OrderBy(r => r.Kind).ThenBy(r => r.SortOrder).ThenBy(r => r.Id)
            .Select(r => new { r.Id, r.Kind, r.Code }).ToListAsync(ct);
        var currencies = await db.Currencies.AsNoTracking().Where(c => c.IsActive).Select(c => new { c.Id, c.Code }).ToListAsync(ct);
        List<int> Of(ReferenceListKind kind) => items.Where(i => i.Kind == kind).Select(i => i.Id).ToList();
        return new DemoReferences
        {
            Types = Of(ReferenceListKind.ClientType),
            Industries = Of(ReferenceListKind.Industry),
            Sources = Of(ReferenceListKind.ClientSource),
            Regions = Of(ReferenceListKind.Region),
            Positions = Of(ReferenceListKind.ContactPosition),
            ContractStatuses = Of(ReferenceListKind.ContractStatus),
            ByCode = items.Where(i => i.Code != null).ToDictionary(i => (i.Kind, i.Code!), i => i.Id),
            Rub = currencies.FirstOrDefault(c => c.Code == "RUB")?.Id,
            Usd = currencies.FirstOrDefault(c => c.Code == "USD")?.Id,
        };
    }
}

/// <summary>
/// Makes plausible Russian companies, contact persons, bank accounts and contracts from a seeded
/// <see cref="Random"/>, so the same seed always gives the same data. Shared by the Development demo seed and
/// the scale-data generator; it only builds objects and never touches the database.
/// </summary>
public sealed class DemoDataFactory(Random random, DemoReferences references, IReadOnlyList<string> responsibleIds)
{
    private sealed record City(string Name, string RegionCode, int TaxRegion, string PhoneCode, int PostalPrefix);

    private static readonly City[] Cities =
    [
        new("Москва", "msk", 77, "495", 101), new("Москва", "msk", 77, "499", 125), new("Москва", "msk", 77, "495", 117),
        new("Санкт-Петербург", "spb", 78, "812", 190), new("Санкт-Петербург", "spb", 78, "812", 197),
        new("Тверь", "central", 69, "4822", 170), new("Ярославль", "central", 76, "4852", 150),
        new("Воронеж", "central", 36, "473", 394), new("Тула", "central", 71, "4872", 300),
        new("Калининград", "northwest", 39, "4012", 236), new("Мурманск", "northwest", 51, "8152", 183),
        new("Вологда", "northwest", 35, "8172", 160),
        new("Нижний Новгород", "volga", 52, "831", 603), new("Казань", "volga", 16, "843", 420),
        new("Самара", "volga", 63, "846", 443), new("Пермь", "volga", 59, "342", 614), new("Уфа", "volga", 2, "347", 450),
        new("Ростов-на-Дону", "south", 61, "863", 344), new("Краснодар", "south", 23, "861", 350),
        new("Волгоград", "south", 34, "8442", 400),
        new("Екатеринбург", "urals", 66, "343", 620), new("Челябинск", "urals", 74, "351", 454),
        new("Тюмень", "urals", 72, "3452", 625),
        new("Новосибирск", "siberia", 54, "383", 630), new("Омск", "siberia", 55, "3812", 644),
        new("Красноярск", "siberia", 24, "391", 660), new("Томск", "siberia", 70, "3822", 634),
        new("Иркутск", "siberia", 38, "3952", 664),
        new("Владивосток", "fareast", 25, "423", 690), new("Хабаровск", "fareast", 27, "4212", 680),
    ];

    private static readonly string[] Streets =
    [
        "ул. Ленина", "ул. Мира", "ул. Садовая", "ул. Советская", "ул. Гагарина", "ул. Пушкина", "ул. Московская",
        "ул. Заводская", "ул. Лесная", "ул. Набережная", "ул. Профсоюзная", "ул. Строителей", "ул. Молодёжная",
        "ул. Центральная", "ул. Школьная", "ул. Октябрьская", "ул. Кирова", "ул. Чехова", "ул. Льва Толстого",
        "ул. Энтузиастов", "пр-т Победы", "пр-т Ленина", "пр-т Мира", "Комсомольский пр-т", "Луговой пер.",
        "Речной пер.", "ш. Энтузиастов", "Индустриальное ш.", "б-р Космонавтов", "наб. Реки Фонтанки",
    ];

    private static readonly string[] NameRoots =
    [
        "Техно", "Строй", "Агро", "Мед", "Энерго", "Транс", "Инвест", "Гео", "Металл", "Нефте", "Эко", "Электро",
        "Хим", "Лес", "Пром", "Авто", "Инфо", "Телеком", "Стек", "Бизнес", "Лифт", "Вент", "Аква", "Термо",
        "Тех", "Евро", "Регион", "Сиб", "Урал", "Волга", "Нева", "Дальневосток", "Полимер", "Бетон", "Кабель",
    ];

    private static readonly string[] NameEndings =
    [
        "Сервис", "Систем", "Снаб", "Торг", "Комплект", "Ресурс", "Трейд", "Групп", "Логистик", "Маркет", "Монтаж",
        "Проект", "Софт", "Пласт", "Альянс", "Холдинг", "Лайн", "Стандарт", "Маш", "Инжиниринг", "Консалт", "Сталь",
    ];

    private static readonly string[] Words =
    [
        "Меридиан", "Горизонт", "Атлант", "Орион", "Вега", "Полюс", "Спектр", "Гранит", "Кристалл", "Стрела",
        "Сокол", "Феникс", "Ладога", "Байкал", "Алтай", "Северный ветер", "Белые ночи", "Сибирский кедр",
        "Волжская мануфактура", "Уральские самоцветы", "Добрыня", "Созвездие", "Рассвет", "Парус", "Вектор",
        "Пионер", "Магистраль", "Континент", "Радуга", "Эталон", "Альтаир", "Импульс", "Квант", "Ориентир",
    ];

    private static readonly string[] WordSuffixes = ["", "", "", "-М", "-Т", " Плюс", "-Юг", "-Центр", "-2000", " Про", "-Север", " и партнёры"];

    private static readonly string[] MaleFirstNames =
    [
        "Александр", "Алексей", "Андрей", "Антон", "Артём", "Борис", "Вадим", "Валерий", "Василий", "Виктор",
        "Виталий", "Владимир", "Вячеслав", "Геннадий", "Георгий", "Григорий", "Дмитрий", "Евгений", "Егор", "Иван",
        "Игорь", "Илья", "Кирилл", "Константин", "Леонид", "Максим", "Михаил", "Никита", "Николай", "Олег",
        "Павел", "Роман", "Руслан", "Сергей", "Станислав", "Степан", "Тимофей", "Фёдор", "Юрий", "Ярослав",
    ];

    private static readonly string[] FemaleFirstNames =
    [
        "Александра", "Алина", "Алла", "Анастасия", "Анна", "Валентина", "Валерия", "Вера", "Виктория", "Галина",
        "Дарья", "Евгения", "Екатерина", "Елена", "Елизавета", "Жанна", "Зоя", "Инна", "Ирина", "Карина",
        "Кристина", "Ксения", "Лариса", "Людмила", "Маргарита", "Марина", "Мария", "Надежда", "Наталья", "Нина",
        "Оксана", "Ольга", "Полина", "Светлана", "София", "Тамара", "Татьяна", "Юлия", "Яна",
    ];

    /// <summary>Fathers' names in the masculine and feminine forms of the patronymic.</summary>
    private static readonly (string Male, string Female)[] Patronymics =
    [
        ("Александрович", "Александровна"), ("Алексеевич", "Алексеевна"), ("Андреевич", "Андреевна"),
        ("Борисович", "Борисовна"), ("Викторович", "Викторовна"), ("Владимирович", "Владимировна"),
        ("Геннадьевич", "Геннадьевна"), ("Дмитриевич", "Дмитриевна"), ("Евгеньевич", "Евгеньевна"),
        ("Иванович", "Ивановна"), ("Игоревич", "Игоревна"), ("Константинович", "Константиновна"),
        ("Михайлович", "Михайловна"), ("Николаевич", "Николаевна"), ("Олегович", "Олеговна"),
        ("Павлович", "Павловна"), ("Петрович", "Петровна"), ("Романович", "Романовна"),
        ("Сергеевич", "Сергеевна"), ("Юрьевич", "Юрьевна"), ("Ильич", "Ильинична"), ("Фёдорович", "Фёдоровна"),
    ];

    /// <summary>Surnames in the masculine form; feminine forms follow the usual endings.</summary>
    private static readonly string[] Surnames =
    [
        "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков", "Фёдоров",
        "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев",
        "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев",
        "Романов", "Воробьёв", "Сергеев", "Кузьмин", "Фролов", "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв",
        "Ильин", "Максимов", "Поляков", "Сорокин", "Виноградов", "Ковалёв", "Белов", "Медведев", "Антонов", "Тарасов",
        "Жуков", "Баранов", "Филиппов", "Комаров", "Давыдов", "Беляев", "Герасимов", "Богданов", "Осипов", "Сидоров",
        "Матвеев", "Титов", "Марков", "Миронов", "Крылов", "Куликов", "Карпов", "Власов", "Мельников", "Денисов",
        "Гаврилов", "Тихонов", "Казаков", "Афанасьев", "Данилов", "Савельев", "Тимофеев", "Фомин", "Чернов", "Абрамов",
        "Мартынов", "Ефимов", "Федотов", "Щербаков", "Назаров", "Калинин", "Исаев", "Чернышёв", "Быков", "Маслов",
        "Родионов", "Коновалов", "Лазарев", "Воронин", "Климов", "Филатов", "Пономарёв", "Голубев", "Кудрявцев", "Прохоров",
        "Белозерский", "Трубецкой", "Раевский", "Вишневский", "Островский",
    ];

    private static readonly (string Name, string Bik)[] Banks = BuildBanks();

    private static readonly string[] ContractSubjects =
    [
        "Поставка оборудования", "Сопровождение программного обеспечения", "Лицензионный договор на ПО",
        "Техническое обслуживание", "Обучение персонала", "Поставка расходных материалов", "Монтаж и пусконаладка",
        "Аренда оборудования", "Консультационные услуги", "Разработка проектной документации",
    ];

    private static readonly string[] CompanyNotes =
    [
        "Предпочитают общение по электронной почте.", "Бухгалтерия отвечает после 14:00.",
        "Решения принимает генеральный директор лично.", "Работают с нами с 2019 года.",
        "Интересуются скидкой за объём.", "Просили не звонить по пятницам.", "Филиалы в трёх городах.",
    ];

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

    private static (string, string)[] BuildBanks()
    {
        // Fictitious banks with fixed, valid BIKs so the same bank always has the same details.
        string[] names =
        [
            "АО «Банк Северный капитал»", "ПАО «Волжский кредитный банк»", "АО «Уральский промышленный банк»",
            "ООО «Сибирский расчётный банк»", "АО «Невский торговый банк»", "ПАО «Банк Меридиан»",
            "АО «Дальневосточный коммерческий банк»", "ООО «Банк Южный союз»", "АО «Центральный инвестиционный банк»",
            "ПАО «Балтийский деловой банк»",
        ];
        var random = new Random(515);
        return names.Select(n => (n, RussianTaxNumbers.NewBik(random))).ToArray();
    }

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
