using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Data.Auditing;
using WebCrm.Domain.Common;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;

namespace WebCrm.DataGenerator;

/// <summary>The companies of this run that deals are spread over: key, responsible manager, first contact person, region.</summary>
public sealed record GeneratedCompanies(int[] Ids, string[] ResponsibleIds, int?[] FirstContactIds, int?[] RegionIds);

/// <summary>
/// Products, USD exchange rates and deals with their stages, lines and payments. Every deal is built in memory the
/// way the app builds one (stages laid out from the ordered stage list, line amounts from <see cref="DealMath.LineAmount"/>,
/// payments converted with <see cref="DealMath.Convert"/>), then <see cref="Deal.Recalculate"/> sets the stored totals
/// and the current stage, so the generated rows equal what the app's own saves would have written.
/// </summary>
public sealed class DealGenerator(CrmDbContext db, bool postgreSql, Random random, IReadOnlyList<string> managers,
    DateTime now, Action<Entity> stamp)
{
    /// <summary>Companies that get <see cref="BigCompanyDeals"/> deals each (the "company card with 100 deals").</summary>
    public const int BigCompanies = 20;
    public const int BigCompanyDeals = 100;

    private static readonly string[] DealKinds =
    [
        "Поставка", "Внедрение", "Лицензии", "Модернизация", "Сопровождение", "Обучение персонала", "Проект", "Расширение",
    ];

    private readonly DateOnly _today = DateOnly.FromDateTime(now);

    public async Task<long> RunAsync(GeneratedCompanies companies, int deals, int lines, int payments, int products, bool history,
        Func<string, Func<Task<long>>, Task<long>> timed)
    {
        var refs = await db.ReferenceItems.AsNoTracking()
            .Where(r => r.Kind == ReferenceListKind.DealStage || r.Kind == ReferenceListKind.LossReason || r.Kind == ReferenceListKind.ProductGroup
                || r.Kind == ReferenceListKind.Unit || r.Kind == ReferenceListKind.ClientSource || r.Kind == ReferenceListKind.AccountingDocumentType)
            .OrderBy(r => r.SortOrder).ThenBy(r => r.Id).ToListAsync();
        var stageOrder = refs.Where(r => r.Kind == ReferenceListKind.DealStage).ToDictionary(r => r.Id, r => r.SortOrder);
        var stages = refs.Where(r => r.Kind == ReferenceListKind.DealStage && r.IsActive).Select(r => r.Id).ToArray();
        var lossReasons = refs.Where(r => r.Kind == ReferenceListKind.LossReason && r.IsActive).Select(r => r.Id).ToArray();
        var sources = refs.Where(r => r.Kind == ReferenceListKind.ClientSource && r.IsActive).Select(r => r.Id).ToArray();
        var groups = refs.Where(r => r.Kind == ReferenceListKind.ProductGroup && r.IsActive).ToArray();
        var units = refs.Where(r => r.Kind == ReferenceListKind.Unit && r.IsActive).ToDictionary(r => r.Code ?? "", r => r.Id);
        // The shipment documents of won deals (the waybill or act the receivable counts); the flag decides, as in the app.
        var shipmentTypes = refs.Where(r => r.Kind == ReferenceListKind.AccountingDocumentType && r.CountsAsShipment).Select(r => r.Id).ToHashSet();
        var shipmentType = refs.Where(r => r.Kind == ReferenceListKind.AccountingDocumentType && r.IsActive && r.CountsAsShipment)
            .Select(r => (int?)r.Id).FirstOrDefault();
        var currencies = await db.Currencies.AsNoTracking().ToListAsync();
        var rub = currencies.First(c => c.Code == "RUB");
        var usd = currencies.First(c => c.Code == "USD");
        var minor = currencies.ToDictionary(c => c.Id, c => c.MinorUnits);
        if (stages.Length == 0 || lossReasons.Length == 0)
        {
            throw new InvalidOperationException("The deal-stage and loss-reason lists are empty.");
        }

        // ---- USD rates: one a day over the period deals start in (plus a margin), keeping any already there ----
        var firstDay = _today.AddDays(-3 * 365 - 30);
        var rates = await timed("exchange rates", async () =>
        {
            var present = (await db.ExchangeRates.AsNoTracking().Where(r => r.CurrencyId == usd.Id).Select(r => r.Date).ToListAsync()).ToHashSet();
            await using var writer = Open<ExchangeRate>(databaseGeneratesKey: true);
            var rate = 75m;
            for (var day = firstDay; day <= _today; day = day.AddDays(1))
            {
                rate = Math.Clamp(rate + (decimal)(random.NextDouble() - 0.5) * 0.8m, 60m, 110m);
                if (!present.Contains(day))
                {
                    var row = new ExchangeRate { CurrencyId = usd.Id, Date = day, Rate = Math.Round(rate, 4) };
                    stamp(row);
                    writer.Write(row);
                }
            }
            await writer.CompleteAsync();
            return writer.Rows;
        });
        var rateOn = await EffectiveRatesAsync(usd.Id, firstDay);
        decimal? Convert(decimal amount, int from, int to, DateOnly date) => ConvertWithRate(amount, from, to, date)?.Amount;
        Conversion? ConvertWithRate(decimal amount, int from, int to, DateOnly date) =>
            DealMath.ConvertWithRate(amount, from, to, date, minor[to], rub.Id, rateOn.TryGetValue(date, out var r) ? [r] : []);

        // ---- products ----
        var productIds = await Keys.ReserveAsync(db, "Products", products);
        var catalogue = new Product[products];
        await timed("products", async () =>
        {
            await using var writer = Open<Product>();
            for (var i = 0; i < products; i++)
            {
                var product = ProductCatalogue.Make(random, productIds[i], groups, units, rub, usd);
                stamp(product);
                product.RefreshSearchText();
                writer.Write(product);
                catalogue[i] = product;
            }
            await writer.CompleteAsync();
            return writer.Rows;
        });
        var activeProducts = catalogue.Where(p => p.IsActive).ToArray();

        // ---- which company each deal belongs to: a few big clients with ~100 deals each, the rest at random ----
        var companyCount = companies.Ids.Length;
        var big = deals >= BigCompanies * BigCompanyDeals * 2 ? Math.Min(BigCompanies, companyCount) : 0;
        var dealCompany = new int[deals];
        for (var i = 0; i < deals; i++)
        {
            dealCompany[i] = i < big * BigCompanyDeals ? i / BigCompanyDeals * (companyCount / big) : random.Next(companyCount);
        }
        random.Shuffle(dealCompany);
        var linesOf = Spread(deals, lines);
        var paymentsOf = Spread(deals, payments);

        var dealIds = await Keys.ReserveAsync(db, "Deals", deals);
        var stageIds = await Keys.ReserveAsync(db, "DealStages", deals * stages.Length);
        var lineIds = await Keys.ReserveAsync(db, "DealLines", lines);
        var paymentIds = await Keys.ReserveAsync(db, "Payments", payments);
        var documentIds = await Keys.ReserveAsync(db, "AccountingDocuments", deals);

        // ---- build every deal as the app would, then write table by table ----
        var built = new Deal[deals];
        int nextStage = 0, nextLine = 0, nextPayment = 0, nextDocument = 0;
        for (var i = 0; i < deals; i++)
        {
            var c = dealCompany[i];
            var currency = random.Next(10) == 0 ? usd : rub;
            var start = _today.AddDays(-random.Next(0, 3 * 365));
            DateOnly? end = random.Next(100) < 85 ? start.AddDays(random.Next(14, 366)) : null;
            var responsible = random.Next(100) < 80 ? companies.ResponsibleIds[c] : managers[random.Next(managers.Count)];
            var deal = new Deal
            {
                Id = dealIds[i],
                CompanyId = companies.Ids[c],
                // The copy the app's save writes beside a deal (DealCompanyResponsible).
                CompanyResponsibleId = companies.ResponsibleIds[c],
                ContactPersonId = random.Next(100) < 70 ? companies.FirstContactIds[c] : null,
                SourceId = sources.Length > 0 && random.Next(100) < 80 ? sources[random.Next(sources.Length)] : null,
                StartDate = start,
                EndDate = end,
                ResponsibleId = responsible,
                CurrencyId = currency.Id,
                Notes = random.Next(10) == 0 ? "Клиент просил согласовать сроки поставки заранее." : null,
            };
            stamp(deal);

            // Status and how far the stages got: open at any stage, won with every stage done, lost at some stage.
            var roll = random.Next(100);
            var outcome = roll < 55 ? DealStatus.Open : roll < 85 ? DealStatus.Won : DealStatus.Lost;
            var done = outcome == DealStatus.Won ? stages.Length : random.Next(stages.Length);
            var span = Math.Max(stages.Length, (end ?? start.AddDays(180)).DayNumber - start.DayNumber);
            var lastDone = start;
            for (var s = 0; s < stages.Length; s++)
            {
                var plannedStart = start.AddDays(span * s / stages.Length);
                var plannedEnd = start.AddDays(span * (s + 1) / stages.Length);
                DateOnly? completed = null;
                if (s < done)
                {
                    var day = plannedEnd.AddDays(random.Next(-5, 11));
                    completed = day < lastDone ? lastDone : day > _today ? _today : day;
                    lastDone = completed.Value;
                }
                var stage = new DealStage
                {
                    Id = stageIds[nextStage++],
                    DealId = deal.Id,
                    StageId = stages[s],
                    ResponsibleId = random.Next(100) < 85 ? responsible : managers[random.Next(managers.Count)],
                    PlannedStart = plannedStart,
                    PlannedEnd = plannedEnd,
                    CompletedOn = completed,
                    Note = random.Next(20) == 0 ? "Ждём ответа клиента." : null,
                };
                stamp(stage);
                deal.Stages.Add(stage);
            }
            if (outcome != DealStatus.Open)
            {
                // Closed through the domain rules, as the card's "won" / "lost" buttons do.
                var close = lastDone.AddDays(random.Next(0, 15));
                var closeDate = close > _today ? _today : close;
                var error = outcome == DealStatus.Won
                    ? DealRules.MarkWon(deal, closeDate, _today)
                    : DealRules.MarkLost(deal, closeDate, lossReasons[random.Next(lossReasons.Length)], stages[done], _today);
                if (error != DealRuleError.None)
                {
                    throw new InvalidOperationException($"Generated deal {deal.Id} breaks a rule: {error}.");
                }
            }

            Product? first = null;
            for (var k = 0; k < linesOf[i]; k++)
            {
                var product = activeProducts[random.Next(activeProducts.Length)];
                first ??= product;
                var quantity = product.IsService && product.UnitId == units.GetValueOrDefault("hour") ? random.Next(2, 81) : random.Next(1, 21);
                var price = Convert(product.Price, product.CurrencyId, currency.Id, start) ?? product.Price;
                var discount = random.Next(10) < 7 ? 0m : new[] { 3m, 5m, 10m, 15m }[random.Next(4)];
                var line = new DealLine
                {
                    Id = lineIds[nextLine++],
                    DealId = deal.Id,
                    ProductId = product.Id,
                    UnitId = product.UnitId,
                    Quantity = quantity,
                    UnitPrice = price,
                    DiscountPercent = discount,
                    Amount = DealMath.LineAmount(quantity, price, discount, currency.MinorUnits),
                };
                stamp(line);
                deal.Lines.Add(line);
            }
            deal.Title = DealKinds[random.Next(DealKinds.Length)] + ": " + (first?.Name ?? "услуги");
            deal.RefreshSearchText();

            // Paid share: most won deals in full, open deals partly, lost deals at most an advance.
            var total = deal.Lines.Sum(l => l.Amount);
            var share = deal.Status switch
            {
                DealStatus.Won => random.Next(100) < 70 ? 1m : 0.3m + (decimal)random.NextDouble() * 0.6m,
                DealStatus.Open => (decimal)random.NextDouble() * 0.8m,
                _ => (decimal)random.NextDouble() * 0.3m,
            };
            for (var k = 0; k < paymentsOf[i]; k++)
            {
                var date = start.AddDays(random.Next(0, Math.Max(1, _today.DayNumber - start.DayNumber + 1)));
                var part = total * share / paymentsOf[i];
                var payCurrency = random.Next(100) < (currency.Id == rub.Id ? 8 : 20) ? (currency.Id == rub.Id ? usd : rub) : currency;
                var amount = DealMath.Round(Convert(part, currency.Id, payCurrency.Id, date) ?? part, payCurrency.MinorUnits);
                if (amount <= 0)
                {
                    amount = 1m;
                }
                var converted = ConvertWithRate(amount, payCurrency.Id, currency.Id, date)
                    ?? throw new InvalidOperationException($"No USD rate on {date}.");
                var payment = new Payment
                {
                    Id = paymentIds[nextPayment++],
                    DealId = deal.Id,
                    Date = date,
                    Amount = amount,
                    CurrencyId = payCurrency.Id,
                    DocumentNumber = random.Next(10) < 8 ? "ПП-" + random.Next(1, 99_999).ToString(CultureInfo.InvariantCulture) : null,
                    AmountInDealCurrency = converted.Amount,
                    Rate = converted.Rate,
                    RateDate = converted.RateDate,
                    // The report keys the app's save writes beside a payment (PaymentReportKeys).
                    CompanyRegionId = companies.RegionIds[c],
                    DealResponsibleId = responsible,
                };
                stamp(payment);
                deal.Payments.Add(payment);
            }

            // Half the won deals carry their shipment document for the whole amount (the others count as shipped at
            // the close date by the receivable rule), and a third of the open deals past half their stages have shipped
            // half of it. Either way the debt is what Recalculate says.
            var shipment = deal.Status switch
            {
                DealStatus.Won when random.Next(2) == 0 => total,
                DealStatus.Open when done * 2 >= stages.Length && random.Next(3) == 0 => DealMath.Round(total / 2, currency.MinorUnits),
                _ => 0m,
            };
            if (shipment > 0 && shipmentType is { } type)
            {
                var document = new AccountingDocument
                {
                    Id = documentIds[nextDocument++],
                    DealId = deal.Id,
                    TypeId = type,
                    Number = "ТН-" + deal.Id.ToString(CultureInfo.InvariantCulture),
                    Date = deal.CloseDate ?? lastDone,
                    Amount = shipment,
                };
                stamp(document);
                deal.Documents.Add(document);
            }

            deal.Recalculate(currency.MinorUnits, s => stageOrder.GetValueOrDefault(s, int.MaxValue), shipmentTypes.Contains);
            built[i] = deal;
        }

        await timed("deals", () => WriteAll<Deal>(built, d => [d]));
        await timed("deal stages", () => WriteAll(built, d => d.Stages));
        await timed("deal lines", () => WriteAll(built, d => d.Lines));
        await timed("payments", () => WriteAll(built, d => d.Payments));
        await timed("accounting documents", () => WriteAll(built, d => d.Documents));
        await timed("debt history", () => WriteAll(built, d => d.DebtPeriods));
        if (history)
        {
            // The "created" entries the DbContext writes for a new deal and each of its parts, all filed under the deal.
            await timed("deal history", async () =>
            {
                await using var writer = Open<ChangeLogEntry>(databaseGeneratesKey: true);
                var entry = new ChangeLogEntry { Kind = ChangeKind.Created, UserId = SystemUser.Instance.UserId, UserName = SystemUser.Instance.UserName, AtUtc = now };
                void Log(string type, int id, string root)
                {
                    entry.EntityType = type;
                    entry.EntityId = id.ToString(CultureInfo.InvariantCulture);
                    entry.RootType = nameof(Deal);
                    entry.RootId = root;
                    writer.Write(entry);
                }
                foreach (var deal in built)
                {
                    var root = deal.Id.ToString(CultureInfo.InvariantCulture);
                    Log(nameof(Deal), deal.Id, root);
                    deal.Stages.ForEach(s => Log(nameof(DealStage), s.Id, root));
                    deal.Lines.ForEach(l => Log(nameof(DealLine), l.Id, root));
                    deal.Payments.ForEach(p => Log(nameof(Payment), p.Id, root));
                    deal.Documents.ForEach(d => Log(nameof(AccountingDocument), d.Id, root));
                }
                await writer.CompleteAsync();
                return writer.Rows;
            });
        }
        LastDeal = built.Length > 0 ? built[^1] : null;
        return rates;
    }

    /// <summary>The last deal written, for the read-back check.</summary>
    public Deal? LastDeal { get; private set; }

    /// <summary>One per item while there are enough, the rest at random: every deal gets a line when lines ≥ deals.</summary>
    private int[] Spread(int items, int count)
    {
        var of = new int[items];
        for (var i = 0; i < count && items > 0; i++)
        {
            of[i < items ? i : random.Next(items)]++;
        }
        return of;
    }

    /// <summary>The USD rate in force on each day (the latest on or before it), as <see cref="DealMath.RateOn"/> picks it.</summary>
    private async Task<Dictionary<DateOnly, DatedRate>> EffectiveRatesAsync(int currencyId, DateOnly from)
    {
        var all = await db.ExchangeRates.AsNoTracking().Where(r => r.CurrencyId == currencyId)
            .Select(r => new DatedRate(r.CurrencyId, r.Date, r.Rate)).ToListAsync();
        var sorted = all.OrderBy(r => r.Date).ToList();
        var result = new Dictionary<DateOnly, DatedRate>();
        var index = -1;
        for (var day = from; day <= _today; day = day.AddDays(1))
        {
            while (index + 1 < sorted.Count && sorted[index + 1].Date <= day)
            {
                index++;
            }
            if (index >= 0)
            {
                result[day] = sorted[index];
            }
        }
        return result;
    }

    private async Task<long> WriteAll<T>(Deal[] deals, Func<Deal, IEnumerable<T>> rows) where T : class
    {
        await using var writer = Open<T>();
        foreach (var deal in deals)
        {
            foreach (var row in rows(deal))
            {
                writer.Write(row);
            }
        }
        await writer.CompleteAsync();
        return writer.Rows;
    }

    private TableWriter<T> Open<T>(bool databaseGeneratesKey = false) where T : class =>
        postgreSql ? PostgreSqlCopyWriter<T>.Open(db, databaseGeneratesKey) : SqliteInsertWriter<T>.Open(db, databaseGeneratesKey);
}
