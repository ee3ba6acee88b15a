using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Reports;

/// <summary>
/// The deals every report test reads, written straight into an isolated database (the tests add exchange rates, which
/// every page reads): three managers and a director, companies in two regions and cities, products in two groups and
/// one without, deals in roubles and dollars won, lost and open across the first half of 2025 with lines, payments in
/// both currencies, shipment documents and stages with their own responsibles. <see cref="Deals"/> keeps what was
/// written so the tests compute every expected number themselves.
/// </summary>
public sealed class ReportFixture
{
    public sealed record LineSpec(int ProductId, int? GroupId, decimal Quantity, decimal Amount);
    public sealed record PaymentSpec(DateOnly Date, decimal Amount, int CurrencyId, decimal InDealCurrency);
    public sealed record DocumentSpec(DateOnly Date, decimal Amount, bool Shipment);

    public sealed record DealSpec(int Id, string ResponsibleId, int CompanyId, int CurrencyId, DealStatus Status, DateOnly Start, DateOnly? Close,
        int? SourceId, int? LossReasonId, int? LostAtStageId, int? CurrentStageId, IReadOnlyList<string> StageResponsibles,
        IReadOnlyList<LineSpec> Lines, IReadOnlyList<PaymentSpec> Payments, IReadOnlyList<DocumentSpec> Documents,
        IReadOnlyList<(int StageId, DateOnly? CompletedOn)> Stages, string Title);

    public sealed record CompanyFields(string? Segment, decimal? Turnover, DateOnly? Since, string? Tier, bool? Partner);

    public sealed record CompanySpec(int Id, string ResponsibleId, int? RegionId, string? City, int? TypeId, int? IndustryId);

    public required string M1 { get; init; }
    public required string M2 { get; init; }
    public required string M3 { get; init; }
    public required string M1Name { get; init; }
    public required string M2Name { get; init; }
    public required string DirectorName { get; init; }
    public required int Rub { get; init; }
    /// <summary>The deal-stage list in its order.</summary>
    public required IReadOnlyList<int> StageList { get; init; }
    public required int Usd { get; init; }
    public required IReadOnlyList<(DateOnly Date, decimal Rate)> UsdRates { get; init; }
    public required IReadOnlyList<CompanySpec> Companies { get; init; }
    public required IReadOnlyList<DealSpec> Deals { get; init; }
    public required int CustomFieldId { get; init; }
    /// <summary>The other company fields: number "Turnover", date "Since", list "Tier" (Gold, Silver), yes/no "Partner".</summary>
    public required (int Turnover, int Since, int Tier, int Partner) FieldIds { get; init; }
    /// <summary>Each company's values of the custom fields (absent: no value row).</summary>
    public required IReadOnlyDictionary<int, CompanyFields> Fields { get; init; }
    /// <summary>Companies whose custom field "Segment" is "key".</summary>
    public required IReadOnlySet<int> KeyAccounts { get; init; }

    private static readonly Dictionary<CrmApp, Task<ReportFixture>> Cache = [];

    public static Task<ReportFixture> ForAsync(CrmApp app)
    {
        lock (Cache)
        {
            return Cache.TryGetValue(app, out var task) ? task : Cache[app] = CreateAsync(app);
        }
    }

    private static DateOnly D(int month, int day) => new(2025, month, day);

