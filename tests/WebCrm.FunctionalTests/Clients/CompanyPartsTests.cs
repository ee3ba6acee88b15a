using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using WebCrm.Data;
using WebCrm.Domain.Clients;
using WebCrm.Domain.Security;
using WebCrm.FunctionalTests.Infrastructure;
using WebCrm.Web.Features.Clients;

namespace WebCrm.FunctionalTests.Clients;

/// <summary>Contact persons, bank accounts and groups inside the company card (contracts and access: CompanyPartsTests.Contracts.cs).</summary>
public abstract partial class CompanyPartsTests(CrmApp app)
{
    private const string Script = "<script>alert(1)</script>";
    private static readonly byte[] PdfBytes = [.. "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8];

    private static readonly Random Random = new(20261129);

    // ---- helpers ----

    private async Task<CrmClient> ManagerAsync()
    {
        var (_, name) = await app.CreateUserAsync(RoleTemplates.Manager.Permissions, "m");
        return await app.SignedInAsync(name);
    }

    private static async Task<int> CompanyAsync(CrmClient client, string name = "Romashka LLC")
    {
        var response = await client.PostFormAsync("/clients/new", new { Name = name });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(response.Headers.Location!.OriginalString.Split('/', '#', '?')[2]);
    }

    private static Task<HttpResponseMessage> Post(CrmClient client, string url, params (string Key, string Value)[] fields) =>
        client.PostFormAsync(url, fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)), "/");

    private Task<T> Db<T>(Func<CrmDbContext, Task<T>> query) => app.WithServiceAsync(query);

    private static string Stamp(IHtmlDocument page) => page.QuerySelector("input[name=ConcurrencyStamp]")!.GetAttribute("value")!;

    private static string? FieldError(IHtmlDocument page, string field) => page.GetElementById(field + "-error")?.TextContent.Trim();

    private static async Task<IHtmlDocument> Unprocessable(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        return await CrmClient.ParseAsync(response);
    }

    private static async Task<HttpResponseMessage> PostContract(CrmClient client, string url, IEnumerable<(string Key, string Value)> fields,
        (string Name, string Type, byte[] Content)? file = null)
    {
        var token = await client.TokenAsync("/");
        var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var (key, value) in fields)
        {
            form.Add(new StringContent(value), key);
        }
        if (file is { } f)
        {
            var body = new ByteArrayContent(f.Content);
            body.Headers.ContentType = MediaTypeHeaderValue.Parse(f.Type);
            form.Add(body, "File", f.Name);
        }
        return await client.Http.PostAsync(url, form);
    }

    private static (string Key, string Value)[] ContractFields(string number = "D-1") =>
        [("Number", number), ("Date", "2026-03-01"), ("Subject", "Supply"), ("Amount", "1000.50"), ("CurrencyId", "1"),
         ("ValidFrom", "2026-03-01"), ("ValidUntil", "2026-12-31")];

    private Task<int> RubAsync() => Db(db => db.Currencies.Where(c => c.Code == "RUB").Select(c => c.Id).FirstAsync());

    private async Task<(string Key, string Value)[]> ContractFieldsAsync(string number = "D-1")
    {
        var rub = (await RubAsync()).ToString();
        return ContractFields(number).Select(f => f.Key == "CurrencyId" ? (f.Key, rub) : f).ToArray();
    }

    private static (string Bik, string Account, string Correspondent) BankNumbers()
    {
        var bik = RussianTaxNumbers.NewBik(Random);
        return (bik, RussianTaxNumbers.NewAccount(bik, Random), RussianTaxNumbers.NewCorrespondentAccount(bik));
    }

    /// <summary>The same 20 digits with the last one changed: the control key no longer fits.</summary>
    private static string Broken(string account) => account[..19] + (char)('0' + (account[19] - '0' + 1) % 10);

    // ---- contact persons ----

    [Fact]
    public async Task A_contact_person_is_added_edited_and_removed_inside_the_card_and_the_history_shows_it()
    {
        using var manager = await ManagerAsync();
        var companyId = await CompanyAsync(manager);
        var positionId = await Db(db => db.ReferenceItems.Where(r => r.Kind == Domain.Reference.ReferenceListKind.ContactPosition && r.IsActive)
            .Select(r => r.Id).FirstAsync());

        var card = await manager.PageAsync($"/clients/{companyId}");
        Assert.NotNull(card.GetElementById("add-contact"));
        var form = await manager.PageAsync($"/clients/{companyId}/contacts/new");
        Assert.NotNull(form.QuerySelector("select[name=PositionId]"));

        var added = await Post(manager, $"/clients/{companyId}/contacts/new", ("FullName", "Ivan Ivanov"), ("PositionId", positionId.ToString()),
            ("Phone", "+7 495 123-45-67"), ("Email", "ivan@example.ru"), ("Birthday", "1980-05-17"), ("Notes", "Prefers calls"));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var contact = await Db(db => db.ContactPersons.AsNoTracking().SingleAsync(p => p.CompanyId == companyId));
        Assert.Equal(("Ivan Ivanov", positionId, new DateOnly(1980, 5, 17)), (contact.FullName, contact.PositionId!.Value, contact.Birthday!.Value));

        var edit = await manager.PageAsync($"/clients/{companyId}/contacts/{contact.Id}/edit");
        Assert.Equal("Ivan Ivanov", edit.QuerySelector("input[name=FullName]")!.GetAttribute("value"));
        var edited = await Post(manager, $"/clients/{companyId}/contacts/{contact.Id}/edit", ("FullName", "Ivan Petrov"),
            ("Phone", "+7 495 000-00-00"), ("Email", "petrov@example.ru"), ("ConcurrencyStamp", Stamp(edit)));
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);

        card = await manager.PageAsync($"/clients/{companyId}");
        var row = card.QuerySelector($"tr[data-contact='{contact.Id}']")!;
        Assert.Contains("Ivan Petrov", row.TextContent);
        Assert.Contains("petrov@example.ru", row.TextContent);
        var history = card.GetElementById("history")!.TextContent;
        Assert.Contains("Contact person", history);
        Assert.Contains("Full name", history);
        Assert.Contains("Ivan Ivanov", history);
        Assert.Contains("Ivan Petrov", history);

        edit = await manager.PageAsync($"/clients/{companyId}/contacts/{contact.Id}/edit");
        var removed = await Post(manager, $"/clients/{companyId}/contacts/{contact.Id}/delete", ("stamp", Stamp(edit)));
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.False(await Db(db => db.ContactPersons.AnyAsync(p => p.Id == contact.Id)));
        card = await manager.PageAsync($"/clients/{companyId}");
        Assert.Null(card.QuerySelector($"tr[data-contact='{contact.Id}']"));
        Assert.Contains("deleted", card.GetElementById("history")!.TextContent);
    }

    [Fact]
    public async Task Contact_person_input_is_validated_next_to_the_field_and_nothing_is_stored()
    {
        using var manager = await ManagerAsync();
        var companyId = await CompanyAsync(manager);
        var tomorrow = DateTime.Today.AddDays(2).ToString("yyyy-MM-dd");

        var page = await Unprocessable(await Post(manager, $"/clients/{companyId}/contacts/new",
            ("FullName", "  "), ("Birthday", tomorrow), ("Email", "not-an-email"), ("Notes", new string('x', 4001)), ("Phone", new string('1', 101))));
        Assert.Equal("Enter the person's name.", FieldError(page, "FullName"));
        Assert.Equal("The birthday cannot be in the future.", FieldError(page, "Birthday"));
        Assert.Equal("The email address is not valid.", FieldError(page, "Email"));
        Assert.Equal("At most 4000 characters.", FieldError(page, "Notes"));
        Assert.Equal("At most 100 characters.", FieldError(page, "Phone"));

        page = await Unprocessable(await Post(manager, $"/clients/{companyId}/contacts/new",
            ("FullName", new string('N', 301)), ("Birthday", "1899-12-31")));
        Assert.Equal("At most 300 characters.", FieldError(page, "FullName"));
        Assert.Equal("The birthday cannot be before 1900.", FieldError(page, "Birthday"));

        // A position id from another list is refused.
        var regionId = await Db(db => db.ReferenceItems.Where(r => r.Kind == Domain.Reference.ReferenceListKind.Region && r.IsActive).OrderBy(r => r.SortOrder).Select(r => r.Id).FirstAsync());
        page = await Unprocessable(await Post(manager, $"/clients/{companyId}/contacts/new", ("FullName", "Anna"), ("PositionId", regionId.ToString())));
        Assert.Equal("Choose a value from the list.", FieldError(page, "PositionId"));

        Assert.False(await Db(db => db.ContactPersons.AnyAsync(p => p.CompanyId == companyId)));
    }

    [Fact]
    public async Task Custom_fields_of_contact_persons_are_shown_validated_and_stored()
    {
        var label = "Hobby level " + Guid.NewGuid().ToString("N")[..6];
        var definitionId = await Db(async db =>
        {
            var d = new CustomFieldDefinition { Target = CustomFieldTarget.ContactPerson, NameEn = label, NameRu = label, Type = CustomFieldType.Number, SortOrder = 900 };
            db.CustomFieldDefinitions.Add(d);
            await db.SaveChangesAsync();
            return d.Id;
        });
        using var manager = await ManagerAsync();
        var companyId = await CompanyAsync(manager);
        var form = await manager.PageAsync($"/clients/{companyId}/contacts/new");
        Assert.NotNull(form.QuerySelector($"input[name='Custom[{definitionId}]']"));

        var page = await Unprocessable(await Post(manager, $"/clients/{companyId}/contacts/new", ("FullName", "Oleg"), ($"Custom[{definitionId}]", "lots")));
        Assert.Contains("Enter a number.", page.QuerySelector(".invalid-feedback")!.TextContent);

        Assert.Equal(HttpStatusCode.Redirect, (await Post(manager, $"/clients/{companyId}/contacts/new", ("FullName", "Oleg"), ($"Custom[{definitionId}]", "42"))).StatusCode);
        var contactId = await Db(db => db.ContactPersons.Where(p => p.CompanyId == companyId).Select(p => p.Id).SingleAsync());
        Assert.Equal(42m, await Db(db => db.CustomFieldValues.Where(v => v.Target == CustomFieldTarget.ContactPerson && v.EntityId == contactId && v.DefinitionId == definitionId)
            .Select(v => v.NumberValue).SingleAsync()));
        var card = await manager.PageAsync($"/clients/{companyId}");
        Assert.Contains($"{label}: 42", card.QuerySelector($"tr[data-contact='{contactId}']")!.TextContent);

        // Removing the contact removes its values too.
        var edit = await manager.PageAsync($"/clients/{companyId}/contacts/{contactId}/edit");
        Assert.Equal("42", edit.QuerySelector($"input[name='Custom[{definitionId}]']")!.GetAttribute("value"));
        await Post(manager, $"/clients/{companyId}/contacts/{contactId}/delete", ("stamp", Stamp(edit)));
        Assert.False(await Db(db => db.CustomFieldValues.AnyAsync(v => v.Target == CustomFieldTarget.ContactPerson && v.EntityId == contactId)));
        await Db(async db =>
        {
            await db.CustomFieldDefinitions.Where(d => d.Id == definitionId).ExecuteUpdateAsync(s => s.SetProperty(d => d.IsActive, false));
            return 0;
        });
    }

    [Fact]
    public async Task A_stale_contact_edit_is_refused_and_the_first_edit_is_kept()
    {
        using var manager = await ManagerAsync();
        var companyId = await CompanyAsync(manager);
        await Post(manager, $"/clients/{companyId}/contacts/new", ("FullName", "Maria"));
        var contactId = await Db(db => db.ContactPersons.Where(p => p.CompanyId == companyId).Select(p => p.Id).SingleAsync());
        var url = $"/clients/{companyId}/contacts/{contactId}/edit";
        var stamp = Stamp(await manager.PageAsync(url));

        Assert.Equal(HttpStatusCode.Redirect, (await Post(manager, url, ("FullName", "Maria First"), ("ConcurrencyStamp", stamp))).StatusCode);
        var stale = await Post(manager, url, ("FullName", "Maria Second"), ("ConcurrencyStamp", stamp));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var page = await CrmClient.ParseAsync(stale);
        Assert.Contains("Someone else saved this record", page.QuerySelector(".alert-danger")!.TextContent);
        Assert.Contains("Maria First", page.GetElementById("conflict")!.TextContent);
        Assert.Equal("Maria First", await Db(db => db.ContactPersons.Where(p => p.Id == contactId).Select(p => p.FullName).SingleAsync()));

        // Removing with the stale stamp is refused too.
        await Post(manager, $"/clients/{companyId}/contacts/{contactId}/delete", ("stamp", stamp));
        Assert.True(await Db(db => db.ContactPersons.AnyAsync(p => p.Id == contactId)));
    }

    // ---- bank accounts ----

    [Fact]
    public async Task A_bank_account_is_added_edited_and_removed()
    {
        using var manager = await ManagerAsync();
        var companyId = await CompanyAsync(manager);
        var (bik, account, correspondent) = BankNumbers();

        var added = await Post(manager, $"/clients/{companyId}/bank-accounts/new", ("BankName", "Sberbank"), ("Bik", bik),
            ("AccountNumber", account[..5] + " " + account[5..]), ("CorrespondentAccount", correspondent));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var stored = await Db(db => db.BankAccounts.AsNoTracking().SingleAsync(b => b.CompanyId == companyId));
        Assert.Equal((bik, account, correspondent), (stored.Bik, stored.AccountNumber, stored.CorrespondentAccount));

        var (bik2, account2, _) = BankNumbers();
        var url = $"/clients/{companyId}/bank-accounts/{stored.Id}/edit";
        var edit = await manager.PageAsync(url);
        var edited = await Post(manager, url, ("BankName", "Alfa-Bank"), ("Bik", bik2), ("AccountNumber", account2), ("ConcurrencyStamp", Stamp(edit)));
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        var card = await manager.PageAsync($"/clients/{companyId}");
        var row = card.QuerySelector($"tr[data-account='{stored.Id}']")!.TextContent;
        Assert.Contains("Alfa-Bank", row);
        Assert.Contains(account2, row);
        Assert.DoesNotContain(correspondent, row);

        edit = await manager.PageAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, (await Post(manager, $"/clients/{companyId}/bank-accounts/{stored.Id}/delete", ("stamp", Stamp(edit)))).StatusCode);
        Assert.False(await Db(db => db.BankAccounts.AnyAsync(b => b.Id == stored.Id)));
    }

    [Fact]
    public async Task Bank_numbers_are_checked_against_the_BIK_with_clear_messages()
    {
        using var manager = await ManagerAsync();
        var companyId = await CompanyAsync(manager);
        var (bik, account, correspondent) = BankNumbers();
        var url = $"/clients/{companyId}/bank-accounts/new";

        var page = await Unprocessable(await Post(manager, url, ("BankName", ""), ("Bik", "12345"), ("AccountNumber", "4070281")));
        Assert.Equal("Enter the bank name.", FieldError(page, "BankName"));
        Assert.Equal("The BIK must have 9 digits.", FieldError(page, "Bik"));
        Assert.Equal("The account number must have 20 digits.", FieldError(page, "AccountNumber"));

        page = await Unprocessable(await Post(manager, url, ("BankName", "Bank"), ("Bik", bik), ("AccountNumber", Broken(account)), ("CorrespondentAccount", Broken(correspondent))));
        Assert.Equal("The account number does not match the BIK: its control key is wrong. Check both numbers.", FieldError(page, "AccountNumber"));
        Assert.StartsWith("The correspondent account does not match the BIK", FieldError(page, "CorrespondentAccount"));
        Assert.Null(FieldError(page, "Bik"));

        page = await Unprocessable(await Post(manager, url, ("BankName", new string('b', 301)), ("Bik", bik), ("AccountNumber", account), ("CorrespondentAccount", "301")));
        Assert.Equal("At most 300 characters.", FieldError(page, "BankName"));
        Assert.Equal("The correspondent account must have 20 digits.", FieldError(page, "CorrespondentAccount"));

        Assert.False(await Db(db => db.BankAccounts.AnyAsync(b => b.CompanyId == companyId)));
    }

    // ---- groups ----

    [Fact]
    public async Task Groups_shared_and_personal_are_created_ticked_and_unticked()
    {
        using var manager = await ManagerAsync();
        var companyId = await CompanyAsync(manager);
        var sharedName = "Key clients " + Guid.NewGuid().ToString("N")[..6];
        var personalName = "My watch list " + Guid.NewGuid().ToString("N")[..6];

        Assert.Equal(HttpStatusCode.Redirect, (await Post(manager, $"/clients/{companyId}/groups/new", ("Name", sharedName), ("Shared", "true"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Post(manager, $"/clients/{companyId}/groups/new", ("Name", personalName), ("Shared", "false"))).StatusCode);
        var shared = await Db(db => db.CompanyGroups.AsNoTracking().SingleAsync(g => g.Name == sharedName));
        var personal = await Db(db => db.CompanyGroups.AsNoTracking().SingleAsync(g => g.Name == personalName));
        Assert.Null(shared.OwnerId);
        Assert.NotNull(personal.OwnerId);

        Task<int[]> Memberships() => Db(db => db.CompanyGroupMembers.Where(m => m.CompanyId == companyId).Select(m => m.GroupId).OrderBy(i => i).ToArrayAsync());
        Assert.Equal(new[] { shared.Id, personal.Id }.Order(), await Memberships());

        var duplicate = await Unprocessable(await Post(manager, $"/clients/{companyId}/groups/new", ("Name", personalName), ("Shared", "false")));
        Assert.Equal("A group with this name already exists.", FieldError(duplicate, "Name"));
        var empty = await Unprocessable(await Post(manager, $"/clients/{companyId}/groups/new", ("Name", " ")));
        Assert.Equal("Enter the group name.", FieldError(empty, "Name"));

        // Untick the shared group, keep the personal one.
        Assert.Equal(HttpStatusCode.Redirect, (await Post(manager, $"/clients/{companyId}/groups", ("GroupIds", personal.Id.ToString()))).StatusCode);
        Assert.Equal([personal.Id], await Memberships());
        var card = await manager.PageAsync($"/clients/{companyId}");
        Assert.False(card.QuerySelector($"input[name=GroupIds][value='{shared.Id}']")!.HasAttribute("checked"));
        Assert.True(card.QuerySelector($"input[name=GroupIds][value='{personal.Id}']")!.HasAttribute("checked"));

        // Tick both again; untick everything.
        await Post(manager, $"/clients/{companyId}/groups", ("GroupIds", personal.Id.ToString()), ("GroupIds", shared.Id.ToString()));
        Assert.Equal(new[] { shared.Id, personal.Id }.Order(), await Memberships());
        await Post(manager, $"/clients/{companyId}/groups");
        Assert.Empty(await Memberships());
    }

    [Fact]
    public async Task Another_users_personal_group_is_never_shown_nor_accepted()
    {
        using var owner = await ManagerAsync();
        var ownerCompany = await CompanyAsync(owner);
        var secret = "Secret list " + Guid.NewGuid().ToString("N")[..6];
        await Post(owner, $"/clients/{ownerCompany}/groups/new", ("Name", secret), ("Shared", "false"));
        var secretId = await Db(db => db.CompanyGroups.Where(g => g.Name == secret).Select(g => g.Id).SingleAsync());

        using var other = await ManagerAsync();
        var companyId = await CompanyAsync(other);
        var card = await other.PageAsync($"/clients/{companyId}");
        Assert.DoesNotContain(secret, card.DocumentElement.OuterHtml);

        var forged = await Post(other, $"/clients/{companyId}/groups", ("GroupIds", secretId.ToString()));
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.False(await Db(db => db.CompanyGroupMembers.AnyAsync(m => m.GroupId == secretId && m.CompanyId == companyId)));
        // Unticking on the other user's company does not touch the owner's membership either.
        await Post(other, $"/clients/{companyId}/groups");
        Assert.True(await Db(db => db.CompanyGroupMembers.AnyAsync(m => m.GroupId == secretId && m.CompanyId == ownerCompany)));
    }

    [Fact]
    public async Task A_reader_without_the_edit_right_keeps_personal_groups_but_cannot_change_parts_or_shared_groups()
    {
        using var manager = await ManagerAsync();
        var companyId = await CompanyAsync(manager);
        var sharedName = "Partners " + Guid.NewGuid().ToString("N")[..6];
        await Post(manager, $"/clients/{companyId}/groups/new", ("Name", sharedName), ("Shared", "true"));
        var sharedId = await Db(db => db.CompanyGroups.Where(g => g.Name == sharedName).Select(g => g.Id).SingleAsync());

        var (_, readerName) = await app.CreateUserAsync([Permissions.Clients.ViewOwn, Permissions.Clients.ViewAll], "r");
        using var reader = await app.SignedInAsync(readerName);
        var card = await reader.PageAsync($"/clients/{companyId}");
        Assert.Null(card.GetElementById("add-contact"));
        Assert.Null(card.QuerySelector($"input[name=GroupIds][value='{sharedId}']"));
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync($"/clients/{companyId}/contacts/new")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Post(reader, $"/clients/{companyId}/contacts/new", ("FullName", "X"))).StatusCode);

        // A personal group works; a shared one is refused and the shared membership stays.
        Assert.Equal(HttpStatusCode.Redirect, (await Post(reader, $"/clients/{companyId}/groups/new", ("Name", "Mine"), ("Shared", "false"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Post(reader, $"/clients/{companyId}/groups/new", ("Name", "Ours " + Guid.NewGuid().ToString("N")[..6]), ("Shared", "true"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Post(reader, $"/clients/{companyId}/groups", ("GroupIds", sharedId.ToString()))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Post(reader, $"/clients/{companyId}/groups")).StatusCode);
        Assert.True(await Db(db => db.CompanyGroupMembers.AnyAsync(m => m.GroupId == sharedId && m.CompanyId == companyId)));
        Assert.False(await Db(db => db.ContactPersons.AnyAsync(p => p.CompanyId == companyId)));
    }

}

public sealed class CompanyPartsTestsSqlite(SqliteApp app) : CompanyPartsTests(app);
public sealed class CompanyPartsTestsPostgreSql(PostgreSqlApp app) : CompanyPartsTests(app);
