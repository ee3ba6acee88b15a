using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Reference;

namespace WebCrm.Data.Seeding;

/// <summary>
/// Default values of every reference list, added by code on first start and on upgrades that add a list.
/// Values are matched by code, so renaming or deactivating them later is never undone.
/// </summary>
public sealed class ReferenceSeeder(CrmDbContext db)
{
    private static readonly (ReferenceListKind Kind, string Code, string En, string Ru)[] Defaults =
    [
        (ReferenceListKind.Region, "msk", "Moscow", "Москва"),
        (ReferenceListKind.Region, "spb", "Saint Petersburg", "Санкт-Петербург"),
        (ReferenceListKind.Region, "central", "Central", "Центральный"),
        (ReferenceListKind.Region, "northwest", "North-West", "Северо-Западный"),
        (ReferenceListKind.Region, "volga", "Volga", "Приволжский"),
        (ReferenceListKind.Region, "south", "South", "Южный"),
        (ReferenceListKind.Region, "urals", "Urals", "Уральский"),
        (ReferenceListKind.Region, "siberia", "Siberia", "Сибирский"),
        (ReferenceListKind.Region, "fareast", "Far East", "Дальневосточный"),
        (ReferenceListKind.Industry, "it", "Information technology", "Информационные технологии"),
        (ReferenceListKind.Industry, "manufacturing", "Manufacturing", "Производство"),
        (ReferenceListKind.Industry, "retail", "Retail", "Розничная торговля"),
        (ReferenceListKind.Industry, "wholesale", "Wholesale", "Оптовая торговля"),
        (ReferenceListKind.Industry, "construction", "Construction", "Строительство"),
        (ReferenceListKind.Industry, "finance", "Finance", "Финансы"),
        (ReferenceListKind.Industry, "logistics", "Logistics", "Логистика"),
        (ReferenceListKind.Industry, "public", "Public sector", "Государственный сектор"),
        (ReferenceListKind.ClientSource, "exhibition", "Exhibition", "Выставка"),
        (ReferenceListKind.ClientSource, "web-ad", "Web advertising", "Реклама в интернете"),
        (ReferenceListKind.ClientSource, "referral", "Referral", "Рекомендация"),
        (ReferenceListKind.ClientSource, "cold-call", "Cold call", "Холодный звонок"),
        (ReferenceListKind.ClientSource, "website", "Our website", "Наш сайт"),
        (ReferenceListKind.ClientSource, "tender", "Tender", "Тендер"),
        (ReferenceListKind.ClientType, "prospect", "Prospect", "Потенциальный клиент"),
        (ReferenceListKind.ClientType, "client", "Client", "Клиент"),
        (ReferenceListKind.ClientType, "partner", "Partner", "Партнер"),
        (ReferenceListKind.ClientType, "supplier", "Supplier", "Поставщик"),
        (ReferenceListKind.ClientType, "former", "Former client", "Бывший клиент"),
        (ReferenceListKind.ContactPosition, "ceo", "Chief executive", "Генеральный директор"),
        (ReferenceListKind.ContactPosition, "cfo", "Chief accountant", "Главный бухгалтер"),
        (ReferenceListKind.ContactPosition, "buyer", "Purchasing manager", "Менеджер по закупкам"),
        (ReferenceListKind.ContactPosition, "it-head", "Head of IT", "Руководитель ИТ"),
        (ReferenceListKind.ContactPosition, "secretary", "Secretary", "Секретарь"),
        (ReferenceListKind.LossReason, "price", "Price too high", "Высокая цена"),
        (ReferenceListKind.LossReason, "competitor", "Chose a competitor", "Выбрали конкурента"),
        (ReferenceListKind.LossReason, "no-budget", "No budget", "Нет бюджета"),
        (ReferenceListKind.LossReason, "no-need", "No longer needed", "Потребность отпала"),
        (ReferenceListKind.LossReason, "no-response", "Stopped responding", "Перестали отвечать"),
        (ReferenceListKind.DealStage, "contact", "First contact", "Первый контакт"),
        (ReferenceListKind.DealStage, "needs", "Needs analysis", "Выявление потребностей"),
        (ReferenceListKind.DealStage, "proposal", "Proposal", "Коммерческое предложение"),
        (ReferenceListKind.DealStage, "negotiation", "Negotiation", "Переговоры"),
        (ReferenceListKind.DealStage, "contract", "Contract", "Договор"),
        (ReferenceListKind.DealStage, "payment", "Payment", "Оплата"),
        (ReferenceListKind.ActivityType, "call", "Call", "Звонок"),
        (ReferenceListKind.ActivityType, "meeting", "Meeting", "Встреча"),
        (ReferenceListKind.ActivityType, "email", "Email", "Письмо"),
        (ReferenceListKind.ActivityType, "task", "Task", "Задача"),
        (ReferenceListKind.ActivityType, "other", "Other", "Другое"),
        (ReferenceListKind.ProductGroup, "software", "Software", "Программное обеспечение"),
        (ReferenceListKind.ProductGroup, "hardware", "Hardware", "Оборудование"),
        (ReferenceListKind.ProductGroup, "services", "Services", "Услуги"),
        (ReferenceListKind.ProductGroup, "training", "Training", "Обучение"),
        (ReferenceListKind.Unit, "pcs", "pcs", "шт."),
        (ReferenceListKind.Unit, "hour", "hour", "час"),
        (ReferenceListKind.Unit, "license", "license", "лицензия"),
        (ReferenceListKind.Unit, "month", "month", "мес."),
        (ReferenceListKind.AccountingDocumentType, "invoice", "Invoice", "Счет"),
        (ReferenceListKind.AccountingDocumentType, "waybill", "Waybill", "Товарная накладная"),
        (ReferenceListKind.AccountingDocumentType, "act", "Act of acceptance", "Акт выполненных работ"),
        (ReferenceListKind.AccountingDocumentType, "payment-order", "Payment order", "Платежное поручение"),
        (ReferenceListKind.AccountingDocumentType, "upd", "Universal transfer document", "УПД"),
        (ReferenceListKind.ContractStatus, "draft", "Draft", "Проект"),
        (ReferenceListKind.ContractStatus, "signed", "Signed", "Подписан"),
        (ReferenceListKind.ContractStatus, "expired", "Expired", "Истек"),
        (ReferenceListKind.ContractStatus, "terminated", "Terminated", "Расторгнут"),
    ];

