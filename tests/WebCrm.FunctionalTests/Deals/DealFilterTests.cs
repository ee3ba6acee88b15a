using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Clients;
using WebCrm.FunctionalTests.Infrastructure;
using Cond = WebCrm.FunctionalTests.Clients.CompanyFilterGroupTests.Cond;

namespace WebCrm.FunctionalTests.Deals;

/// <summary>The deal list's condition builder: deal custom fields, the new operators and AND/OR groups, against a direct computation.</summary>
public abstract class DealFilterTests(CrmApp app)
{
    private sealed record Spec(string Title, DealStatus Status, decimal? Budget, string? Tier, bool? Tender);

    [Fact]
    public async Task Deal_custom_fields_operators_and_groups_match_a_direct_computation()
    {
        var (me, name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        using var client = await app.SignedInAsync(name);
        var t = CompanyFactory.Token();
        var company = await app.CreateCompanyAsync(me, $"{t} client");
        var specs = new List<Spec>
        {
            new("alpha", DealStatus.Open, 100m, "Gold", true),
            new("beta", DealStatus.Won, 2500.5m, "Silver", false),
            new("gamma", DealStatus.Open, null, null, null),
            new("delta", DealStatus.Lost, 100m, "Bronze", true),
            new("epsilon", DealStatus.Open, 40m, "Silver", null),
        };
        var (budget, tier, tender) = await app.InDbAsync(async db =>
        {
            CustomFieldDefinition D(string n, CustomFieldType type, string? options = null) => new()
            {
                Target = CustomFieldTarget.Deal, NameEn = $"{t} {n}", NameRu = $"{t} {n} ru", Type = type, Options = options, SortOrder = 9500,
            };
            var defs = new[] { D("budget", CustomFieldType.Number), D("tier", CustomFieldType.List, "Gold\nSilver\nBronze"), D("tender", CustomFieldType.YesNo) };
            db.CustomFieldDefinitions.AddRange(defs);
            await db.SaveChangesAsync();
            var rub = await db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync();
            foreach (var s in specs)
            {
                var deal = new Deal { CompanyId = company.Id, ResponsibleId = me, Title = $"{t} {s.Title}", Status = s.Status, StartDate = new DateOnly(2026, 1, 1), CurrencyId = rub };
                db.Deals.Add(deal);
                await db.SaveChangesAsync();
                void V(int def, Action<CustomFieldValue> set)
                {
                    var v = new CustomFieldValue { DefinitionId = def, Target = CustomFieldTarget.Deal, EntityId = deal.Id };
                    set(v);
                    db.CustomFieldValues.Add(v);
                }
                if (s.Budget is { } b) V(defs[0].Id, v => v.NumberValue = b);
                if (s.Tier is { } r) V(defs[1].Id, v => v.TextValue = r);
                if (s.Tender is { } y) V(defs[2].Id, v => v.BoolValue = y);
            }
            await db.SaveChangesAsync();
            return ("cf" + defs[0].Id, "cf" + defs[1].Id, "cf" + defs[2].Id);
        });

        async Task Check(Func<Spec, bool> expected, Cond[] conditions, string[]? groups = null, string? join = null)
        {
            var want = specs.Where(expected).Select(s => $"{t} {s.Title}").Order().ToArray();
            Assert.InRange(want.Length, 1, specs.Count - 1);
            var url = CompanyFilterGroupTests.Url(t, conditions, groups, join, "/deals");
            var page = await client.PageAsync(url);
            Assert.Null(page.QuerySelector(".alert-warning"));
            var listed = page.QuerySelectorAll("#deals tbody tr[data-id] td:first-child").Select(td => td.TextContent.Trim()).Order().ToArray();
            Assert.True(want.SequenceEqual(listed), $"{url}: expected [{string.Join(", ", want)}], listed [{string.Join(", ", listed)}]");
        }

        await Check(s => s.Budget > 50m, [new(budget, "Greater", ["50"])]);
        await Check(s => s.Budget >= 40m && s.Budget <= 100m, [new(budget, "Between", ["40", "100"])]);
        await Check(s => s.Budget != 100m, [new(budget, "NotEquals", ["100"])]);
        await Check(s => s.Budget is null, [new(budget, "IsEmpty", [])]);
        await Check(s => s.Tier is "Silver", [new(tier, "Equals", ["Silver"])]);
        await Check(s => s.Tier is not ("Gold" or "Silver"), [new(tier, "NotIn", ["Gold", "Silver"])]);
        await Check(s => s.Tier is not null, [new(tier, "IsNotEmpty", [])]);
        await Check(s => s.Tender == true, [new(tender, "Equals", ["true"])]);
        await Check(s => s.Tender is null, [new(tender, "IsEmpty", [])]);
        await Check(s => s.Status != DealStatus.Open, [new("status", "NotEquals", ["Open"])]);
        await Check(s => !s.Title.Contains("ta"), [new("title", "NotIn", [$"{t} beta, {t} delta"])]);
        // (tier is Silver OR tender is yes) AND status is open.
        await Check(s => (s.Tier == "Silver" || s.Tender == true) && s.Status == DealStatus.Open,
            [new(tier, "Equals", ["Silver"]), new(tender, "Equals", ["true"]), new("status", "Equals", ["Open"], 1)], ["or", "and"], "and");
        // Budget is empty OR (budget over 1000 AND not lost), next to the list's own fixed "status" filter staying off.
        await Check(s => s.Budget is null || (s.Budget > 1000m && s.Status != DealStatus.Lost),
            [new(budget, "IsEmpty", []), new(budget, "Greater", ["1000"], 1), new("status", "NotEquals", ["Lost"], 1)], ["and", "and"], "or");
    }
}

public sealed class DealFilterTestsSqlite(SqliteApp app) : DealFilterTests(app);
public sealed class DealFilterTestsPostgreSql(PostgreSqlApp app) : DealFilterTests(app);
