using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using WebCrm.Domain.Deals;
using WebCrm.Domain.KnowledgeBase;
using WebCrm.Domain.Reference;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.KnowledgeBase;

/// <summary>
/// An article's attachments (checked by content, downloaded only by readers through their own article) and its links to
/// companies, products and deals (only records the editor sees; a reader sees only the linked records he may see; the
/// company and deal cards list the articles linked to them).
/// </summary>
public abstract class ArticleFilesAndLinksTests(CrmApp app)
{
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj\n% инструкция\n"u8.ToArray();

    private async Task<(string Id, CrmClient Client)> UserAsync(IEnumerable<string> permissions)
    {
        var (id, name) = await app.CreateUserAsync(permissions, "kf");
        return (id, await app.SignedInAsync(name));
    }

    private static string[] Editor => [.. RoleTemplates.Manager.Permissions, Permissions.KnowledgeBase.View, Permissions.KnowledgeBase.Edit];

    private static async Task<HttpResponseMessage> PostArticle(CrmClient client, string url, IEnumerable<(string Key, string Value)> fields,
        params (string Name, string Type, byte[] Content)[] files)
    {
        var form = new MultipartFormDataContent { { new StringContent(await client.TokenAsync("/knowledge")), "__RequestVerificationToken" } };
        foreach (var (key, value) in fields)
        {
            form.Add(new StringContent(value), key);
        }
        foreach (var (name, type, content) in files)
        {
            var body = new ByteArrayContent(content);
            body.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
            form.Add(body, "Files", name);
        }
        return await client.Http.PostAsync(url, form);
    }

    /// <summary>The article's change history as "what | field | was | now" lines, newest first.</summary>
    private static async Task<List<string>> HistoryAsync(CrmClient client, int id) =>
        (await client.PageAsync($"/knowledge/{id}")).QuerySelectorAll("#history tbody tr")
            .Select(tr => string.Join(" | ", tr.QuerySelectorAll("td").Skip(2).Select(td => td.TextContent.Trim()))).ToList();