    /// <summary>The seeded accounting-document types that count as a shipment in a deal's receivable; the administrator can change it.</summary>
    public static readonly IReadOnlySet<string> ShipmentDocumentCodes = new HashSet<string> { "waybill", "act", "upd" };

    private static readonly (string Code, string En, string Ru, string Symbol, int Minor)[] DefaultCurrencies =
    [
        ("RUB", "Roubles", "Рубли", "₽", 2),
        ("USD", "Dollars", "Доллары", "$", 2),
        ("EUR", "Euros", "Евро", "€", 2),
    ];

    public async Task SeedAsync(CancellationToken ct = default)
    {
        var existing = (await db.ReferenceItems.Where(r => r.Code != null).Select(r => new { r.Kind, r.Code }).ToListAsync(ct))
            .Select(r => (r.Kind, r.Code!)).ToHashSet();
        var order = new Dictionary<ReferenceListKind, int>();
        foreach (var (kind, code, en, ru) in Defaults)
        {
            order[kind] = order.GetValueOrDefault(kind) + 10;
            if (!existing.Contains((kind, code)))
            {
                db.ReferenceItems.Add(new ReferenceItem
                {
                    Kind = kind, Code = code, NameEn = en, NameRu = ru, SortOrder = order[kind],
                    CountsAsShipment = kind == ReferenceListKind.AccountingDocumentType && ShipmentDocumentCodes.Contains(code),
                });
            }
        }
        var currencies = await db.Currencies.Select(c => c.Code).ToListAsync(ct);
        var sort = 0;
        foreach (var (code, en, ru, symbol, minor) in DefaultCurrencies)
        {
            sort += 10;
            if (!currencies.Contains(code))
            {
                db.Currencies.Add(new Currency { Code = code, NameEn = en, NameRu = ru, Symbol = symbol, MinorUnits = minor, SortOrder = sort });
            }
        }
        await db.SaveChangesAsync(ct);
    }
}
