using System.Net;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Calendar;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Calendar;

/// <summary>History and plans on the company card, contact person and deal card; the home agenda; the company list's contact-date filters.</summary>
public abstract class CardHistoryTests(CrmApp app)
{
    private async Task<(string Id, CrmClient Client)> ManagerAsync()
    {
        var (id, name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions);
        return (id, await app.SignedInAsync(name));
    }

    private static string[] Ids(AngleSharp.Html.Dom.IHtmlDocument page, string table) =>
        page.QuerySelectorAll($"#{table} tbody tr[data-id]").Select(r => r.GetAttribute("data-id")!).ToArray();

    [Fact]
    public async Task The_company_card_lists_past_contacts_and_plans_newest_first_with_a_type_filter_and_only_visible_activities()
    {
        var (m1, c1) = await ManagerAsync();
        var (m2, _) = await ManagerAsync();
        var t = CompanyFactory.Token();
        var company = await app.CreateCompanyAsync(m1, $"{t} co");
        var now = DateTime.UtcNow;
        var old = await app.CreateActivityAsync(m1, $"{t} old call", now.AddDays(-30), a => a.MarkDone("called", now), "call");
        var recent = await app.CreateActivityAsync(m1, $"{t} recent meeting", now.AddDays(-2), a => a.MarkDone("met", now));
        var plan = await app.CreateActivityAsync(m1, $"{t} plan", now.AddDays(3));
        var later = await app.CreateActivityAsync(m1, $"{t} later plan", now.AddDays(10), type: "call");
        var colleagues = await app.CreateActivityAsync(m2, $"{t} colleague's", now.AddDays(-1), a => a.MarkDone("x", now));
        foreach (var a in new[] { old, recent, plan, later, colleagues })
        {
            await app.InDbAsync(async db => { db.Activities.Attach(a).Entity.CompanyId = company.Id; return await db.SaveChangesAsync(); });
        }
        // In the card when its tab is open (no JavaScript needed); otherwise htmx loads the same section alone.
        var card = await c1.PageAsync($"/clients/{company.Id}?tab=activities");
        Assert.Equal([recent.Id.ToString(), old.Id.ToString()], Ids(card, "activity-history"));
        var alone = await c1.PageAsync($"/calendar/history/section?companyId={company.Id}");
        Assert.Equal([recent.Id.ToString(), old.Id.ToString()], Ids(alone, "activity-history"));
        Assert.Equal([later.Id.ToString(), plan.Id.ToString()], Ids(alone, "activity-plans"));
        Assert.Equal($"/clients/{company.Id}#activities", alone.QuerySelector("#history-filter")!.GetAttribute("action"));
        Assert.Equal([later.Id.ToString(), plan.Id.ToString()], Ids(card, "activity-plans"));
        Assert.Contains($"/calendar/activities/new?companyId={company.Id}", card.QuerySelector("#plan-activity")!.GetAttribute("href"));
        var callType = await app.TypeIdAsync("call");
        var calls = await c1.PageAsync($"/clients/{company.Id}?tab=activities&atype={callType}");
        Assert.Equal([old.Id.ToString()], Ids(calls, "activity-history"));
        Assert.Equal([later.Id.ToString()], Ids(calls, "activity-plans"));
        // The full page; another manager's company answers 404 there.
        Assert.Equal(2, Ids(await c1.PageAsync($"/calendar/history?companyId={company.Id}"), "activity-history").Length);
        var other = await app.CreateCompanyAsync(m2, $"{t} other");
        Assert.Equal(HttpStatusCode.NotFound, (await c1.GetAsync($"/calendar/history?companyId={other.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c1.GetAsync($"/calendar/history/section?companyId={other.Id}")).StatusCode);
    }

    [Fact]
    public async Task The_deal_card_and_the_contact_person_show_theirs_and_the_home_page_shows_today_and_overdue()
    {
        var (m1, c1) = await ManagerAsync();
        var t = CompanyFactory.Token();
        var company = await app.CreateCompanyAsync(m1, $"{t} co");
        var contact = await app.InDbAsync(async db =>
        {
            var p = new WebCrm.Domain.Clients.ContactPerson { CompanyId = company.Id, FullName = $"{t} Ivanov" };
            db.ContactPersons.Add(p);
            await db.SaveChangesAsync();
            return p;
        });
        var now = DateTime.UtcNow;
        var withContact = await app.CreateActivityAsync(m1, $"{t} with contact", now.AddHours(1), a => { a.CompanyId = company.Id; a.ContactPersonId = contact.Id; });
        var overdue = await app.CreateActivityAsync(m1, $"{t} forgotten", now.AddDays(-3));
        var contactPage = await c1.PageAsync($"/clients/{company.Id}/contacts/{contact.Id}/edit");
        Assert.Equal([withContact.Id.ToString()], Ids(contactPage, "activity-plans"));
        var home = await c1.PageAsync("/");
        Assert.Contains($"{t} forgotten", home.QuerySelector("#agenda-overdue")!.TextContent);
        Assert.NotNull(home.QuerySelector($"#agenda a[href='/calendar/activities/{overdue.Id}']"));
    }

    [Fact]
    public async Task Planning_from_the_contact_person_and_the_deal_card_opens_the_form_with_their_links_and_a_hidden_record_is_not_filled_in()
    {
        var (m1, c1) = await ManagerAsync();
        var (m2, _) = await ManagerAsync();
        var t = CompanyFactory.Token();
        var company = await app.CreateCompanyAsync(m1, $"{t} co");
        var others = await app.CreateCompanyAsync(m2, $"{t} someone else's");
        var (contact, deal) = await app.InDbAsync(async db =>
        {
            var rub = await db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync();
            var p = new WebCrm.Domain.Clients.ContactPerson { CompanyId = company.Id, FullName = $"{t} Petrova" };
            var d = new WebCrm.Domain.Deals.Deal { CompanyId = company.Id, ResponsibleId = m1, Title = $"{t} supply", StartDate = new DateOnly(2026, 1, 1), CurrencyId = rub };
            db.AddRange(p, d);
            await db.SaveChangesAsync();
            return (p, d);
        });
        var (hiddenContact, hiddenDeal) = await app.InDbAsync(async db =>
        {
            var rub = await db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync();
            var p = new WebCrm.Domain.Clients.ContactPerson { CompanyId = others.Id, FullName = $"{t} Hidden" };
            var d = new WebCrm.Domain.Deals.Deal { CompanyId = others.Id, ResponsibleId = m2, Title = $"{t} hidden deal", StartDate = new DateOnly(2026, 1, 1), CurrencyId = rub };
            db.AddRange(p, d);
            await db.SaveChangesAsync();
            return (p, d);
        });
        static string? Selected(AngleSharp.Html.Dom.IHtmlDocument form, string select) => form.QuerySelector($"#{select} option[selected]")?.GetAttribute("value");

        // The contact person's page: its "plan" link, and the form it opens has the company and the contact chosen.
        var contactPage = await c1.PageAsync($"/clients/{company.Id}/contacts/{contact.Id}/edit");
        var fromContact = contactPage.QuerySelector("#plan-activity")!.GetAttribute("href")!;
        Assert.Equal($"/calendar/activities/new?contactId={contact.Id}", fromContact);
        var form = await c1.PageAsync(fromContact);
        Assert.Equal(company.Id.ToString(), form.QuerySelector("#CompanyId")!.GetAttribute("value"));
        Assert.Equal($"{t} co", form.QuerySelector("#CompanySearch")!.GetAttribute("value"));
        Assert.Equal(contact.Id.ToString(), Selected(form, "ContactPersonId"));
        Assert.Null(Selected(form, "DealId"));

        // The deal card's section: the form has the company and the deal chosen.
        var dealSection = await c1.PageAsync($"/calendar/history/section?dealId={deal.Id}");
        var fromDeal = dealSection.QuerySelector("#plan-activity")!.GetAttribute("href")!;
        Assert.Equal($"/calendar/activities/new?dealId={deal.Id}", fromDeal);
        form = await c1.PageAsync(fromDeal);
        Assert.Equal(company.Id.ToString(), form.QuerySelector("#CompanyId")!.GetAttribute("value"));
        Assert.Equal(deal.Id.ToString(), Selected(form, "DealId"));
        Assert.Null(Selected(form, "ContactPersonId"));

        // Saved from that form, the activity keeps the links and shows in the deal's plans.
        var page = "/calendar/activities/new";
        var fields = CalendarFixtures.Form(await app.TypeIdAsync("call"), $"{t} follow-up", "2027-04-05");
        fields["CompanyId"] = company.Id.ToString();
        fields["DealId"] = deal.Id.ToString();
        Assert.Equal(HttpStatusCode.Redirect, (await c1.PostFormAsync(page, fields, fromDeal)).StatusCode);
        var saved = await app.InDbAsync(db => db.Activities.SingleAsync(a => a.Subject == $"{t} follow-up"));
        Assert.Equal((company.Id, (int?)deal.Id, (int?)null), (saved.CompanyId!.Value, saved.DealId, saved.ContactPersonId));
        Assert.Equal([saved.Id.ToString()], Ids(await c1.PageAsync($"/calendar/history/section?dealId={deal.Id}"), "activity-plans"));

        // Another manager's contact person or deal in the address: the form opens with no links rather than naming them.
        foreach (var forged in new[] { $"contactId={hiddenContact.Id}", $"dealId={hiddenDeal.Id}", $"companyId={others.Id}" })
        {
            form = await c1.PageAsync($"{page}?{forged}");
            Assert.True(string.IsNullOrEmpty(form.QuerySelector("#CompanyId")!.GetAttribute("value")), forged);
            Assert.True(string.IsNullOrEmpty(form.QuerySelector("#CompanySearch")!.GetAttribute("value")), forged);
            Assert.DoesNotContain($"{t} someone else's", form.Body!.TextContent);
            Assert.DoesNotContain($"{t} Hidden", form.Body!.TextContent);
            Assert.DoesNotContain($"{t} hidden deal", form.Body!.TextContent);
        }
    }

    [Fact]
    public async Task The_company_list_filters_on_the_last_contact_date_and_the_next_planned_contact()
    {
        var (m1, c1) = await ManagerAsync();
        var t = CompanyFactory.Token();
        var contacted = await app.CreateCompanyAsync(m1, $"{t} contacted");
        var planned = await app.CreateCompanyAsync(m1, $"{t} planned");
        var never = await app.CreateCompanyAsync(m1, $"{t} never");
        var now = DateTime.UtcNow;
        await app.CreateActivityAsync(m1, $"{t} a", new DateTime(2025, 6, 10, 10, 0, 0, DateTimeKind.Utc), a => { a.CompanyId = contacted.Id; a.MarkDone(null, now); });
        await app.CreateActivityAsync(m1, $"{t} b", new DateTime(2025, 1, 10, 10, 0, 0, DateTimeKind.Utc), a => { a.CompanyId = contacted.Id; a.MarkDone(null, now); });
        await app.CreateActivityAsync(m1, $"{t} c", now.AddDays(5), a => a.CompanyId = planned.Id);
        await app.CreateActivityAsync(m1, $"{t} d", now.AddDays(-5), a => a.CompanyId = planned.Id); // planned but past: not "next"
        string Names(AngleSharp.Html.Dom.IHtmlDocument page) => string.Join(",", page.QuerySelectorAll("#companies tbody tr[data-id] td:first-child").Select(td => td.TextContent.Trim()).Order());
        var q = $"/clients?q={t}";
        Assert.Equal($"{t} contacted", Names(await c1.PageAsync($"{q}&c[0].f=lastContact&c[0].o=Equals&c[0].v=2025-06-10")));
        Assert.Equal("", Names(await c1.PageAsync($"{q}&c[0].f=lastContact&c[0].o=Less&c[0].v=2025-06-01")));
        Assert.Equal($"{t} contacted", Names(await c1.PageAsync($"{q}&c[0].f=lastContact&c[0].o=Between&c[0].v=2025-06-01&c[0].v=2025-06-30")));
        Assert.Equal($"{t} never,{t} planned", Names(await c1.PageAsync($"{q}&c[0].f=lastContact&c[0].o=IsEmpty")));
        var day = DateOnly.FromDateTime(now.AddDays(5).ToLocalTime());
        Assert.Equal($"{t} planned", Names(await c1.PageAsync($"{q}&c[0].f=nextContact&c[0].o=Between&c[0].v={day.AddDays(-1):yyyy-MM-dd}&c[0].v={day.AddDays(1):yyyy-MM-dd}")));
        Assert.Equal($"{t} contacted,{t} never", Names(await c1.PageAsync($"{q}&c[0].f=nextContact&c[0].o=IsEmpty")));
        // A bad date is reported, not a 500.
        Assert.Equal(HttpStatusCode.OK, (await c1.GetAsync($"{q}&c[0].f=nextContact&c[0].o=Equals&c[0].v=notadate")).StatusCode);
    }
}

public sealed class CardHistoryTestsSqlite(SqliteApp app) : CardHistoryTests(app);
public sealed class CardHistoryTestsPostgreSql(PostgreSqlApp app) : CardHistoryTests(app);
