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

/// <summary>Contracts with files, other managers' and other companies' parts, and HTML in every text field of the parts.</summary>
public abstract partial class CompanyPartsTests
{
    [Fact]
    public async Task A_contract_with_a_file_is_added_downloaded_edited_and_removed()
    {
        using var manager = await ManagerAsync();
        var companyId = await CompanyAsync(manager);
        var statusId = await Db(db => db.ReferenceItems.Where(r => r.Kind == Domain.Reference.ReferenceListKind.ContractStatus && r.IsActive).Select(r => r.Id).FirstAsync());
        var fields = (await ContractFieldsAsync()).Append(("StatusId", statusId.ToString())).ToArray();

        var added = await PostContract(manager, $"/clients/{companyId}/contracts/new", fields, ("contract.pdf", "application/pdf", PdfBytes));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var contract = await Db(db => db.Contracts.AsNoTracking().SingleAsync(k => k.CompanyId == companyId));
        Assert.Equal(("D-1", 1000.50m, "contract.pdf", "application/pdf", (long)PdfBytes.Length, statusId),
            (contract.Number, contract.Amount!.Value, contract.FileName, contract.FileContentType, contract.FileSize!.Value, contract.StatusId!.Value));

        var download = await manager.GetAsync($"/clients/{companyId}/contracts/{contract.Id}/file");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(PdfBytes, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());

        var card = await manager.PageAsync($"/clients/{companyId}");
        Assert.NotNull(card.QuerySelector($"tr[data-contract='{contract.Id}'] a[href='/clients/{companyId}/contracts/{contract.Id}/file']"));

        // Replace the file with a text file and change the number.
        var url = $"/clients/{companyId}/contracts/{contract.Id}/edit";
        var edit = await manager.PageAsync(url);
        Assert.Equal("D-1", edit.QuerySelector("input[name=Number]")!.GetAttribute("value"));
        var text = "Приложение 1\r\nTerms\n"u8.ToArray();
        var replaced = await PostContract(manager, url, [.. (await ContractFieldsAsync("D-1/2")), ("ConcurrencyStamp", Stamp(edit))], ("terms.txt", "text/plain", text));
        Assert.Equal(HttpStatusCode.Redirect, replaced.StatusCode);
        download = await manager.GetAsync($"/clients/{companyId}/contracts/{contract.Id}/file");
        Assert.Equal(text, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, await Db(db => db.ContractFiles.CountAsync(f => f.ContractId == contract.Id)));

        // Remove the file, keep the contract.
        edit = await manager.PageAsync(url);
        var dropped = await PostContract(manager, url, [.. (await ContractFieldsAsync("D-1/2")), ("ConcurrencyStamp", Stamp(edit)), ("RemoveFile", "true")]);
        Assert.Equal(HttpStatusCode.Redirect, dropped.StatusCode);
        Assert.Null(await Db(db => db.Contracts.Where(k => k.Id == contract.Id).Select(k => k.FileName).SingleAsync()));
        Assert.False(await Db(db => db.ContractFiles.AnyAsync(f => f.ContractId == contract.Id)));
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/clients/{companyId}/contracts/{contract.Id}/file")).StatusCode);

        edit = await manager.PageAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, (await Post(manager, $"/clients/{companyId}/contracts/{contract.Id}/delete", ("stamp", Stamp(edit)))).StatusCode);
        Assert.False(await Db(db => db.Contracts.AnyAsync(k => k.Id == contract.Id)));
    }

    [Fact]
    public async Task Contract_input_and_files_are_validated_with_messages()
    {
        using var manager = await ManagerAsync();
        var companyId = await CompanyAsync(manager);
        var url = $"/clients/{companyId}/contracts/new";
        var fields = await ContractFieldsAsync();

        var page = await Unprocessable(await PostContract(manager, url,
            [("Number", ""), ("Date", "2026-03-01"), ("Amount", "-5"), ("ValidFrom", "2026-05-01"), ("ValidUntil", "2026-04-01"), ("Subject", new string('s', 1001))]));
        Assert.Equal("Enter the contract number.", FieldError(page, "Number"));
        Assert.Equal("The amount cannot be negative.", FieldError(page, "Amount"));
        Assert.Equal("Choose the currency of the amount.", FieldError(page, "CurrencyId"));
        Assert.Equal("The contract cannot end before it starts.", FieldError(page, "ValidUntil"));
        Assert.Equal("At most 1000 characters.", FieldError(page, "Subject"));

        // A program renamed to .pdf is refused, whatever type it claims.
        byte[] exe = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00];
        page = await Unprocessable(await PostContract(manager, url, fields, ("invoice.pdf", "application/pdf", exe)));
        Assert.Equal("The file's content does not match its type.", FieldError(page, "File"));
        page = await Unprocessable(await PostContract(manager, url, fields, ("setup.exe", "application/octet-stream", exe)));
        Assert.Equal("Only PDF, Word (DOC, DOCX), Excel (XLS, XLSX), ODT, PNG, JPEG and TXT files can be attached.", FieldError(page, "File"));
        page = await Unprocessable(await PostContract(manager, url, fields, ("scan.pdf", "text/html", PdfBytes)));
        Assert.Equal("Only PDF, Word (DOC, DOCX), Excel (XLS, XLSX), ODT, PNG, JPEG and TXT files can be attached.", FieldError(page, "File"));

        var max = await app.WithServiceAsync<ContractEditing, long>(s => Task.FromResult(s.MaxFileBytes));
        var big = new byte[max + 1];
        PdfBytes.CopyTo(big, 0);
        page = await Unprocessable(await PostContract(manager, url, fields, ("big.pdf", "application/pdf", big)));
        Assert.StartsWith("The file is too large", FieldError(page, "File"));

        Assert.False(await Db(db => db.Contracts.AnyAsync(k => k.CompanyId == companyId)));

        // Real magic numbers of the other kinds pass.
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
        byte[] docx = [0x50, 0x4B, 0x03, 0x04, 20, 0, 6, 0];
        byte[] doc = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
        Assert.Equal(HttpStatusCode.Redirect, (await PostContract(manager, url, await ContractFieldsAsync("P"), ("scan.png", "image/png", png))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostContract(manager, url, await ContractFieldsAsync("W"),
            ("terms.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostContract(manager, url, await ContractFieldsAsync("O"), ("old.doc", "application/msword", doc))).StatusCode);
    }

    // ---- rights ----

    [Fact]
    public async Task Another_managers_company_parts_are_not_found_and_nothing_changes()
    {
        using var owner = await ManagerAsync();
        var companyId = await CompanyAsync(owner);
        await Post(owner, $"/clients/{companyId}/contacts/new", ("FullName", "Owner's contact"));
        await PostContract(owner, $"/clients/{companyId}/contracts/new", await ContractFieldsAsync(), ("c.pdf", "application/pdf", PdfBytes));
        var contactId = await Db(db => db.ContactPersons.Where(p => p.CompanyId == companyId).Select(p => p.Id).SingleAsync());
        var contractId = await Db(db => db.Contracts.Where(k => k.CompanyId == companyId).Select(k => k.Id).SingleAsync());
        var (bik, account, _) = BankNumbers();

        using var intruder = await ManagerAsync();
        foreach (var url in new[] { $"/clients/{companyId}/contacts/new", $"/clients/{companyId}/contacts/{contactId}/edit",
                     $"/clients/{companyId}/bank-accounts/new", $"/clients/{companyId}/contracts/new", $"/clients/{companyId}/groups/new",
                     $"/clients/{companyId}/contracts/{contractId}/file" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync(url)).StatusCode);
        }
        var stamp = await Db(db => db.ContactPersons.Where(p => p.Id == contactId).Select(p => p.ConcurrencyStamp).SingleAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await Post(intruder, $"/clients/{companyId}/contacts/new", ("FullName", "Forged"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Post(intruder, $"/clients/{companyId}/contacts/{contactId}/edit", ("FullName", "Forged"), ("ConcurrencyStamp", stamp.ToString()))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Post(intruder, $"/clients/{companyId}/contacts/{contactId}/delete", ("stamp", stamp.ToString()))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Post(intruder, $"/clients/{companyId}/bank-accounts/new", ("BankName", "Forged"), ("Bik", bik), ("AccountNumber", account))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostContract(intruder, $"/clients/{companyId}/contracts/new", await ContractFieldsAsync("Forged"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Post(intruder, $"/clients/{companyId}/contracts/{contractId}/delete", ("stamp", Guid.Empty.ToString()))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Post(intruder, $"/clients/{companyId}/groups/new", ("Name", "Forged"), ("Shared", "false"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Post(intruder, $"/clients/{companyId}/groups")).StatusCode);
        // Invalid input on someone else's company reveals nothing either.
        Assert.Equal(HttpStatusCode.NotFound, (await Post(intruder, $"/clients/{companyId}/contacts/new", ("FullName", ""))).StatusCode);

        Assert.Equal(["Owner's contact"], await Db(db => db.ContactPersons.Where(p => p.CompanyId == companyId).Select(p => p.FullName).ToArrayAsync()));
        Assert.False(await Db(db => db.BankAccounts.AnyAsync(b => b.CompanyId == companyId)));
        Assert.Equal(1, await Db(db => db.Contracts.CountAsync(k => k.CompanyId == companyId)));
        Assert.False(await Db(db => db.CompanyGroups.AnyAsync(g => g.Name == "Forged")));

        // The owner still downloads the file.
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/clients/{companyId}/contracts/{contractId}/file")).StatusCode);
    }

    [Fact]
    public async Task A_part_of_another_company_is_not_found_through_this_companys_address()
    {
        using var manager = await ManagerAsync();
        var first = await CompanyAsync(manager, "First");
        var second = await CompanyAsync(manager, "Second");
        await Post(manager, $"/clients/{second}/contacts/new", ("FullName", "Second's contact"));
        var (bik, account, _) = BankNumbers();
        await Post(manager, $"/clients/{second}/bank-accounts/new", ("BankName", "Bank"), ("Bik", bik), ("AccountNumber", account));
        await PostContract(manager, $"/clients/{second}/contracts/new", await ContractFieldsAsync(), ("c.pdf", "application/pdf", PdfBytes));
        var contact = await Db(db => db.ContactPersons.AsNoTracking().SingleAsync(p => p.CompanyId == second));
        var accountId = await Db(db => db.BankAccounts.Where(b => b.CompanyId == second).Select(b => b.Id).SingleAsync());
        var contractId = await Db(db => db.Contracts.Where(k => k.CompanyId == second).Select(k => k.Id).SingleAsync());

        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/clients/{first}/contacts/{contact.Id}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/clients/{first}/contracts/{contractId}/file")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Post(manager, $"/clients/{first}/contacts/{contact.Id}/edit",
            ("FullName", "Moved"), ("ConcurrencyStamp", contact.ConcurrencyStamp.ToString()))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Post(manager, $"/clients/{first}/contacts/{contact.Id}/delete", ("stamp", contact.ConcurrencyStamp.ToString()))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Post(manager, $"/clients/{first}/bank-accounts/{accountId}/delete", ("stamp", Guid.Empty.ToString()))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostContract(manager, $"/clients/{first}/contracts/{contractId}/edit", await ContractFieldsAsync("Moved"))).StatusCode);

        var stored = await Db(db => db.ContactPersons.AsNoTracking().SingleAsync(p => p.Id == contact.Id));
        Assert.Equal(("Second's contact", second), (stored.FullName, stored.CompanyId));
        Assert.True(await Db(db => db.BankAccounts.AnyAsync(b => b.Id == accountId)));
        var storedContract = await Db(db => db.Contracts.AsNoTracking().SingleAsync(k => k.Id == contractId));
        Assert.Equal(("D-1", second), (storedContract.Number, storedContract.CompanyId));
    }

    // ---- output encoding ----

    [Fact]
    public async Task Html_in_every_text_field_of_the_parts_is_shown_as_text_on_the_card()
    {
        using var manager = await ManagerAsync();
        var companyId = await CompanyAsync(manager);
        var (bik, account, _) = BankNumbers();
        Assert.Equal(HttpStatusCode.Redirect, (await Post(manager, $"/clients/{companyId}/contacts/new", ("FullName", Script + "name"), ("Phone", Script),
            ("MobilePhone", "<b>m</b>"), ("Email", "<i>x</i>@example.ru"), ("Notes", "<img src=x onerror=alert(1)>"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Post(manager, $"/clients/{companyId}/bank-accounts/new", ("BankName", Script + "bank"), ("Bik", bik), ("AccountNumber", account))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostContract(manager, $"/clients/{companyId}/contracts/new",
            [("Number", Script), ("Date", "2026-01-01"), ("Subject", "<img src=x onerror=alert(2)>")], ("<img src=y onerror=alert(3)>.pdf", "application/pdf", PdfBytes))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Post(manager, $"/clients/{companyId}/groups/new", ("Name", Script + Guid.NewGuid().ToString("N")[..6]), ("Shared", "false"))).StatusCode);

        var response = await manager.GetAsync($"/clients/{companyId}");
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Script, html);
        Assert.DoesNotContain("<img src=", html);
        Assert.DoesNotContain("<b>m</b>", html);
        Assert.DoesNotContain("<i>x</i>", html);
        var card = await CrmClient.ParseAsync(response);
        Assert.Empty(card.QuerySelectorAll("main script, img[src=x], img[src=y], #contacts b, #contacts i:not(.bi)"));
        foreach (var text in new[] { Script + "name", "<img src=x onerror=alert(1)>", Script + "bank", "<img src=x onerror=alert(2)>", "<img src=y onerror=alert(3)>.pdf" })
        {
            Assert.Contains(text, card.Body!.TextContent);
        }
        // And on the edit forms.
        var contactId = await Db(db => db.ContactPersons.Where(p => p.CompanyId == companyId).Select(p => p.Id).SingleAsync());
        var form = await (await manager.GetAsync($"/clients/{companyId}/contacts/{contactId}/edit")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(Script, form);
    }
}
