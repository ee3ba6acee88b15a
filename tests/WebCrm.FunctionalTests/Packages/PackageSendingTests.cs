using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Packages;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;

namespace WebCrm.FunctionalTests.Packages;

/// <summary>
/// Materials, packages and sending them through the pages, on the shared apps (no mail server configured: letters stay
/// queued in the outbox, which is what the card then shows).
/// </summary>
public abstract class PackageSendingTests(CrmApp app)
{
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj\n"u8.ToArray();

    private Task<T> Db<T>(Func<CrmDbContext, Task<T>> query) => app.InDbAsync(query);

    private async Task<(string Id, CrmClient Client)> UserAsync(params string[] permissions)
    {
        var (id, name) = await app.CreateUserAsync(permissions, "p");
        return (id, await app.SignedInAsync(name));
    }

    private static string[] ManagerRights => [.. RoleTemplates.Manager.Permissions, Permissions.Packages.Send];

    private async Task<int> ContactAsync(int companyId, string name, string? email) =>
        await Db(async db =>
        {
            var contact = new ContactPerson { CompanyId = companyId, FullName = name, Email = email };
            db.ContactPersons.Add(contact);
            await db.SaveChangesAsync();
            return contact.Id;
        });

    private static async Task<HttpResponseMessage> PostMultipart(CrmClient client, string url, IEnumerable<(string Key, string Value)> fields,
        params (string Name, string Type, byte[] Content)[] files)
    {
        var form = new MultipartFormDataContent { { new StringContent(await client.TokenAsync("/packages")), "__RequestVerificationToken" } };
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

    private static Task<HttpResponseMessage> Post(CrmClient client, string url, params (string Key, string Value)[] fields) =>
        client.PostFormAsync(url, fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)), "/packages");

    /// <summary>A material with a PDF and a package holding it, made through the pages by a user who manages materials.</summary>
    private async Task<(int MaterialId, int PackageId, string Title)> PackageAsync(CrmClient editor)
    {
        var title = "Прайс " + CompanyFactory.Token();
        var added = await PostMultipart(editor, "/packages/materials/new",
            [("Title", title), ("SubjectRu", "Предложение для {company}"), ("BodyRu", "Здравствуйте, {contact}!\nВаш менеджер: {manager}."),
             ("SubjectEn", "An offer for {company}"), ("BodyEn", "Dear {contact},\nyour manager is {manager}.")],
            ("Прайс-лист.pdf", "application/pdf", Pdf));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var materialId = await Db(db => db.Set<Material>().Where(m => m.Title == title).Select(m => m.Id).SingleAsync());
        var package = await Post(editor, "/packages/new", ("Name", "Пакет " + title), ($"Positions[{materialId}]", "1"));
        Assert.Equal(HttpStatusCode.Redirect, package.StatusCode);
        var packageId = await Db(db => db.Set<InfoPackage>().Where(p => p.Name == "Пакет " + title).Select(p => p.Id).SingleAsync());
        return (materialId, packageId, title);
    }

    [Fact]
    public async Task A_material_file_is_checked_by_its_content_and_the_forms_say_what_is_wrong()
    {
        var (_, editor) = await UserAsync(Permissions.Packages.ManageMaterials);
        var renamed = await PostMultipart(editor, "/packages/materials/new", [("Title", "Bad file"), ("BodyRu", "Текст")],
            ("program.pdf", "application/pdf", "MZ\u0090\0binary"u8.ToArray()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, renamed.StatusCode);
        var page = await CrmClient.ParseAsync(renamed);
        Assert.Equal("program.pdf: the file's content does not match its type.", page.GetElementById("Files-error")!.TextContent.Trim());
        var exe = await PostMultipart(editor, "/packages/materials/new", [("Title", "Bad file"), ("BodyRu", "Текст")],
            ("setup.exe", "application/octet-stream", "MZ"u8.ToArray()));
        Assert.Contains("only PDF", (await CrmClient.ParseAsync(exe)).GetElementById("Files-error")!.TextContent);
        var empty = await PostMultipart(editor, "/packages/materials/new", [("Title", " ")]);
        var emptyPage = await CrmClient.ParseAsync(empty);
        Assert.Equal("Enter a title.", emptyPage.GetElementById("Title-error")!.TextContent.Trim());
        Assert.Equal("Write the letter text in at least one language.", emptyPage.GetElementById("BodyRu-error")!.TextContent.Trim());
        Assert.False(await Db(db => db.Set<Material>().AnyAsync(m => m.Title == "Bad file")));
        var package = await Post(editor, "/packages/new", ("Name", "Empty package"), ("Positions[999999]", "1"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, package.StatusCode);

        // A user who may only send cannot change materials.
        var (_, sender) = await UserAsync(Permissions.Packages.Send);
        Assert.Equal(HttpStatusCode.Forbidden, (await sender.GetAsync("/packages/materials/new")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await sender.GetAsync("/packages")).StatusCode);
    }

    [Fact]
    public async Task A_package_sent_from_the_card_is_previewed_filled_in_queued_with_its_files_and_listed_in_the_section()
    {
        var (_, editor) = await UserAsync(Permissions.Packages.ManageMaterials);
        var (_, packageId, title) = await PackageAsync(editor);
        var (managerId, manager) = await UserAsync(ManagerRights);
        var managerName = await Db(db => db.Users.Where(u => u.Id == managerId).Select(u => u.DisplayName).SingleAsync());
        var company = await app.CreateCompanyAsync(managerId, "Ромашка " + CompanyFactory.Token());
        var ivan = await ContactAsync(company.Id, "Иван Петров", "ivan@example.test");
        var olga = await ContactAsync(company.Id, "Olga Smirnova", "olga@example.test");
        await ContactAsync(company.Id, "No Mail", null);

        var card = await manager.PageAsync($"/clients/{company.Id}?tab=materials");
        Assert.NotNull(card.QuerySelector("#materials a#send-package"));
        var form = await manager.PageAsync($"/packages/send?companyId={company.Id}");
        Assert.Equal(3, form.QuerySelectorAll("input[name=ContactIds]").Length);

        var fields = new[] { ("CompanyId", company.Id.ToString()), ("PackageId", packageId.ToString()), ("Language", "ru"),
            ("ContactIds", ivan.ToString()), ("ContactIds", olga.ToString()) };
        var preview = await manager.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/packages/send")
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))
                .Append(new("__RequestVerificationToken", await manager.TokenAsync("/packages")))),
        });
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var previewPage = await CrmClient.ParseAsync(preview);
        var letters = previewPage.QuerySelectorAll(".letter-preview");
        Assert.Equal(2, letters.Length);
        Assert.Contains(letters, l => l.QuerySelector(".preview-subject")!.TextContent == "Предложение для " + company.Name);
        Assert.Contains(letters, l => l.QuerySelector(".preview-body")!.TextContent == $"Здравствуйте, Иван Петров!\nВаш менеджер: {managerName}.");
        Assert.All(letters, l => Assert.Contains("Прайс-лист.pdf", l.QuerySelector(".preview-files")!.TextContent));
        Assert.False(await Db(db => db.Set<PackageLetter>().AnyAsync(x => x.CompanyId == company.Id)), "a preview sends nothing");

        var sent = await Post(manager, "/packages/send", [.. fields, ("Confirm", "true")]);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var queued = await Db(db => db.Set<PackageLetter>().Where(x => x.CompanyId == company.Id)
            .Join(db.Set<OutboxMessage>().Include(m => m.Attachments), x => x.OutboxMessageId, m => m.Id, (x, m) => new { x, m }).ToListAsync());
        Assert.Equal(["ivan@example.test", "olga@example.test"], queued.Select(q => q.m.ToAddress).Order());
        Assert.All(queued, q => Assert.Equal((OutboxState.Pending, "Packages", managerId), (q.m.State, q.m.Source, q.x.SentById)));
        Assert.All(queued, q => Assert.Equal("Прайс-лист.pdf", Assert.Single(q.m.Attachments).FileName));
        Assert.Equal("Здравствуйте, Olga Smirnova!\nВаш менеджер: " + managerName + ".", queued.Single(q => q.x.ContactPersonId == olga).m.TextBody);

        card = await manager.PageAsync($"/clients/{company.Id}?tab=materials");
        var rows = card.QuerySelectorAll("#sent-letters tbody tr");
        Assert.Equal(2, rows.Length);
        Assert.All(rows, r => Assert.Equal("Pending", r.GetAttribute("data-state")));
        Assert.All(rows, r => Assert.Contains("Пакет " + title, r.TextContent));
        Assert.All(rows, r => Assert.Contains(managerName, r.TextContent));
        var olgaList = await manager.PageAsync($"/packages/sent?companyId={company.Id}&contactId={olga}");
        Assert.Single(olgaList.QuerySelectorAll("#sent-letters tbody tr"));
        // The contact person's own page lists what was sent to him, and only that.
        var olgaPage = await manager.PageAsync($"/clients/{company.Id}/contacts/{olga}/edit");
        Assert.Equal("Information materials sent to Olga Smirnova", olgaPage.GetElementById("materials-h")!.TextContent.Trim());
        var olgaRow = Assert.Single(olgaPage.QuerySelectorAll("#sent-letters tbody tr"));
        Assert.Contains("olga@example.test", olgaRow.TextContent);
        Assert.Contains("Пакет " + title, olgaRow.TextContent);

        // A failed letter can be queued again; a pending one cannot.
        var failedId = queued.Single(q => q.x.ContactPersonId == olga).m.Id;
        var letterId = queued.Single(q => q.x.ContactPersonId == olga).x.Id;
        await Db(db => db.Set<OutboxMessage>().Where(m => m.Id == failedId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, OutboxState.Failed).SetProperty(m => m.LastError, "550 5.1.1 Mailbox unavailable").SetProperty(m => m.Attempts, 1)));
        card = await manager.PageAsync($"/clients/{company.Id}?tab=materials");
        var failedRow = card.QuerySelector($"tr[data-letter='{letterId}']")!;
        Assert.Contains("550 5.1.1 Mailbox unavailable", failedRow.QuerySelector(".delivery-error")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await Post(manager, $"/packages/letters/{letterId}/resend")).StatusCode);
        var requeued = await Db(db => db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == failedId));
        Assert.Equal((OutboxState.Pending, 0), (requeued.State, requeued.Attempts));
    }

    [Fact]
    public async Task A_manager_sends_only_to_contacts_of_companies_he_may_see_and_forged_ids_are_refused()
    {
        var (_, editor) = await UserAsync(Permissions.Packages.ManageMaterials);
        var (_, packageId, _) = await PackageAsync(editor);
        var (mineId, manager) = await UserAsync(ManagerRights);
        var (otherId, _) = await UserAsync(ManagerRights);
        var own = await app.CreateCompanyAsync(mineId, "Own " + CompanyFactory.Token());
        var foreign = await app.CreateCompanyAsync(otherId, "Foreign " + CompanyFactory.Token());
        var ownContact = await ContactAsync(own.Id, "Own Contact", "own@example.test");
        var foreignContact = await ContactAsync(foreign.Id, "Foreign Contact", "foreign@example.test");

        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/packages/send?companyId={foreign.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Post(manager, "/packages/send", ("CompanyId", foreign.Id.ToString()), ("PackageId", packageId.ToString()),
            ("ContactIds", foreignContact.ToString()), ("Confirm", "true"))).StatusCode);
        // His own company with another company's contact person slipped in: refused as a whole.
        Assert.Equal(HttpStatusCode.NotFound, (await Post(manager, "/packages/send", ("CompanyId", own.Id.ToString()), ("PackageId", packageId.ToString()),
            ("ContactIds", ownContact.ToString()), ("ContactIds", foreignContact.ToString()), ("Confirm", "true"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/packages/sent?companyId={foreign.Id}")).StatusCode);
        Assert.False(await Db(db => db.Set<PackageLetter>().AnyAsync(x => x.CompanyId == own.Id || x.CompanyId == foreign.Id)));

        // Without Packages.Send the send pages are closed.
        var (_, support) = await UserAsync(RoleTemplates.Support.Permissions.ToArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await support.GetAsync($"/packages/send?companyId={own.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_saved_filter_reaches_the_contacts_of_only_the_companies_the_sender_sees()
    {
        var (_, editor) = await UserAsync(Permissions.Packages.ManageMaterials);
        var (_, packageId, _) = await PackageAsync(editor);
        var (mineId, manager) = await UserAsync(ManagerRights);
        var (otherId, _) = await UserAsync(ManagerRights);
        var token = CompanyFactory.Token();
        var a = await app.CreateCompanyAsync(mineId, "Alpha " + token);
        var b = await app.CreateCompanyAsync(mineId, "Beta " + token);
        var hidden = await app.CreateCompanyAsync(otherId, "Gamma " + token);
        await ContactAsync(a.Id, "A One", "a1@example.test");
        await ContactAsync(a.Id, "A Two", "a2@example.test");
        await ContactAsync(b.Id, "B One", "b1@example.test");
        await ContactAsync(b.Id, "B No mail", null);
        await ContactAsync(hidden.Id, "Hidden", "hidden@example.test");
        var filterId = await Db(async db =>
        {
            var filter = new SavedFilter { Module = "Clients", Name = "Mine " + token, OwnerId = mineId, Definition = $$"""{"Q":"{{token}}","C":[],"Sort":null,"Desc":false}""" };
            db.SavedFilters.Add(filter);
            await db.SaveChangesAsync();
            return filter.Id;
        });

        var form = await manager.PageAsync("/packages/send-list");
        Assert.NotNull(form.QuerySelector($"select[name=SavedFilterId] option[value='{filterId}']"));
        var preview = await Post(manager, "/packages/send-list", ("SavedFilterId", filterId.ToString()), ("PackageId", packageId.ToString()), ("Language", "en"));
        var page = await CrmClient.ParseAsync(preview);
        Assert.Equal("3 letters to contact persons of 2 companies; the first ones:", page.GetElementById("preview-h")!.TextContent.Trim());
        Assert.Equal("An offer for Alpha " + token, page.QuerySelector(".letter-preview .preview-subject")!.TextContent);

        Assert.Equal(HttpStatusCode.Redirect, (await Post(manager, "/packages/send-list", ("SavedFilterId", filterId.ToString()),
            ("PackageId", packageId.ToString()), ("Language", "en"), ("Confirm", "true"))).StatusCode);
        var addresses = await Db(db => db.Set<PackageLetter>().Where(x => x.CompanyId == a.Id || x.CompanyId == b.Id || x.CompanyId == hidden.Id)
            .Select(x => x.ToAddress).ToListAsync());
        Assert.Equal(["a1@example.test", "a2@example.test", "b1@example.test"], addresses.Order());

        // Another user's personal filter is not his to use.
        var (_, stranger) = await UserAsync(ManagerRights);
        var refused = await Post(stranger, "/packages/send-list", ("SavedFilterId", filterId.ToString()), ("PackageId", packageId.ToString()), ("Confirm", "true"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
    }
}

public sealed class PackageSendingTestsSqlite(SqliteApp app) : PackageSendingTests(app);
public sealed class PackageSendingTestsPostgreSql(PostgreSqlApp app) : PackageSendingTests(app);
