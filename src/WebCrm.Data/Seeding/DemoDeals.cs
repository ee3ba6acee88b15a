using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;

namespace WebCrm.Data.Seeding;

/// <summary>
/// The demo deals of the demo companies: every state (open at each stage, won, lost with a reason and the stage it
/// was lost at), lines from a small demo catalogue, payments (some in USD, converted at the seeded rates of their
/// date), accounting documents, and stage responsibles who are sometimes not the deal's owner. Deterministic: its
/// own seeded <see cref="Random"/>, dates relative to the seeding day.
/// </summary>
public sealed class DemoDeals(CrmDbContext db, Random random, IReadOnlyList<string> managers, DateOnly today)
{
    /// <summary>The demo period: deals start within it and USD rates are seeded weekly across it.</summary>
    public const int PeriodDays = 420;

    private static readonly (string Code, string Name, string Group, string Unit, decimal Price, bool Service)[] Catalogue =
    [
        ("DEMO-CRM-LIC", "Лицензия CRM «Стандарт»", "software", "license", 18_500m, false),
        ("DEMO-CRM-PRO", "Лицензия CRM «Профессионал»", "software", "license", 32_000m, false),
        ("DEMO-SUPPORT", "Техническая поддержка", "services", "month", 12_000m, true),
        ("DEMO-IMPL", "Внедрение и настройка", "services", "hour", 3_500m, true),
        ("DEMO-TRAIN", "Обучение пользователей", "training", "hour", 2_800m, true),
        ("DEMO-SERVER", "Сервер начального уровня", "hardware", "pcs", 145_000m, false),
        ("DEMO-SCANNER", "Сканер штрихкодов", "hardware", "pcs", 9_900m, false),
        ("DEMO-INTEGR", "Интеграция с 1С", "services", "hour", 4_200m, true),
    ];

    private static readonly string[] Titles =
    [
        "Внедрение CRM", "Поставка лицензий", "Расширение лицензий", "Обучение отдела продаж", "Годовая поддержка",
        "Интеграция с 1С", "Модернизация оборудования", "Пилотный проект", "Перенос данных", "Настройка отчётов",
    ];

    private sealed record Lists(List<int> Stages, List<int> LossReasons, Dictionary<string, int> DocumentTypes,
        Dictionary<string, int> Groups, Dictionary<string, int> Units, int Rub, int Usd, Dictionary<int, int> StageOrder,
        HashSet<int> ShipmentTypes);

    /// <summary>Adds the deals for the given companies; returns their ids (nothing when a needed list is empty).</summary>
    public async Task<IReadOnlyList<int>> SeedAsync(IReadOnlyList<(int Id, string ResponsibleId)> companies, CancellationToken ct)
    {
        var lists = await LoadListsAsync(ct);
        if (lists is null)
        {
            return [];
        }
        var rates = await SeedRatesAsync(lists.Usd, ct);
        var products = await CatalogueAsync(lists, ct);
        var ids = new List<int>();
        var batch = new List<Deal>();
        var sequence = 0;
        foreach (var company in companies)
        {
            var count = random.Next(0, 4);
            for (var i = 0; i < count; i++)
            {
                batch.Add(NewDeal(company, sequence++, lists, products, rates));
            }
            if (batch.Count >= 60)
            {
                ids.AddRange(await SaveAsync(batch, ct));
            }
        }
        ids.AddRange(await SaveAsync(batch, ct));
        return ids;
    }

    private async Task<List<int>> SaveAsync(List<Deal> batch, CancellationToken ct)
    {
        db.Deals.AddRange(batch);
        await db.SaveChangesAsync(ct);
        var ids = batch.Select(d => d.Id).ToList();
        batch.Clear();
        db.ChangeTracker.Clear();
        return ids;
    }

