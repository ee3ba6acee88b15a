using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Deals;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Ui;

/// <summary>The home page's tiles (each only the user's own and visible records), Russian by default, lists with symbols and page sizes.</summary>
public abstract class HomeAndListsTests(CrmApp app)
{
    private static decimal Value(IElement e) => decimal.Parse(e.GetAttribute("data-value")!, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Home_shows_my_deals_by_stage_my_overdue_stages_my_receivables_and_birthdays_this_week_and_nothing_of_others()
    {
        var (me, myName) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        var (other, _) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        var t = CompanyFactory.Token();
        var mine = await app.CreateCompanyAsync(me, $"{t} mine");
        var second = await app.CreateCompanyAsync(me, $"{t} second");
        var theirs = await app.CreateCompanyAsync(other, $"{t} theirs");
        var today = DateOnly.FromDateTime(DateTime.Now);
        var weekStart = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var (first, next) = await app.InDbAsync(async db =>
        {
            var rub = await db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync();
            var stages = await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.DealStage && r.IsActive).OrderBy(r => r.SortOrder).Select(r => r.Id).Take(2).ToListAsync();
            Deal New(int company, string responsible, string title, int stage, decimal amount, DealStatus status = DealStatus.Open, decimal debt = 0) => new()
            {
                CompanyId = company, ResponsibleId = responsible, Title = $"{t} {title}", StartDate = today.AddDays(-30), CurrencyId = rub, Status = status,
                LinesTotal = amount, Debt = debt, ShippedTotal = debt, CloseDate = status == DealStatus.Open ? null : today.AddDays(-1),
                Stages = [new DealStage { StageId = stage, ResponsibleId = responsible, PlannedEnd = title == "late" ? today.AddDays(-3) : today.AddDays(5) }],
                CurrentStageId = stage,
            };
            db.Deals.AddRange(
                New(mine.Id, me, "late", stages[0], 100.50m), New(mine.Id, me, "a", stages[0], 200m), New(second.Id, me, "b", stages[1], 1000m),
                New(mine.Id, me, "won", stages[1], 700m, DealStatus.Won, debt: 700m), New(second.Id, me, "won2", stages[1], 300m, DealStatus.Won, debt: 250m),
                New(theirs.Id, other, "theirs", stages[0], 5000m), New(theirs.Id, other, "their debt", stages[1], 900m, DealStatus.Won, debt: 900m));
            db.ContactPersons.AddRange(
                new ContactPerson { CompanyId = mine.Id, FullName = $"{t} Именинник", Birthday = new DateOnly(1980, weekStart.AddDays(2).Month, weekStart.AddDays(2).Day) },
                new ContactPerson { CompanyId = mine.Id, FullName = $"{t} Позже", Birthday = new DateOnly(1980, weekStart.AddDays(9).Month, weekStart.AddDays(9).Day) },
                new ContactPerson { CompanyId = theirs.Id, FullName = $"{t} Чужой", Birthday = new DateOnly(1981, weekStart.Month, weekStart.Day) });
            await db.SaveChangesAsync();
            return (stages[0], stages[1]);
        });
        var client = await app.SignedInAsync(myName);
        var home = await client.PageAsync("/");

        // Open deals by stage: first stage 2 deals (100.50 + 200), second 1 deal (1000); won and others' deals left out.
        var rows = home.QuerySelectorAll("#deals-by-stage tbody tr");
        Assert.Equal([2, 1], rows.Select(r => int.Parse(r.GetAttribute("data-count")!)).ToArray());
        Assert.Equal([300.50m, 1000m], rows.Select(r => Value(r.QuerySelector("td[data-value]")!)).ToArray());
        Assert.Contains("2 deals", rows[0].TextContent);
        Assert.Contains("1 deal", rows[1].TextContent);

        // The overdue stage is his "late" deal, three days late.
        var late = Assert.Single(home.QuerySelectorAll("#overdue-stages tbody tr"));
        Assert.Contains($"{t} late", late.TextContent);
        Assert.Contains("3 days late", late.TextContent);

        // Receivables: his two companies, biggest first (700, 250); the other manager's 900 is not his.
        var debts = home.QuerySelectorAll("#receivables tbody tr");
        Assert.Equal([mine.Id, second.Id], debts.Select(r => int.Parse(r.GetAttribute("data-company")!)).ToArray());
        Assert.Equal([700m, 250m], debts.Select(r => Value(r.QuerySelector("td[data-value]")!)).ToArray());
        Assert.Contains("₽", debts[0].TextContent);

        // Birthdays this week: only his contact person whose birthday falls in this week.
        var birthdays = home.QuerySelectorAll("#birthdays tbody tr");
        Assert.Equal([$"{t} Именинник"], birthdays.Select(r => r.QuerySelector(".fw-semibold")!.TextContent));
    }

    [Fact]
    public async Task A_browser_that_asks_for_no_language_gets_russian_and_the_date_has_one_dot()
    {
        var (_, name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        var client = app.ClientWithoutLanguage();
        var login = await client.PageAsync("/account/login");
        Assert.Equal("ru", login.DocumentElement.GetAttribute("lang"));
        Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(name, CrmApp.Password)).StatusCode);
        var home = await client.PageAsync("/");
        var text = home.QuerySelector("main")!.TextContent;
        Assert.Contains("Сегодня", text);
        Assert.DoesNotContain("..", text);
        Assert.Contains(DateTime.Now.Year + ".", text);
    }

    [Fact]
    public async Task The_company_list_sorts_by_debt_under_a_russian_ui_and_offers_page_sizes()
    {
        var (me, name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        var t = CompanyFactory.Token();
        for (var i = 0; i < 30; i++)
        {
            await app.CreateCompanyAsync(me, $"{t} {i:00}");
        }
        var client = await app.SignedInAsync(name);
        client.Http.DefaultRequestHeaders.AcceptLanguage.Clear();
        client.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ru");
        // Sorting by a computed decimal made SQLite parse "0.0" with the Russian culture (and crash the process).
        var sorted = await client.PageAsync($"/clients?q={t}&sort=debt&desc=true&size=25");
        Assert.Equal(25, sorted.QuerySelectorAll("#companies tbody tr[data-id]").Length);
        Assert.Equal("descending", sorted.QuerySelector("#companies th[aria-sort]")!.GetAttribute("aria-sort"));
        Assert.Contains("0,00\u00a0₽", sorted.QuerySelector("#companies td.debt")!.TextContent);
        Assert.Contains("1–25", sorted.QuerySelector("#row-count")!.TextContent);
        Assert.Contains("30", sorted.QuerySelector("#row-count")!.TextContent);
        var next = sorted.QuerySelector(".pagination a[rel=next]")!.GetAttribute("href")!;
        Assert.Contains("size=25", next);
        var page2 = await client.PageAsync(next);
        Assert.Equal(5, page2.QuerySelectorAll("#companies tbody tr[data-id]").Length);
        // A size that is not offered falls back to the default.
        Assert.Equal(30, (await client.PageAsync($"/clients?q={t}&size=7")).QuerySelectorAll("#companies tbody tr[data-id]").Length);
    }
}

public sealed class HomeAndListsTestsSqlite(SqliteApp app) : HomeAndListsTests(app);
public sealed class HomeAndListsTestsPostgreSql(PostgreSqlApp app) : HomeAndListsTests(app);
