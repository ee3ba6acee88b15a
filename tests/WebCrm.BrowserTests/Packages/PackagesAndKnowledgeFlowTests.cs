using Microsoft.Playwright;
using WebCrm.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace WebCrm.BrowserTests.Packages;

/// <summary>
/// Packages and the knowledge base in a real browser: a package sent from a company card to its contact person reaches
/// the test's SMTP server and shows as delivered in the card's "Information materials sent"; an article with a file is
/// found by full-text search, opened, and linked to the company, whose card then lists it; accessibility and phone width.
/// </summary>
public sealed class PackagesAndKnowledgeFlowTests(CrmServer server, CrmBrowser browser) : BrowserTest(server, browser)
{
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj\n"u8.ToArray();

    [Fact]
    public async Task A_package_sent_from_the_card_is_delivered_and_an_article_is_found_opened_and_linked_to_the_company()
    {
        var token = "Pk" + Guid.NewGuid().ToString("N")[..8];
        var company = $"ООО Ландыш {token}";
        await SignInAsync("director");

        // A material with a file, and a package holding it.
        await GoAsync("/packages/materials/new");
        await Page.FillAsync("#Title", $"Прайс {token}");
        await Page.FillAsync("#SubjectRu", "Предложение для {company}");
        await Page.FillAsync("#BodyRu", "Здравствуйте, {contact}!");
        await Page.FillAsync("#SubjectEn", "Предложение для {company}");
        await Page.FillAsync("#BodyEn", "Здравствуйте, {contact}!");
        await Page.SetInputFilesAsync("#Files", new FilePayload { Name = "Прайс.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await Page.ClickAsync("main form button[type=submit]");
        await Expect(Page).ToHaveURLAsync(Server.Url("/packages"));
        await GoAsync("/packages/new");
        await Page.FillAsync("#Name", $"Пакет {token}");
        await Page.Locator("[data-material]").Filter(new() { HasText = $"Прайс {token}" }).Locator("input").FillAsync("1");
        await Page.ClickAsync("main form button[type=submit]");
        await Expect(Page).ToHaveURLAsync(Server.Url("/packages"));

        // A company with its first contact person, then the package sent from its card.
        await GoAsync("/clients/new");
        await Page.FillAsync("#Name", company);
        await Page.FillAsync("[id='FirstContact.FullName']", "Анна Смирнова");
        await Page.FillAsync("[id='FirstContact.Email']", $"anna.{token.ToLowerInvariant()}@example.test");
        await Page.ClickAsync("main form button[type=submit]");
        await Expect(Page.Locator("#company-name")).ToHaveTextAsync(company);
        var companyUrl = Page.Url.Split('?')[0];
        await Page.ClickAsync("#tab-materials-link");
        await Page.ClickAsync("#send-package");
        await Page.SelectOptionAsync("#PackageId", new SelectOptionValue { Label = $"Пакет {token}" });
        await Page.CheckAsync("#send-form input[name=ContactIds]");
        await Page.ClickAsync("#preview");
        await Expect(Page.Locator(".letter-preview .preview-subject")).ToHaveTextAsync($"Предложение для {company}");
        await Expect(Page.Locator(".letter-preview .preview-body")).ToHaveTextAsync("Здравствуйте, Анна Смирнова!");
        await AssertAccessibleAsync("send form with its preview");
        await Page.SetViewportSizeAsync(390, 800);
        await AssertNoSidewaysScrollAsync("send form with its preview");
        await Page.SetViewportSizeAsync(1280, 800);
        await Page.ClickAsync("#send");

        // The letter reaches the SMTP server, and the card's section says it was delivered.
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!Server.Mail.Received.Any(m => m.Subject == $"Предложение для {company}") && DateTime.UtcNow < until)
        {
            await Task.Delay(200);
        }
        var letter = Assert.Single(Server.Mail.Received, m => m.Subject == $"Предложение для {company}");
        Assert.Equal($"anna.{token.ToLowerInvariant()}@example.test", letter.To.Mailboxes.Single().Address);
        Assert.Equal(["Прайс.pdf"], letter.Attachments.OfType<MimeKit.MimePart>().Select(a => a.FileName));
        var delivered = Page.Locator("#sent-letters tr[data-state=Sent]");
        for (var i = 0; i < 50 && await delivered.CountAsync() == 0; i++)
        {
            await Task.Delay(200);
            await Page.GotoAsync(companyUrl + "?tab=materials");
        }
        await Expect(delivered).ToContainTextAsync("Анна Смирнова");
        await Expect(delivered).ToContainTextAsync($"Пакет {token}");
        await AssertAccessibleAsync("company card, materials sent");

        // An article with a file, found by a word form of its text, opened from the results.
        await GoAsync("/knowledge/new");
        await Page.FillAsync("#Title", $"Возврат товара {token}");
        await Page.FillAsync("#Body", $"Клиент оформляет **возврат** по заявке {token}; срок рассмотрения претензии — 10 дней.");
        await Page.SetInputFilesAsync("#Files", new FilePayload { Name = "Бланк претензии.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await AssertAccessibleAsync("article form");
        await Page.ClickAsync("main form button[type=submit]");
        await Expect(Page.Locator("#article-title")).ToHaveTextAsync($"Возврат товара {token}");
        await Expect(Page.Locator("#article-attachments")).ToContainTextAsync("Бланк претензии.pdf");
        await GoAsync("/knowledge");
        await Page.FillAsync("#q", $"претензии {token}");
        await Page.PressAsync("#q", "Enter");
        var hit = Page.Locator("#search-results li a").First;
        await Expect(hit).ToHaveTextAsync($"Возврат товара {token}");
        await Expect(Page.Locator("#search-results .snippet mark").First).ToBeVisibleAsync();
        await AssertAccessibleAsync("search results");
        await hit.ClickAsync();
        await Expect(Page.Locator("#article-title")).ToHaveTextAsync($"Возврат товара {token}");
        await Expect(Page.Locator("#article-body strong")).ToHaveTextAsync("возврат");
        await AssertAccessibleAsync("article");
        var articleUrl = Page.Url.Split('?')[0];

        // The article linked to the company; the company's card lists it.
        await Page.ClickAsync("#edit-links");
        await Page.SelectOptionAsync("#kind", "Company");
        await Page.FillAsync("#q", token);
        await Page.ClickAsync("#link-search button[type=submit]");
        await Page.Locator("#link-candidates li").Filter(new() { HasText = company }).Locator("button").ClickAsync();
        await Expect(Page.Locator("#article-links")).ToContainTextAsync(company);
        await AssertAccessibleAsync("article links");
        await Page.GotoAsync(articleUrl);
        await Expect(Page.Locator("#article-links a")).ToHaveTextAsync(company);
        await Page.GotoAsync(companyUrl);
        await Page.ClickAsync("#tab-articles-link");
        await Expect(Page.Locator("#linked-articles")).ToContainTextAsync($"Возврат товара {token}");

        // The same pages on a phone.
        await Page.SetViewportSizeAsync(390, 800);
        foreach (var url in new[] { articleUrl, articleUrl + "/links", articleUrl + "/edit", companyUrl + "?tab=materials" })
        {
            await Page.GotoAsync(url);
            await Expect(Page.Locator("main h1").First).ToBeAttachedAsync();
            await AssertNoSidewaysScrollAsync(url);
        }
    }

    [Theory]
    [InlineData("/packages")]
    [InlineData("/packages/materials/new")]
    [InlineData("/packages/new")]
    [InlineData("/knowledge")]
    [InlineData("/knowledge?q=договор")]
    [InlineData("/knowledge/new")]
    public async Task Packages_and_knowledge_pages_fit_a_390px_screen_and_pass_axe(string path)
    {
        await Page.SetViewportSizeAsync(390, 800);
        await SignInAsync("director");
        await GoAsync(path);
        await Expect(Page.Locator("main h1")).ToBeVisibleAsync();
        await AssertNoSidewaysScrollAsync(path);
        await AssertAccessibleAsync(path);
    }
}
