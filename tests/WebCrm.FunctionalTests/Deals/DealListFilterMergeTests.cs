using System.Globalization;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Clients;
using WebCrm.FunctionalTests.Infrastructure;
using Cond = WebCrm.FunctionalTests.Clients.CompanyFilterGroupTests.Cond;

namespace WebCrm.FunctionalTests.Deals;

/// <summary>
/// The deal list's former fixed filters (status, stage, source, responsible, start and end dates, amount, debt, overdue)
/// are conditions of the builder, and old addresses with their parameters still list the same deals: each result is
/// compared with the test's own computation over the deals it made, old address and builder condition alike, alone and
/// combined with AND/OR groups of the builder.
/// </summary>
public abstract class DealListFilterMergeTests(CrmApp app)
{
    private sealed record Spec(string Title, DealStatus Status, int Stage, int? Source, bool Mine, DateOnly Start, DateOnly? End,
        decimal Amount, decimal Paid, decimal Debt, decimal Advance, bool Overdue);

    private static int[] Listed(IHtmlDocument page) =>
        page.QuerySelectorAll("#deals tbody tr[data-id]").Select(r => int.Parse(r.GetAttribute("data-id")!, CultureInfo.InvariantCulture)).Order().ToArray();

    [Fact]
    public async Task Old_fixed_filter_addresses_and_their_builder_conditions_match_a_direct_computation()
    {
        var (director, directorName) = await app.CreateUserAsync(RoleTemplates.Director.Permissions);
        var (other, _) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        using var client = await app.SignedInAsync(directorName);
        var t = CompanyFactory.Token();
        var company = await app.CreateCompanyAsync(director, $"{t} client");
        var (stages, sources) = await app.InDbAsync(async db => (
            await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.DealStage && r.IsActive).OrderBy(r => r.SortOrder).ThenBy(r => r.Id).Select(r => r.Id).Take(2).ToListAsync(),
            await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.ClientSource && r.IsActive).OrderBy(r => r.SortOrder).ThenBy(r => r.Id).Select(r => r.Id).Take(2).ToListAsync()));
        DateOnly D(int month, int day) => new(2026, month, day);
        var specs = new List<Spec>
        {
            new("a", DealStatus.Open, stages[0], sources[0], true, D(1, 15), D(6, 30), 1000m, 0m, 0m, 0m, true),
            new("b", DealStatus.Open, stages[1], sources[1], false, D(2, 1), null, 2500.5m, 500m, 2000.5m, 0m, false),
            new("c", DealStatus.Won, stages[1], null, true, D(3, 31), D(4, 30), 4000m, 4500m, 0m, 500m, false),
            new("d", DealStatus.Lost, stages[0], sources[0], false, D(4, 1), D(5, 1), 100m, 0m, 100m, 0m, false),
            new("e", DealStatus.Open, stages[0], null, true, D(5, 20), null, 0m, 0m, 0m, 0m, false),
            new("f", DealStatus.Open, stages[1], sources[1], true, D(6, 1), D(12, 31), 5000m, 5000m, 0m, 0m, true),
        };
        var ids = await app.InDbAsync(async db =>
        {
            var rub = await db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync();
            var made = new Dictionary<Spec, int>();
            foreach (var s in specs)
            {
                var responsible = s.Mine ? director : other;
                // Overdue: the current stage is not completed and was planned to end long ago; otherwise it ends far ahead.
                var deal = new Deal
                {
                    CompanyId = company.Id, ResponsibleId = responsible, Title = $"{t} {s.Title}", Status = s.Status, CurrentStageId = s.Stage,
                    SourceId = s.Source, StartDate = s.Start, EndDate = s.End, CurrencyId = rub, LinesTotal = s.Amount, PaidTotal = s.Paid,
                    Debt = s.Debt, Advance = s.Advance,
                    Stages = [new DealStage { StageId = s.Stage, ResponsibleId = responsible, PlannedEnd = s.Overdue ? new DateOnly(2000, 1, 1) : new DateOnly(2999, 1, 1) }],
                };
                db.Deals.Add(deal);
                await db.SaveChangesAsync();
                made[s] = deal.Id;
            }
            return made;
        });

        async Task Check(string query, Func<Spec, bool> expected)
        {
            var want = specs.Where(expected).Select(s => ids[s]).Order().ToArray();
            Assert.InRange(want.Length, 1, specs.Count - 1);
            var url = $"/deals?Q={Uri.EscapeDataString(t)}&{query}";
            var page = await client.PageAsync(url);
            Assert.Null(page.QuerySelector(".alert-warning"));
            var listed = Listed(page);
            Assert.True(want.SequenceEqual(listed), $"{url}: expected [{string.Join(", ", want)}], listed [{string.Join(", ", listed)}]");
        }
        string B(Cond[] conditions, string[]? groups = null, string? join = null) =>
            CompanyFilterGroupTests.Url(t, conditions, groups, join, "/deals")[$"/deals?q={Uri.EscapeDataString(t)}&".Length..];
        string S(int id) => id.ToString(CultureInfo.InvariantCulture);

        // Old addresses, one parameter at a time and together.
        await Check("Status=Open", s => s.Status == DealStatus.Open);
        await Check($"StageId={stages[1]}", s => s.Stage == stages[1]);
        await Check($"SourceId={sources[0]}", s => s.Source == sources[0]);
        await Check($"ResponsibleId={other}", s => !s.Mine);
        await Check("StartFrom=2026-02-01&StartTo=2026-03-31", s => s.Start >= D(2, 1) && s.Start <= D(3, 31));
        await Check("StartFrom=2026-04-01", s => s.Start >= D(4, 1));
        await Check("EndTo=2026-05-01", s => s.End <= D(5, 1));
        await Check("EndFrom=2026-05-01&EndTo=2026-06-30", s => s.End >= D(5, 1) && s.End <= D(6, 30));
        await Check("AmountFrom=1000&AmountTo=4000", s => s.Amount is >= 1000m and <= 4000m);
        await Check($"AmountFrom={Uri.EscapeDataString("2 500,50")}", s => s.Amount >= 2500.5m);
        await Check("AmountTo=1000", s => s.Amount <= 1000m);
        await Check("HasDebt=true", s => s.Debt > 0);
        await Check("Overdue=true", s => s.Overdue && s.Status == DealStatus.Open);
        await Check($"Status=Open&HasDebt=true&AmountFrom=100&ResponsibleId={other}", s => s.Status == DealStatus.Open && s.Debt > 0 && s.Amount >= 100 && !s.Mine);

        // The same as conditions of the builder, and the fields the fixed filters never had.
        await Check(B([new("status", "Equals", ["Open"])]), s => s.Status == DealStatus.Open);
        await Check(B([new("start", "Between", ["2026-02-01", "2026-03-31"])]), s => s.Start >= D(2, 1) && s.Start <= D(3, 31));
        await Check(B([new("start", "AtLeast", ["2026-04-01"])]), s => s.Start >= D(4, 1));
        await Check(B([new("start", "Less", ["2026-04-01"])]), s => s.Start < D(4, 1));
        await Check(B([new("end", "IsEmpty", [])]), s => s.End is null);
        await Check(B([new("end", "NotEquals", ["2026-06-30"])]), s => s.End != D(6, 30));
        await Check(B([new("amount", "AtMost", ["1000"])]), s => s.Amount <= 1000m);
        await Check(B([new("paid", "Greater", ["0"])]), s => s.Paid > 0);
        await Check(B([new("debt", "Greater", ["0"])]), s => s.Debt > 0);
        await Check(B([new("debt", "Between", ["100", "2000,5"])]), s => s.Debt is >= 100m and <= 2000.5m);
        await Check(B([new("advance", "AtLeast", ["1"])]), s => s.Advance >= 1m);
        await Check(B([new("overdue", "Equals", ["true"])]), s => s.Overdue && s.Status == DealStatus.Open);
        await Check(B([new("overdue", "Equals", ["false"])]), s => !(s.Overdue && s.Status == DealStatus.Open));
        await Check(B([new("responsible", "Equals", [other])]), s => !s.Mine);
        await Check(B([new("stage", "NotEquals", [S(stages[0])])]), s => s.Stage != stages[0]);

        // An old parameter ANDs with the builder's groups whatever their joins: one AND group, one OR group, ORed groups
        // (one of them ORing its own conditions).
        await Check($"Status=Open&{B([new("source", "Equals", [S(sources[1])])])}", s => s.Status == DealStatus.Open && s.Source == sources[1]);
        await Check($"HasDebt=true&{B([new("status", "Equals", ["Lost"]), new("source", "Equals", [S(sources[1])])], ["or"])}",
            s => s.Debt > 0 && (s.Status == DealStatus.Lost || s.Source == sources[1]));
        await Check($"Status=Open&{B([new("stage", "Equals", [S(stages[0])]), new("source", "IsEmpty", [], 1)], ["and", "and"], "or")}",
            s => s.Status == DealStatus.Open && (s.Stage == stages[0] || s.Source is null));
        await Check($"AmountFrom=1000&{B([new("status", "Equals", ["Won"]), new("overdue", "Equals", ["true"]), new("end", "IsEmpty", [], 1)], ["or", "and"], "or")}",
            s => s.Amount >= 1000m && (s.Status == DealStatus.Won || (s.Overdue && s.Status == DealStatus.Open) || s.End is null));

        // An old address comes back as conditions of the builder: no fixed box is left, and the links carry conditions.
        var page = await client.PageAsync($"/deals?Q={Uri.EscapeDataString(t)}&Status=Open&AmountFrom=1000");
        Assert.Null(page.QuerySelector("#Status"));
        Assert.Null(page.QuerySelector("#AmountFrom"));
        Assert.Equal(["status", "amount"], page.QuerySelectorAll("#filter-builder select[id$='-f']").Select(s => s.QuerySelector("option[selected]")?.GetAttribute("value")));
        Assert.Equal("AtLeast", page.QuerySelector("#c1-o option[selected]")!.GetAttribute("value"));
        Assert.Equal("1000", page.QuerySelector("#c1-v0")!.GetAttribute("value"));
        var sortLink = page.QuerySelector("#deals thead a[href*='Sort=amount']")!.GetAttribute("href")!;
        Assert.DoesNotContain("Status=", sortLink);
        Assert.Contains("c[1].f=amount", Uri.UnescapeDataString(sortLink));
        Assert.Equal(Listed(page), Listed(await client.PageAsync(sortLink.Replace("Sort=amount", "Sort=start"))));
    }
}

public sealed class DealListFilterMergeTestsSqlite(SqliteApp app) : DealListFilterMergeTests(app);
public sealed class DealListFilterMergeTestsPostgreSql(PostgreSqlApp app) : DealListFilterMergeTests(app);
