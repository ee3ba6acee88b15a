using System.Globalization;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;

namespace WebCrm.DataGenerator;

/// <summary>One generated product: a name of its group's kind, unit, price range and, one in ten, a price in dollars.</summary>
internal static class ProductCatalogue
{
    private static readonly string[] SoftwareNames = ["Лицензия «{0}»", "Подписка «{0}» на год", "Модуль «{0}»", "Система «{0}» Про"];
    private static readonly string[] HardwareNames = ["Сервер «{0}»", "Терминал «{0}»", "Коммутатор «{0}»", "Сканер «{0}»", "Рабочая станция «{0}»"];
    private static readonly string[] ServiceNames = ["Внедрение «{0}»", "Настройка «{0}»", "Сопровождение «{0}»", "Аудит «{0}»", "Интеграция «{0}»"];
    private static readonly string[] TrainingNames = ["Курс «{0}»", "Семинар «{0}»", "Обучение работе с «{0}»"];
    private static readonly string[] ProductWords =
    [
        "Меридиан", "Горизонт", "Атлант", "Орион", "Вега", "Полюс", "Спектр", "Гранит", "Кристалл", "Стрела", "Сокол",
        "Феникс", "Вектор", "Импульс", "Квант", "Альтаир", "Парус", "Эталон", "Магистраль", "Континент",
    ];

    public static Product Make(Random random, int id, ReferenceItem[] groups, Dictionary<string, int> units, Currency rub, Currency usd)
    {
        var group = groups.Length == 0 ? null : groups[random.Next(groups.Length)];
        var (names, unit, service, low, high) = group?.Code switch
        {
            "hardware" => (HardwareNames, "pcs", false, 5_000, 900_000),
            "services" => (ServiceNames, "hour", true, 1_500, 9_000),
            "training" => (TrainingNames, "pcs", true, 8_000, 90_000),
            _ => (SoftwareNames, "license", false, 2_000, 400_000),
        };
        var inUsd = random.Next(10) == 0;
        var price = random.Next(low, high) + random.Next(100) / 100m;
        return new Product
        {
            Id = id,
            Name = string.Format(CultureInfo.InvariantCulture, names[random.Next(names.Length)], ProductWords[random.Next(ProductWords.Length)])
                + " " + (char)('A' + random.Next(26)) + random.Next(100, 1000).ToString(CultureInfo.InvariantCulture),
            Code = "P-" + id.ToString("D5", CultureInfo.InvariantCulture),
            GroupId = group?.Id,
            UnitId = units.TryGetValue(unit, out var u) ? u : null,
            Price = inUsd ? DealMath.Round(price / 80m, usd.MinorUnits) : price,
            CurrencyId = inUsd ? usd.Id : rub.Id,
            IsService = service,
            IsActive = random.Next(50) != 0,
        };
    }
}