    private async Task<Lists?> LoadListsAsync(CancellationToken ct)
    {
        var items = await db.ReferenceItems.AsNoTracking().Where(r => r.IsActive).OrderBy(r => r.SortOrder).ThenBy(r => r.Id)
            .Select(r => new { r.Id, r.Kind, r.Code, r.SortOrder, r.CountsAsShipment }).ToListAsync(ct);
        var currencies = await db.Currencies.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.Id, ct);
        Dictionary<string, int> ByCode(ReferenceListKind kind) =>
            items.Where(i => i.Kind == kind && i.Code != null).GroupBy(i => i.Code!).ToDictionary(g => g.Key, g => g.First().Id);
        var stages = items.Where(i => i.Kind == ReferenceListKind.DealStage).ToList();
        var reasons = items.Where(i => i.Kind == ReferenceListKind.LossReason).Select(i => i.Id).ToList();
        var documents = ByCode(ReferenceListKind.AccountingDocumentType);
        if (stages.Count < 2 || reasons.Count == 0 || documents.Count == 0 || !currencies.ContainsKey("RUB") || !currencies.ContainsKey("USD"))
        {
            return null;
        }
        return new Lists(stages.Select(s => s.Id).ToList(), reasons, documents, ByCode(ReferenceListKind.ProductGroup),
            ByCode(ReferenceListKind.Unit), currencies["RUB"], currencies["USD"], stages.ToDictionary(s => s.Id, s => s.SortOrder),
            items.Where(i => i.Kind == ReferenceListKind.AccountingDocumentType && i.CountsAsShipment).Select(i => i.Id).ToHashSet());
    }

    /// <summary>USD rates every Monday of the demo period up to a week ago, around 90 ₽; dates that already have one are kept.</summary>
    private async Task<List<DatedRate>> SeedRatesAsync(int usd, CancellationToken ct)
    {
        var from = today.AddDays(-PeriodDays - 14);
        var existing = await db.ExchangeRates.AsNoTracking().Where(r => r.CurrencyId == usd)
            .Select(r => new DatedRate(r.CurrencyId, r.Date, r.Rate)).ToListAsync(ct);
        var taken = existing.Select(r => r.Date).ToHashSet();
        var monday = from.AddDays(((int)DayOfWeek.Monday - (int)from.DayOfWeek + 7) % 7);
        var rate = 88m;
        var added = new List<ExchangeRate>();
        for (var date = monday; date <= today.AddDays(-7); date = date.AddDays(7))
        {
            rate = Math.Round(Math.Clamp(rate + (decimal)(random.NextDouble() * 3 - 1.5), 78m, 102m), 4);
            if (taken.Add(date))
            {
                added.Add(new ExchangeRate { CurrencyId = usd, Date = date, Rate = rate });
            }
        }
        db.ExchangeRates.AddRange(added);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return existing.Concat(added.Select(r => new DatedRate(r.CurrencyId, r.Date, r.Rate))).ToList();
    }

    /// <summary>The demo catalogue, found by code so a second run reuses it.</summary>
    private async Task<List<Product>> CatalogueAsync(Lists lists, CancellationToken ct)
    {
        var codes = Catalogue.Select(c => c.Code).ToList();
        var existing = await db.Products.AsNoTracking().Where(p => p.Code != null && codes.Contains(p.Code)).ToListAsync(ct);
        var added = Catalogue.Where(c => existing.All(p => p.Code != c.Code)).Select(c => new Product
        {
            Code = c.Code, Name = c.Name, Price = c.Price, CurrencyId = lists.Rub, IsService = c.Service,
            GroupId = lists.Groups.TryGetValue(c.Group, out var g) ? g : null,
            UnitId = lists.Units.TryGetValue(c.Unit, out var u) ? u : null,
        }).ToList();
        db.Products.AddRange(added);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return existing.Concat(added).OrderBy(p => p.Code, StringComparer.Ordinal).ToList();
    }

    private Deal NewDeal((int Id, string ResponsibleId) company, int sequence, Lists lists, IReadOnlyList<Product> products, List<DatedRate> rates)
    {
        // The first deals walk through every state in turn, so even a small run has each one; then states are random.
        var stageCount = lists.Stages.Count;
        var states = stageCount + 3;
        var state = sequence < states * 2 ? sequence % states : random.Next(states);
        var won = state == stageCount || state == stageCount + 1;
        var lost = state == stageCount + 2;
        // Open at stage k: the k stages before it are done. Lost at stage k likewise; won: all done.
        var reached = won ? stageCount : lost ? random.Next(stageCount) : state;

        var owner = random.Next(10) < 8 ? company.ResponsibleId : managers[random.Next(managers.Count)];
        var currency = random.Next(10) == 0 ? lists.Usd : lists.Rub;
        var start = today.AddDays(-random.Next(stageCount * 22 + 10, PeriodDays));
        var deal = new Deal
        {
            CompanyId = company.Id, Title = Titles[random.Next(Titles.Length)], ResponsibleId = owner, CurrencyId = currency,
            StartDate = start, EndDate = start.AddDays(random.Next(60, 200)),
            Notes = random.Next(6) == 0 ? "Клиент просил прислать смету до конца месяца." : null,
        };
        var day = start;
        for (var i = 0; i < stageCount; i++)
        {
            var plannedEnd = day.AddDays(random.Next(5, 16));
            DateOnly? completed = i < reached ? Min(plannedEnd.AddDays(random.Next(-3, 6)), today) : null;
            deal.Stages.Add(new DealStage
            {
                StageId = lists.Stages[i], PlannedStart = day, PlannedEnd = plannedEnd, CompletedOn = completed,
                // Now and then a colleague runs a stage (the visibility rule's second branch).
                ResponsibleId = random.Next(5) == 0 ? managers[random.Next(managers.Count)] : owner,
                Note = random.Next(8) == 0 ? "Согласовать с юристами клиента." : null,
            });
            day = (completed ?? plannedEnd).AddDays(1);
        }
        var lastDone = deal.Stages.Where(s => s.CompletedOn != null).Select(s => s.CompletedOn!.Value).DefaultIfEmpty(start).Max();

        var lines = random.Next(1, 5);
        foreach (var product in products.OrderBy(_ => random.Next()).Take(lines).ToList())
        {
            var quantity = product.IsService ? random.Next(1, 41) : random.Next(1, 11);
            var price = currency == lists.Usd ? DealMath.Round(product.Price / 90m, 2) : product.Price;
            var discount = random.Next(4) == 0 ? random.Next(1, 4) * 5m : 0m;
            deal.Lines.Add(new DealLine
            {
                ProductId = product.Id, UnitId = product.UnitId, Quantity = quantity, UnitPrice = price, DiscountPercent = discount,
                Amount = DealMath.LineAmount(quantity, price, discount, 2),
            });
        }
        var total = deal.Lines.Sum(l => l.Amount);

        // Money arrives once the contract stage is reached: won deals are paid in full or in part, open ones may have an advance.
        var share = won ? (random.Next(3) == 0 ? 0.5m : 1m) : reached >= stageCount - 2 && !lost ? 0.3m : 0m;
        var toPay = DealMath.Round(total * share, 2);
        var paymentCount = toPay == 0 ? 0 : random.Next(1, 3);
        for (var p = 0; p < paymentCount; p++)
        {
            var date = Min(lastDone.AddDays(random.Next(0, 10) - (paymentCount - p) * 3), today);
            date = date < start ? start : date;
            var part = p == paymentCount - 1 ? toPay - deal.Payments.Sum(x => x.AmountInDealCurrency) : DealMath.Round(toPay / paymentCount, 2);
            // Some payments of rouble deals come in dollars, converted at the rate of their date
            // (not the one that settles a deal in full, so a paid deal's debt is exactly zero).
            var inUsd = currency == lists.Rub && random.Next(4) == 0 && (p < paymentCount - 1 || share < 1m);
            var payCurrency = inUsd ? lists.Usd : currency;
            var amount = inUsd ? DealMath.Round(part / (DealMath.RateOn(lists.Usd, date, lists.Rub, rates) ?? 90m), 2) : part;
            var converted = DealMath.ConvertWithRate(amount, payCurrency, currency, date, 2, lists.Rub, rates);
            if (converted is null)
            {
                (payCurrency, amount, converted) = (currency, part, new Conversion(part, 1m, null));
            }
            deal.Payments.Add(new Payment
            {
                Date = date, Amount = amount, CurrencyId = payCurrency, AmountInDealCurrency = converted.Amount,
                Rate = converted.Rate, RateDate = converted.RateDate, DocumentNumber = $"ПП-{sequence + 1:0000}-{p + 1}",
            });
        }

        if (reached >= 2 || won)
        {
            AddDocument(deal, lists, "invoice", $"СЧ-{sequence + 1:0000}", start.AddDays(random.Next(3, 20)), total, today);
        }
        // Shipment documents: most won deals have theirs (a third count their whole amount as shipped at the close
        // date instead), and some open deals near the end have shipped half; the receivable follows from them.
        var shipKind = deal.Lines.Any(l => products.First(p => p.Id == l.ProductId).IsService) ? "act" : "waybill";
        var shipNumber = $"{(shipKind == "act" ? "АКТ" : "ТН")}-{sequence + 1:0000}";
        if (won && random.Next(3) != 0)
        {
            AddDocument(deal, lists, shipKind, shipNumber, lastDone, total, today);
        }
        else if (!won && !lost && reached >= stageCount - 2 && random.Next(2) == 0)
        {
            AddDocument(deal, lists, shipKind, shipNumber, lastDone, DealMath.Round(total / 2, 2), today);
        }
        foreach (var payment in deal.Payments.Where(_ => random.Next(2) == 0))
        {
            AddDocument(deal, lists, "payment-order", payment.DocumentNumber!, payment.Date, payment.AmountInDealCurrency, today);
        }

        if (won)
        {
            DealRules.MarkWon(deal, Max(lastDone, start), today);
        }
        else if (lost)
        {
            var lostAt = lists.Stages[reached];
            DealRules.MarkLost(deal, Min(Max(lastDone.AddDays(random.Next(1, 10)), start), today), lists.LossReasons[random.Next(lists.LossReasons.Count)], lostAt, today);
        }
        deal.Recalculate(2, s => lists.StageOrder.GetValueOrDefault(s, int.MaxValue), lists.ShipmentTypes.Contains);
        return deal;
    }

    private static void AddDocument(Deal deal, Lists lists, string code, string number, DateOnly date, decimal amount, DateOnly today)
    {
        if (lists.DocumentTypes.TryGetValue(code, out var type))
        {
            deal.Documents.Add(new AccountingDocument { TypeId = type, Number = number, Date = Min(date, today), Amount = amount });
        }
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
