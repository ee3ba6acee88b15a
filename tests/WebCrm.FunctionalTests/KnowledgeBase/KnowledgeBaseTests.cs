using System.Net;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.KnowledgeBase;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.KnowledgeBase;

/// <summary>The knowledge base through its pages: rights, writing with history, sanitised Markdown, search on both providers.</summary>
public abstract class KnowledgeBaseTests(CrmApp app)
{
    protected Task<T> Db<T>(Func<CrmDbContext, Task<T>> query) => app.InDbAsync(query);

    protected async Task<CrmClient> UserAsync(IEnumerable<string> permissions) =>
        await app.SignedInAsync((await app.CreateUserAsync(permissions, "k")).UserName);

    protected static Task<HttpResponseMessage> Post(CrmClient client, string url, params (string Key, string Value)[] fields) =>
        client.PostFormAsync(url, fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)), "/knowledge");

    protected static async Task<int> WriteAsync(CrmClient editor, string title, string body, string? tags = null, int? categoryId = null)
    {
        var response = await Post(editor, "/knowledge/new", ("Title", title), ("Body", body), ("Tags", tags ?? ""), ("CategoryId", categoryId?.ToString() ?? ""));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(response.Headers.Location!.OriginalString.Split('/')[2]);
    }

    protected static async Task<List<string>> FoundTitlesAsync(CrmClient client, string q)
    {
        var page = await client.PageAsync("/knowledge?q=" + Uri.EscapeDataString(q));
        return page.QuerySelectorAll("#search-results li > a").Select(a => a.TextContent).ToList();
    }

    private static string[] Editor => [Permissions.KnowledgeBase.View, Permissions.KnowledgeBase.Edit];

    [Fact]
    public async Task Support_finds_an_answer_in_two_steps_a_reader_does_not_write_and_a_manager_without_the_right_is_refused()
    {
        var editor = await UserAsync(Editor);
        var token = CompanyFactory.Token();
        var id = await WriteAsync(editor, "Сброс пароля " + token, "Откройте **профиль** и нажмите «Сменить пароль».");
        var support = await UserAsync(RoleTemplates.Support.Permissions);
        // Two steps: the first page's search box, then the article.
        var first = await support.PageAsync("/knowledge");
        Assert.NotNull(first.QuerySelector("form#kb-search input[name=q]"));
        Assert.Equal(["Сброс пароля " + token], await FoundTitlesAsync(support, "пароль " + token));
        var article = await support.PageAsync($"/knowledge/{id}");
        Assert.Equal("профиль", article.QuerySelector("#article-body strong")!.TextContent);

        // KnowledgeBase.View alone reads but does not write.
        var reader = await UserAsync([Permissions.KnowledgeBase.View]);
        Assert.Null((await reader.PageAsync("/knowledge")).GetElementById("new-article"));
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/knowledge/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/knowledge/new")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Post(reader, "/knowledge/new", ("Title", "x"), ("Body", "y"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Post(reader, $"/knowledge/{id}/edit", ("Title", "x"), ("Body", "y"))).StatusCode);

        var manager = await UserAsync(RoleTemplates.Manager.Permissions.Where(p => !p.StartsWith("KnowledgeBase.")));
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync("/knowledge")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync($"/knowledge/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await support.GetAsync("/knowledge/999999999")).StatusCode);
    }

    [Fact]
    public async Task An_article_keeps_its_author_editor_category_tags_and_history_and_its_markdown_is_sanitised()
    {
        var editor = await UserAsync(Editor);
        var token = CompanyFactory.Token();
        Assert.Equal(HttpStatusCode.Redirect, (await Post(editor, "/knowledge/categories", ("Name", "Договоры " + token))).StatusCode);
        var parent = await Db(db => db.Set<ArticleCategory>().Where(c => c.Name == "Договоры " + token).Select(c => c.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await Post(editor, "/knowledge/categories", ("Name", "Продление " + token), ("ParentId", parent.ToString()))).StatusCode);
        var child = await Db(db => db.Set<ArticleCategory>().Where(c => c.Name == "Продление " + token).Select(c => c.Id).SingleAsync());

        var id = await WriteAsync(editor, "Как продлить " + token,
            "Шаги:\n\n<script>alert(1)</script>\n\n[портал](javascript:alert(2)) <img src=x onerror=alert(3)> <iframe src=\"https://x.test\"></iframe>",
            "Договор, ПРОДЛЕНИЕ, договор", child);
        var page = await editor.PageAsync($"/knowledge/{id}");
        var body = page.GetElementById("article-body")!;
        Assert.Empty(body.QuerySelectorAll("script, iframe"));
        Assert.DoesNotContain("javascript:", body.InnerHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("onerror", body.InnerHtml, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["Договоры " + token, "Продление " + token],
            page.GetElementById("article-path")!.QuerySelectorAll("span").Select(x => x.TextContent.Trim().TrimStart('/').Trim()));
        var stored = await Db(db => db.Set<Article>().AsNoTracking().SingleAsync(a => a.Id == id));
        Assert.Equal("договор, продление", stored.Tags);

        // The parent category lists its child's articles.
        var list = await editor.PageAsync($"/knowledge?category={parent}");
        Assert.NotNull(list.QuerySelector($"#article-list li[data-article='{id}']"));
        var byTag = await editor.PageAsync("/knowledge?tag=" + Uri.EscapeDataString("продление"));
        Assert.NotNull(byTag.QuerySelector($"#article-list li[data-article='{id}']"));

        // Another editor changes it: last editor and history by name.
        var second = await UserAsync(Editor);
        var form = await second.PageAsync($"/knowledge/{id}/edit");
        var stamp = form.QuerySelector("input[name=ConcurrencyStamp]")!.GetAttribute("value")!;
        Assert.Equal(HttpStatusCode.Redirect, (await Post(second, $"/knowledge/{id}/edit", ("Title", "Как продлить договор " + token), ("Body", "Новый текст"),
            ("ConcurrencyStamp", stamp), ("CategoryId", child.ToString()))).StatusCode);
        // The old stamp is refused: the other user's change is not overwritten.
        var stale = await Post(editor, $"/knowledge/{id}/edit", ("Title", "Stale"), ("Body", "x"), ("ConcurrencyStamp", stamp));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, stale.StatusCode);
        page = await editor.PageAsync($"/knowledge/{id}");
        var names = await Db(db => db.Set<Article>().Where(a => a.Id == id)
            .Select(a => new { Author = db.Users.Single(u => u.Id == a.CreatedById).DisplayName, Editor = db.Users.Single(u => u.Id == a.UpdatedById).DisplayName }).SingleAsync());
        Assert.NotEqual(names.Author, names.Editor);
        Assert.Contains(names.Author, page.Body!.TextContent);
        Assert.Contains(names.Editor, page.Body.TextContent);
        Assert.Contains("Как продлить " + token, page.GetElementById("history")!.TextContent);

        var invalid = await Post(editor, "/knowledge/new", ("Title", " "), ("Body", ""));
        var invalidPage = await CrmClient.ParseAsync(invalid);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.Equal("Enter a title.", invalidPage.GetElementById("Title-error")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_word_form_finds_the_article_and_a_title_match_ranks_first()
    {
        var editor = await UserAsync(Editor);
        var token = CompanyFactory.Token();
        await WriteAsync(editor, "Условия оплаты " + token, "По договору оплата в течение 5 дней. Договор, договор и ещё раз договор; договоры подписывает директор.");
        await WriteAsync(editor, "Договор поставки " + token, "Общие положения.");
        await WriteAsync(editor, "Доставка " + token, "Курьер привозит товар.");

        var found = await FoundTitlesAsync(editor, "договоры " + token);
        Assert.Equal(["Договор поставки " + token, "Условия оплаты " + token], found);
        var page = await editor.PageAsync("/knowledge?q=" + Uri.EscapeDataString("договоры " + token));
        Assert.NotNull(page.QuerySelector("#search-results .snippet mark"));
        Assert.Empty(await FoundTitlesAsync(editor, "самолёт " + token));
    }
}

public sealed class KnowledgeBaseTestsSqlite(SqliteApp app) : KnowledgeBaseTests(app);

public sealed class KnowledgeBaseTestsPostgreSql(PostgreSqlApp app) : KnowledgeBaseTests(app)
{
    [Fact]
    public async Task PostgreSql_search_uses_russian_and_english_stems()
    {
        var editor = await UserAsync(["KnowledgeBase.View", "KnowledgeBase.Edit"]);
        var token = CompanyFactory.Token();
        await WriteAsync(editor, "Invoices " + token, "How the accountant issues an invoice after shipping.");
        await WriteAsync(editor, "Счета " + token, "Бухгалтер выставляет счёт после отгрузки товаров.");
        Assert.Equal(["Invoices " + token], await FoundTitlesAsync(editor, "invoicing " + token));
        Assert.Equal(["Счета " + token], await FoundTitlesAsync(editor, "отгрузка товара " + token));
    }

    [Fact]
    public async Task PostgreSql_articles_keep_the_search_index_and_no_title_index_the_search_does_not_use()
    {
        var indexes = await Db(db => db.Database.SqlQuery<string>($"SELECT indexname AS \"Value\" FROM pg_indexes WHERE tablename = 'Articles'").ToListAsync());
        Assert.Contains("IX_Articles_SearchVector", indexes);
        Assert.DoesNotContain("IX_Articles_TitleVector", indexes);
        // The title's vector itself stays: the search reads it to put title matches first.
        Assert.Equal(1, await Db(db => db.Database.SqlQuery<int>(
            $"SELECT count(*)::int AS \"Value\" FROM information_schema.columns WHERE table_name = 'Articles' AND column_name = 'TitleVector'").SingleAsync()));
    }

    [Fact]
    public async Task PostgreSql_an_old_title_match_still_ranks_first_among_more_body_matches_than_are_ranked()
    {
        var editor = await UserAsync(["KnowledgeBase.View", "KnowledgeBase.Edit"]);
        var token = CompanyFactory.Token();
        await WriteAsync(editor, "Гарантия " + token, "Срок гарантии.");
        // More newer articles that mention the word only in their text than the search ranks (ArticleSearch.Candidates).
        await Db(db => db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Articles" ("Title", "Body", "Tags", "CreatedAtUtc", "UpdatedAtUtc", "ConcurrencyStamp")
            SELECT 'Заметка ' || g || ' ' || {token}, 'Про гарантию и ремонт ' || {token}, '', now() + g * interval '1 second', now() + g * interval '1 second', gen_random_uuid()
            FROM generate_series(1, 520) g
            """));
        var found = await FoundTitlesAsync(editor, "гарантия " + token);
        Assert.Equal(20, found.Count);
        Assert.Equal("Гарантия " + token, found[0]);
        Assert.Equal(19, found.Skip(1).Count(t => t.StartsWith("Заметка ", StringComparison.Ordinal)));
    }
}
