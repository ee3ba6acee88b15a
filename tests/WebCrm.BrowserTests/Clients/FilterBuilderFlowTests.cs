using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WebCrm.BrowserTests.Infrastructure;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Reference;
using static Microsoft.Playwright.Assertions;

namespace WebCrm.BrowserTests.Clients;

/// <summary>Steps of the server-rendered filter builder, whose changes htmx swaps in place.</summary>
public static class FilterBuilderSteps
{
    /// <summary>Does the action and waits until the builder it triggered has been replaced by the server's answer and settled.</summary>
    public static async Task InPlaceAsync(IPage page, Func<Task> action)
    {
        await page.EvaluateAsync("() => { document.getElementById('filter-builder').dataset.old = '1'; }");
        await action();
        await Expect(page.Locator("#filter-builder:not([data-old])")).ToBeAttachedAsync();
        await Expect(page.Locator(".htmx-settling, .htmx-swapping, .htmx-request")).ToHaveCountAsync(0);
    }
}

/// <summary>A manager builds a two-group filter (an OR group AND a contact-person condition) on the company list.</summary>
public sealed class FilterBuilderFlowTests(CrmServer server, CrmBrowser browser) : BrowserTest(server, browser)
{
    [Fact]
    public async Task A_two_group_filter_finds_what_a_direct_computation_finds()
    {
        var t = "Fb" + Guid.NewGuid().ToString("N")[..8];
        int region;
        var specs = new[] { ("A", "Москва", false, false), ("B", "Казань", true, true), ("C", "Москва", false, true), ("D", "Самара", false, true) };
        using (var scope = Server.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var me = await db.Users.Where(u => u.UserName == "manager1").Select(u => u.Id).SingleAsync();
            region = await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.Region && r.IsActive).OrderBy(r => r.SortOrder).ThenBy(r => r.Id).Select(r => r.Id).FirstAsync();
            foreach (var (suffix, city, inRegion, withEmail) in specs)
            {
                var company = new Company { Name = $"{t} {suffix}", City = city, RegionId = inRegion ? region : null, ResponsibleId = me };
                if (withEmail)
                {
                    company.Contacts.Add(new ContactPerson { FullName = $"Контакт {suffix}", Email = $"{suffix.ToLowerInvariant()}@{t.ToLowerInvariant()}.ru" });
                }
                db.Companies.Add(company);
            }
            await db.SaveChangesAsync();
        }
        // (city is Moscow OR region is the first region) AND a contact person has an email.
        var expected = specs.Where(s => (s.Item2 == "Москва" || s.Item3) && s.Item4).Select(s => $"{t} {s.Item1}").Order().ToArray();

        await SignInAsync("manager1");
        await GoAsync("/clients?q=" + t);
        await FilterBuilderSteps.InPlaceAsync(Page, () => Page.ClickAsync("#fb-add-0"));
        await FilterBuilderSteps.InPlaceAsync(Page, () => Page.Locator("#c0-f").SelectOptionAsync("city"));
        await FilterBuilderSteps.InPlaceAsync(Page, () => Page.Locator("#c0-o").SelectOptionAsync("Equals"));
        await Page.Locator("#c0-v0").FillAsync("Москва");
        await FilterBuilderSteps.InPlaceAsync(Page, () => Page.ClickAsync("#fb-add-0"));
        await FilterBuilderSteps.InPlaceAsync(Page, () => Page.Locator("#c1-f").SelectOptionAsync("region"));
        await Page.Locator("#c1-v0").SelectOptionAsync(region.ToString());
        await Page.Locator("#fb-g0").SelectOptionAsync("or");
        await FilterBuilderSteps.InPlaceAsync(Page, () => Page.ClickAsync("#fb-add-group"));
        await FilterBuilderSteps.InPlaceAsync(Page, () => Page.Locator("#c2-f").SelectOptionAsync("contactEmail"));
        await FilterBuilderSteps.InPlaceAsync(Page, () => Page.Locator("#c2-o").SelectOptionAsync("IsNotEmpty"));
        // What was typed and chosen before the in-place updates is still there.
        await Expect(Page.Locator("#c0-v0")).ToHaveValueAsync("Москва");
        await Expect(Page.Locator("#fb-g0")).ToHaveValueAsync("or");
        await Expect(Page.Locator("#fb-j")).ToHaveValueAsync("and");
        await Page.ClickAsync("#filter-form button[type=submit]:has-text('Find')");

        var rows = Page.Locator("#companies tbody tr[data-id] td:first-child");
        await Expect(rows).ToHaveCountAsync(expected.Length);
        Assert.Equal(expected, (await rows.AllInnerTextsAsync()).Select(n => n.Trim()).Order().ToArray());
        await Expect(Page.Locator("#filter-builder .filter-group")).ToHaveCountAsync(2);
        await AssertAccessibleAsync("filter builder with two groups");
    }
}