    private static Task<HttpResponseMessage> Post(CrmClient client, string url, params (string Key, string Value)[] fields) =>
        client.PostFormAsync(url, fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)), "/knowledge");

    [Fact]
    public async Task Attachments_are_checked_by_content_listed_on_the_article_downloaded_by_readers_and_removed_by_an_editor()
    {
        var (_, editor) = await UserAsync(Editor);
        var token = CompanyFactory.Token();
        var renamed = await PostArticle(editor, "/knowledge/new", [("Title", "Плохой файл " + token), ("Body", "Текст")],
            ("program.pdf", "application/pdf", "MZ\u0090\0binary"u8.ToArray()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, renamed.StatusCode);
        Assert.Equal("program.pdf: the file's content does not match its type.",
            (await CrmClient.ParseAsync(renamed)).GetElementById("Files-error")!.TextContent.Trim());
        var exe = await PostArticle(editor, "/knowledge/new", [("Title", "Плохой файл " + token), ("Body", "Текст")],
            ("setup.exe", "application/octet-stream", "MZ"u8.ToArray()));
        Assert.Contains("only PDF", (await CrmClient.ParseAsync(exe)).GetElementById("Files-error")!.TextContent);
        Assert.False(await app.InDbAsync(db => db.Set<Article>().AnyAsync(a => a.Title == "Плохой файл " + token)));

        var added = await PostArticle(editor, "/knowledge/new", [("Title", "Инструкция " + token), ("Body", "См. вложение.")],
            ("Инструкция по оплате.pdf", "application/pdf", Pdf), ("notes.txt", "text/plain", "первая строка"u8.ToArray()));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var id = int.Parse(added.Headers.Location!.OriginalString.Split('/')[2]);
        var files = await app.InDbAsync(db => db.Set<ArticleAttachment>().Where(f => f.ArticleId == id).OrderBy(f => f.SortOrder)
            .Select(f => new { f.Id, f.FileName, f.Size }).ToListAsync());
        Assert.Equal(["Инструкция по оплате.pdf", "notes.txt"], files.Select(f => f.FileName));

        var (_, reader) = await UserAsync([Permissions.KnowledgeBase.View]);
        var page = await reader.PageAsync($"/knowledge/{id}");
        Assert.Equal(["Инструкция по оплате.pdf", "notes.txt"], page.QuerySelectorAll("#article-attachments a").Select(a => a.TextContent));
        var download = await reader.GetAsync($"/knowledge/{id}/files/{files[0].Id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Инструкция по оплате.pdf", download.Content.Headers.ContentDisposition!.FileNameStar);

        // Only through its own article, and only for readers of the knowledge base.
        var other = await PostArticle(editor, "/knowledge/new", [("Title", "Другая " + token), ("Body", "x")]);
        var otherId = int.Parse(other.Headers.Location!.OriginalString.Split('/')[2]);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/knowledge/{otherId}/files/{files[0].Id}")).StatusCode);
        var (_, outsider) = await UserAsync(RoleTemplates.Manager.Permissions.Where(p => !p.StartsWith("KnowledgeBase.")));
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync($"/knowledge/{id}/files/{files[0].Id}")).StatusCode);

        // The editor removes one file and adds none: the other stays.
        var form = await editor.PageAsync($"/knowledge/{id}/edit");
        var stamp = form.QuerySelector("input[name=ConcurrencyStamp]")!.GetAttribute("value")!;
        Assert.Equal(2, form.QuerySelectorAll("#attachment-list input[name=RemoveFileIds]").Length);
        var changed = await PostArticle(editor, $"/knowledge/{id}/edit",
            [("Title", "Инструкция " + token), ("Body", "См. вложение."), ("ConcurrencyStamp", stamp), ("RemoveFileIds", files[1].Id.ToString())]);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(["Инструкция по оплате.pdf"], await app.InDbAsync(db => db.Set<ArticleAttachment>().Where(f => f.ArticleId == id).Select(f => f.FileName).ToListAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/knowledge/{id}/files/{files[1].Id}")).StatusCode);

        // The change history names the files added with the article and the one removed later.
        var history = await HistoryAsync(editor, id);
        Assert.Equal("Article file — deleted | File | notes.txt | ", history[0]);
        Assert.Contains("Article file — created | File |  | Инструкция по оплате.pdf", history);
        Assert.Contains("Article file — created | File |  | notes.txt", history);
        Assert.DoesNotContain(history, h => h.Contains(files[1].Id.ToString()));
    }

    [Fact]
    public async Task A_file_whose_bytes_are_gone_from_the_files_folder_downloads_as_not_found_not_a_server_error()
    {
        var (_, editor) = await UserAsync(Editor);
        var token = CompanyFactory.Token();
        var added = await PostArticle(editor, "/knowledge/new", [("Title", "Пропавший файл " + token), ("Body", "x")],
            ("lost.txt", "text/plain", System.Text.Encoding.UTF8.GetBytes("содержимое " + token)));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var id = int.Parse(added.Headers.Location!.OriginalString.Split('/')[2]);
        var file = await app.InDbAsync(db => db.Set<ArticleAttachment>().Where(f => f.ArticleId == id).Select(f => new { f.Id, f.StoredFileId }).SingleAsync());
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync($"/knowledge/{id}/files/{file.Id}")).StatusCode);

        // The row now says the bytes are in the files folder, which this app does not have (moved, or the setting removed).
        await app.InDbAsync(db => db.Set<WebCrm.Domain.Packages.StoredFile>().Where(f => f.Id == file.StoredFileId)
            .ExecuteUpdateAsync(u => u.SetProperty(f => f.InFolder, true)));
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync($"/knowledge/{id}/files/{file.Id}")).StatusCode);
        Assert.Equal(["lost.txt"], (await editor.PageAsync($"/knowledge/{id}")).QuerySelectorAll("#article-attachments a").Select(a => a.TextContent));
    }

    [Fact]
    public async Task Links_go_only_to_visible_records_readers_see_only_what_they_may_and_the_cards_list_the_article()
    {
        var (editorId, editor) = await UserAsync(Editor);
        var (otherId, _) = await UserAsync(RoleTemplates.Manager.Permissions);
        var token = CompanyFactory.Token();
        var mine = await app.CreateCompanyAsync(editorId, "Ромашка " + token);
        var foreign = await app.CreateCompanyAsync(otherId, "Чужая " + token);
        var (dealId, foreignDealId, productId) = await app.InDbAsync(async db =>
        {
            var rub = await db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).SingleAsync();
            var stages = await db.ReferenceItems.Where(r => r.Kind == ReferenceListKind.DealStage && r.IsActive).OrderBy(r => r.SortOrder).ThenBy(r => r.Id)
                .Select(r => r.Id).Take(2).ToListAsync();
            List<DealStage> Stages(string responsible) => stages.Select(s => new DealStage { StageId = s, ResponsibleId = responsible }).ToList();
            var product = new Product { Name = "Сервер " + token, Price = 1, CurrencyId = rub };
            var deal = new Deal { CompanyId = mine.Id, ResponsibleId = editorId, Title = "Поставка " + token, StartDate = new DateOnly(2026, 1, 1), CurrencyId = rub,
                Stages = Stages(editorId), CurrentStageId = stages[0] };
            var foreignDeal = new Deal { CompanyId = foreign.Id, ResponsibleId = otherId, Title = "Чужая сделка " + token, StartDate = new DateOnly(2026, 1, 1), CurrencyId = rub,
                Stages = Stages(otherId), CurrentStageId = stages[0] };
            db.AddRange(product, deal, foreignDeal);
            await db.SaveChangesAsync();
            return (deal.Id, foreignDeal.Id, product.Id);
        });
        var created = await PostArticle(editor, "/knowledge/new", [("Title", "Настройка сервера " + token), ("Body", "Шаги настройки.")]);
        var id = int.Parse(created.Headers.Location!.OriginalString.Split('/')[2]);

        // The picker offers only the editor's own company.
        var picker = await editor.PageAsync($"/knowledge/{id}/links?kind=Company&q=" + Uri.EscapeDataString(token));
        Assert.Equal([mine.Id.ToString()], picker.QuerySelectorAll("#link-candidates li").Select(li => li.GetAttribute("data-target")));
        var deals = await editor.PageAsync($"/knowledge/{id}/links?kind=Deal&q=" + Uri.EscapeDataString(token));
        Assert.Equal([dealId.ToString()], deals.QuerySelectorAll("#link-candidates li").Select(li => li.GetAttribute("data-target")));

        foreach (var (kind, target) in new[] { ("Company", mine.Id), ("Deal", dealId), ("Product", productId), ("Company", mine.Id) })
        {
            Assert.Equal(HttpStatusCode.Redirect, (await Post(editor, $"/knowledge/{id}/links", ("kind", kind), ("targetId", target.ToString()))).StatusCode);
        }
        // Forged ids of records he cannot see are refused with a message.
        foreach (var (kind, target) in new[] { ("Company", foreign.Id), ("Deal", foreignDealId), ("Product", 999999999) })
        {
            var forged = await Post(editor, $"/knowledge/{id}/links", ("kind", kind), ("targetId", target.ToString()));
            Assert.Equal(HttpStatusCode.UnprocessableEntity, forged.StatusCode);
            Assert.Equal("Choose a value from the list.", (await CrmClient.ParseAsync(forged)).GetElementById("link-error")!.TextContent.Trim());
        }
        Assert.Equal(3, await app.InDbAsync(db => db.Set<ArticleLink>().CountAsync(k => k.ArticleId == id)));

        var article = await editor.PageAsync($"/knowledge/{id}");
        Assert.Equal(["Ромашка " + token, "Сервер " + token, "Поставка " + token], article.QuerySelectorAll("#article-links li a").Select(a => a.TextContent));
        // A support reader without Clients or Deals rights sees none of the linked records.
        var (_, support) = await UserAsync([Permissions.KnowledgeBase.View]);
        Assert.Null((await support.PageAsync($"/knowledge/{id}")).GetElementById("article-links"));

        // The company and deal cards list the article; a card user without the knowledge base has no such section.
        // (in the card when its tab is open; otherwise htmx loads the same section alone when the tab is shown).
        var card = await editor.PageAsync($"/clients/{mine.Id}?tab=articles");
        Assert.Equal(["Настройка сервера " + token], card.QuerySelectorAll("#linked-articles li a").Select(a => a.TextContent));
        var alone = await editor.PageAsync($"/knowledge/linked?kind=Company&id={mine.Id}");
        Assert.Equal(["Настройка сервера " + token], alone.QuerySelectorAll("#linked-articles li a").Select(a => a.TextContent));
        var dealCard = await editor.PageAsync($"/deals/{dealId}?tab=articles");
        Assert.Equal(["Настройка сервера " + token], dealCard.QuerySelectorAll("#linked-articles li a").Select(a => a.TextContent));
        var dealAlone = await editor.PageAsync($"/knowledge/linked?kind=Deal&id={dealId}");
        Assert.Equal(["Настройка сервера " + token], dealAlone.QuerySelectorAll("#linked-articles li a").Select(a => a.TextContent));
        var (_, noKb) = await UserAsync(RoleTemplates.Director.Permissions.Where(p => !p.StartsWith("KnowledgeBase.")));
        var noKbCard = await noKb.PageAsync($"/clients/{mine.Id}?tab=articles");
        Assert.Null(noKbCard.GetElementById("linked-articles"));
        Assert.Null(noKbCard.GetElementById("tab-articles-link"));
        Assert.Equal(HttpStatusCode.Forbidden, (await noKb.GetAsync($"/knowledge/linked?kind=Company&id={mine.Id}")).StatusCode);

        // Removing a link; a link of another article cannot be removed through this one.
        var linkId = await app.InDbAsync(db => db.Set<ArticleLink>().Where(k => k.ArticleId == id && k.DealId == dealId).Select(k => k.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await Post(editor, $"/knowledge/{id + 1000000}/links/{linkId}/delete")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Post(editor, $"/knowledge/{id}/links/{linkId}/delete")).StatusCode);
        Assert.Empty((await editor.PageAsync($"/deals/{dealId}?tab=articles")).QuerySelectorAll("#linked-articles li"));

        // The article's change history names each linked record (once, though the company was posted twice) and the removed link.
        var history = await HistoryAsync(editor, id);
        Assert.Equal("Article link — deleted | Deal | Поставка " + token + " | ", history[0]);
        Assert.Equal(["Article link — created | Company |  | Ромашка " + token, "Article link — created | Deal |  | Поставка " + token,
            "Article link — created | Product |  | Сервер " + token], history.Where(h => h.StartsWith("Article link — created")).Order(StringComparer.Ordinal));

        // A reader cannot link.
        Assert.Equal(HttpStatusCode.Forbidden, (await Post(support, $"/knowledge/{id}/links", ("kind", "Company"), ("targetId", mine.Id.ToString()))).StatusCode);
    }
}

public sealed class ArticleFilesAndLinksTestsSqlite(SqliteApp app) : ArticleFilesAndLinksTests(app);

public sealed class ArticleFilesAndLinksTestsPostgreSql(PostgreSqlApp app) : ArticleFilesAndLinksTests(app);