    private static async Task<ReportFixture> CreateAsync(CrmApp app)
    {
        var (m1, m1Name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions, "rm1");
        var (m2, m2Name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions, "rm2");
        var (m3, _) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions, "rm3");
        var (_, directorName) = await app.CreateUserAsync([.. RoleTemplates.Director.Permissions], "rdir");
        return await app.InDbAsync(async db =>
        {
            var rub = await db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync();
            var usd = await db.Currencies.Where(c => c.Code == "USD").Select(c => c.Id).SingleAsync();
            var usdRates = new List<(DateOnly, decimal)> { (D(1, 1), 90m), (D(2, 1), 100m), (D(3, 15), 80m), (D(5, 1), 95m) };
            foreach (var (date, rate) in usdRates)
            {
                db.ExchangeRates.Add(new ExchangeRate { CurrencyId = usd, Date = date, Rate = rate });
            }
            ReferenceItem Ref(ReferenceListKind kind, string name)
            {
                var item = new ReferenceItem { Kind = kind, NameEn = name, NameRu = name + " ру", SortOrder = 1000 };
                db.ReferenceItems.Add(item);
                return item;
            }
            var r1 = Ref(ReferenceListKind.Region, "North");
            var r2 = Ref(ReferenceListKind.Region, "South");
            var t1 = Ref(ReferenceListKind.ClientType, "Reseller");
            var i1 = Ref(ReferenceListKind.Industry, "Mining");
            var i2 = Ref(ReferenceListKind.Industry, "Retail");
            var s1 = Ref(ReferenceListKind.ClientSource, "Exhibition");
            var s2 = Ref(ReferenceListKind.ClientSource, "Web ad");
            var g1 = Ref(ReferenceListKind.ProductGroup, "Licences");
            var g2 = Ref(ReferenceListKind.ProductGroup, "Services");
            var segment = new CustomFieldDefinition { Target = CustomFieldTarget.Company, NameEn = "Segment", NameRu = "Сегмент", Type = CustomFieldType.Text };
            var turnover = new CustomFieldDefinition { Target = CustomFieldTarget.Company, NameEn = "Turnover", NameRu = "Оборот", Type = CustomFieldType.Number };
            var since = new CustomFieldDefinition { Target = CustomFieldTarget.Company, NameEn = "Client since", NameRu = "Клиент с", Type = CustomFieldType.Date };
            var tier = new CustomFieldDefinition { Target = CustomFieldTarget.Company, NameEn = "Tier", NameRu = "Уровень", Type = CustomFieldType.List, Options = "Gold\nSilver" };
            var partner = new CustomFieldDefinition { Target = CustomFieldTarget.Company, NameEn = "Partner", NameRu = "Партнёр", Type = CustomFieldType.YesNo };
            db.CustomFieldDefinitions.AddRange(segment, turnover, since, tier, partner);
            await db.SaveChangesAsync();
            var p1 = new Product { Name = "Licence A", Price = 100m, CurrencyId = rub, GroupId = g1.Id };
            var p2 = new Product { Name = "Setup B", Price = 50m, CurrencyId = rub, GroupId = g2.Id };
            var p3 = new Product { Name = "Misc C", Price = 10m, CurrencyId = rub };
            db.Products.AddRange(p1, p2, p3);
            var c1 = new Company { Name = "Ёлка North", ResponsibleId = m1, RegionId = r1.Id, City = "Тверь", TypeId = t1.Id, IndustryId = i1.Id };
            var c2 = new Company { Name = "South Trade", ResponsibleId = m2, RegionId = r2.Id, City = "Сочи", IndustryId = i2.Id };
            var c3 = new Company { Name = "Nowhere Ltd", ResponsibleId = m1 };
            var c4 = new Company { Name = "Third Co", ResponsibleId = m3, RegionId = r1.Id, City = "Тверь", TypeId = t1.Id };
            db.Companies.AddRange(c1, c2, c3, c4);
            await db.SaveChangesAsync();
            db.CustomFieldValues.AddRange(
                new CustomFieldValue { DefinitionId = segment.Id, Target = CustomFieldTarget.Company, EntityId = c1.Id, TextValue = "key" },
                new CustomFieldValue { DefinitionId = segment.Id, Target = CustomFieldTarget.Company, EntityId = c4.Id, TextValue = "key" },
                new CustomFieldValue { DefinitionId = segment.Id, Target = CustomFieldTarget.Company, EntityId = c2.Id, TextValue = "small" });
            var fields = new Dictionary<int, CompanyFields>
            {
                [c1.Id] = new("key", 100m, new DateOnly(2020, 1, 15), "Gold", true),
                [c2.Id] = new("small", 250.5m, new DateOnly(2023, 6, 1), null, false),
                [c3.Id] = new(null, null, new DateOnly(2024, 2, 29), "Silver", null),
                [c4.Id] = new("key", 1000m, null, null, null),
            };
            foreach (var (company, v) in fields)
            {
                CustomFieldValue Value(CustomFieldDefinition d) => new() { DefinitionId = d.Id, Target = CustomFieldTarget.Company, EntityId = company };
                if (v.Turnover is { } t) { var x = Value(turnover); x.NumberValue = t; db.CustomFieldValues.Add(x); }
                if (v.Since is { } s) { var x = Value(since); x.DateValue = s; db.CustomFieldValues.Add(x); }
                if (v.Tier is { } g) { var x = Value(tier); x.TextValue = g; db.CustomFieldValues.Add(x); }
                if (v.Partner is { } b) { var x = Value(partner); x.BoolValue = b; db.CustomFieldValues.Add(x); }
            }

            var stageList = await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.DealStage && r.IsActive).OrderBy(r => r.SortOrder).ThenBy(r => r.Id).ToListAsync();
            var stageOrder = stageList.Select((s, i) => (s.Id, i)).ToDictionary(x => x.Id, x => x.i);
            var shipmentTypes = await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.AccountingDocumentType).ToListAsync();
            var waybill = shipmentTypes.First(t => t.CountsAsShipment).Id;
            var invoice = shipmentTypes.First(t => !t.CountsAsShipment).Id;
            var lossReason = await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.LossReason).Select(r => r.Id).FirstAsync();
            var countsAsShipment = shipmentTypes.ToDictionary(t => t.Id, t => t.CountsAsShipment);

            decimal Rate(int currency, DateOnly date) => currency == rub ? 1m : usdRates.Where(r => r.Item1 <= date).OrderByDescending(r => r.Item1).First().Item2;
            var made = new List<(Deal Deal, List<string> StageUsers)>();
            Deal Make(string title, string responsible, Company company, int currency, DealStatus status, DateOnly start, DateOnly? close,
                ReferenceItem? source, (Product P, decimal Q, decimal Price)[] lines, (DateOnly Date, decimal Amount, int Currency)[] payments,
                (DateOnly Date, decimal Amount, bool Ship)[] documents, string?[] stageUsers, int completedStages)
            {
                var deal = new Deal
                {
                    Title = title, ResponsibleId = responsible, CompanyId = company.Id, CurrencyId = currency, Status = status, StartDate = start,
                    CloseDate = close, SourceId = source?.Id,
                    LossReasonId = status == DealStatus.Lost ? lossReason : null,
                    LostAtStageId = status == DealStatus.Lost ? stageList[completedStages].Id : null,
                };
                for (var i = 0; i < stageList.Count; i++)
                {
                    deal.Stages.Add(new DealStage { StageId = stageList[i].Id, ResponsibleId = i < stageUsers.Length ? stageUsers[i] : null,
                        CompletedOn = i < completedStages ? start.AddDays((i + 1) * (1 + made.Count % 3)) : null });
                }
                foreach (var (p, q, price) in lines)
                {
                    deal.Lines.Add(new DealLine { ProductId = p.Id, Quantity = q, UnitPrice = price, Amount = DealMath.LineAmount(q, price, 0, 2) });
                }
                foreach (var (date, amount, cur) in payments)
                {
                    var inDeal = DealMath.Round(amount * Rate(cur, date) / Rate(currency, date), 2);
                    deal.Payments.Add(new Payment { Date = date, Amount = amount, CurrencyId = cur, AmountInDealCurrency = inDeal });
                }
                var n = 0;
                foreach (var (date, amount, ship) in documents)
                {
                    deal.Documents.Add(new AccountingDocument { TypeId = ship ? waybill : invoice, Number = $"N{++n}", Date = date, Amount = amount });
                }
                deal.RefreshSearchText();
                deal.Recalculate(2, id => stageOrder.GetValueOrDefault(id), id => countsAsShipment.GetValueOrDefault(id));
                db.Deals.Add(deal);
                made.Add((deal, stageUsers.Where(u => u is not null).Select(u => u!).Distinct().ToList()));
                return deal;
            }

            // Won deals across months and декады, in roubles and dollars.
            Make("W1", m1, c1, rub, DealStatus.Won, D(1, 3), D(1, 10), s1, [(p1, 2, 100m), (p2, 1, 50m)], [(D(1, 20), 100m, rub)], [], [m1, m2], 6);
            Make("W2", m1, c1, usd, DealStatus.Won, D(1, 5), D(1, 11), s2, [(p1, 3, 10m), (p3, 1, 5.55m)], [(D(2, 5), 10m, usd), (D(3, 20), 800m, rub)], [], [m3], 6);
            Make("W3", m2, c2, rub, DealStatus.Won, D(1, 15), D(2, 20), s1, [(p2, 4, 25m)], [(D(2, 21), 50m, rub)], [(D(2, 21), 60m, true)], [m2], 6);
            Make("W4", m2, c2, usd, DealStatus.Won, D(2, 1), D(3, 31), null, [(p1, 1, 12.34m)], [], [], [m1], 6);
            Make("W5", m1, c3, rub, DealStatus.Won, D(3, 1), D(4, 21), s2, [], [], [], [], 6);
            Make("W6", m3, c4, rub, DealStatus.Won, D(2, 10), D(5, 31), s1, [(p3, 10, 3m), (p1, 1, 1000m)], [(D(6, 1), 5m, usd)], [(D(5, 31), 500m, true), (D(6, 10), 700m, false)], [m3, m1], 6);
            Make("W7", m2, c2, rub, DealStatus.Won, D(1, 1), D(6, 30), null, [(p2, 2, 33.33m)], [(D(4, 1), 10m, rub)], [], [], 6);
            // Won, but its only shipment document is dated after the period: shipped by its documents (none by then), not by its lines.
            Make("W8", m3, c4, rub, DealStatus.Won, D(2, 3), D(3, 15), s2, [(p2, 4, 50m)], [(D(3, 1), 50m, rub)], [(D(7, 15), 200m, true)], [m3], 6);
            // Lost deals at different stages with a reason.
            Make("L1", m1, c1, rub, DealStatus.Lost, D(1, 2), D(2, 10), s1, [(p1, 1, 100m)], [], [], [m2], 1);
            Make("L2", m2, c4, usd, DealStatus.Lost, D(2, 2), D(4, 5), s2, [(p2, 1, 50m)], [(D(3, 1), 20m, usd)], [(D(3, 2), 15m, true)], [], 2);
            Make("L3", m3, c4, rub, DealStatus.Lost, D(3, 3), D(3, 9), null, [], [], [], [m3], 0);
            // Open deals at various stages, one with a shipment and part paid (a receivable), one with an advance.
            Make("O1", m1, c1, rub, DealStatus.Open, D(1, 20), null, s1, [(p1, 5, 100m)], [(D(2, 15), 200m, rub)], [(D(2, 1), 300m, true), (D(4, 1), 100m, true)], [m1, m1, m2], 1);
            Make("O2", m2, c3, usd, DealStatus.Open, D(4, 11), null, s2, [(p3, 7, 2m)], [(D(5, 2), 1000m, rub)], [], [m2], 3);
            Make("O3", m3, c2, rub, DealStatus.Open, D(5, 29), null, null, [], [], [], [], 0);
            Make("O4", m2, c1, rub, DealStatus.Open, D(2, 28), null, s1, [(p2, 1, 40m)], [(D(3, 1), 10m, rub)], [(D(2, 28), 40m, true)], [m3, m2], 2);
            await db.SaveChangesAsync();

            var companies = new[] { c1, c2, c3, c4 }.Select(c => new CompanySpec(c.Id, c.ResponsibleId, c.RegionId, c.City, c.TypeId, c.IndustryId)).ToList();
            var productGroups = new Dictionary<int, int?> { [p1.Id] = p1.GroupId, [p2.Id] = p2.GroupId, [p3.Id] = p3.GroupId };
            var deals = made.Select(x => new DealSpec(x.Deal.Id, x.Deal.ResponsibleId, x.Deal.CompanyId, x.Deal.CurrencyId, x.Deal.Status, x.Deal.StartDate,
                x.Deal.CloseDate, x.Deal.SourceId, x.Deal.LossReasonId, x.Deal.LostAtStageId, x.Deal.CurrentStageId, x.StageUsers,
                x.Deal.Lines.Select(l => new LineSpec(l.ProductId, productGroups[l.ProductId], l.Quantity, l.Amount)).ToList(),
                x.Deal.Payments.Select(p => new PaymentSpec(p.Date, p.Amount, p.CurrencyId, p.AmountInDealCurrency)).ToList(),
                x.Deal.Documents.Select(d => new DocumentSpec(d.Date, d.Amount, countsAsShipment[d.TypeId])).ToList(),
                x.Deal.Stages.Select(s => (s.StageId, s.CompletedOn)).ToList(), x.Deal.Title)).ToList();
            return new ReportFixture
            {
                StageList = stageList.Select(x => x.Id).ToList(),
                M1 = m1, M2 = m2, M3 = m3, M1Name = m1Name, M2Name = m2Name, DirectorName = directorName, Rub = rub, Usd = usd,
                UsdRates = usdRates, Companies = companies, Deals = deals, CustomFieldId = segment.Id, FieldIds = (turnover.Id, since.Id, tier.Id, partner.Id), Fields = fields, KeyAccounts = new HashSet<int> { c1.Id, c4.Id },
            };
        });
    }
}
