using WebCrm.Domain.Common;
using WebCrm.Domain.Reference;

namespace WebCrm.Domain.Clients;

/// <summary>A client company: the heart of the company card.</summary>
public class Company : Entity, ISearchable
{
    public string Name { get; set; } = "";
    public string? LegalName { get; set; }
    public int? TypeId { get; set; }
    public ReferenceItem? Type { get; set; }
    public string? Inn { get; set; }
    public string? Kpp { get; set; }
    public string? Ogrn { get; set; }
    public string? LegalAddress { get; set; }
    public string? PostalAddress { get; set; }
    public string? City { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? Website { get; set; }
    public int? RegionId { get; set; }
    public ReferenceItem? Region { get; set; }
    public int? IndustryId { get; set; }
    public ReferenceItem? Industry { get; set; }
    public int? SourceId { get; set; }
    public ReferenceItem? Source { get; set; }
    /// <summary>User id of the responsible manager; decides who sees the company.</summary>
    public string ResponsibleId { get; set; } = "";
    public string? Notes { get; set; }
    public string SearchText { get; set; } = "";

    /// <summary>
    /// The name alone, normalised like the search text (trimmed, lower case): the quick search's "best match" order lists
    /// the companies whose name key starts with the term first, read from an index in key order. Kept with the search text.
    /// </summary>
    [Derived]
    public string NameKey { get; set; } = "";

    public void RefreshSearchText()
    {
        SearchText = Common.SearchText.Of(Name, LegalName, Inn, Phone, Email, City);
        NameKey = Common.SearchText.Of(Name);
    }

    public List<ContactPerson> Contacts { get; set; } = [];
    public List<BankAccount> BankAccounts { get; set; } = [];
    public List<CompanyGroupMember> Groups { get; set; } = [];
    public List<Contract> Contracts { get; set; } = [];
}

public class ContactPerson : Entity, IHasHistoryRoot, ISearchable
{
    public int CompanyId { get; set; }
    public Company? Company { get; set; }
    public string FullName { get; set; } = "";
    public int? PositionId { get; set; }
    public ReferenceItem? Position { get; set; }
    public string? Phone { get; set; }
    public string? MobilePhone { get; set; }
    public string? Email { get; set; }
    private DateOnly? _birthday;

    public DateOnly? Birthday
    {
        get => _birthday;
        set
        {
            _birthday = value;
            BirthdayMonthDay = MonthDay.Of(value);
        }
    }

    /// <summary>
    /// The birthday as month × 100 + day (17 May → 517), stored beside it and indexed so the calendar and the home page
    /// find the birthdays of a range of days without reading every contact person. Set with <see cref="Birthday"/>.
    /// </summary>
    [Derived]
    public int? BirthdayMonthDay { get; private set; }

    public string? Notes { get; set; }
    public string SearchText { get; set; } = "";

    public void RefreshSearchText() => SearchText = Common.SearchText.Of(FullName, Phone, MobilePhone, Email);

    public (string Type, string Id) HistoryRoot => (nameof(Company), CompanyId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

public class BankAccount : Entity, IHasHistoryRoot
{
    public int CompanyId { get; set; }
    public Company? Company { get; set; }
    public string BankName { get; set; } = "";
    public string Bik { get; set; } = "";
    public string? CorrespondentAccount { get; set; }
    public string AccountNumber { get; set; } = "";

    public (string Type, string Id) HistoryRoot => (nameof(Company), CompanyId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>A named set of companies: shared (no owner) or personal (visible only to its owner).</summary>
public class CompanyGroup : Entity
{
    public string Name { get; set; } = "";
    public string? OwnerId { get; set; }
    public bool IsShared => OwnerId is null;
}

public class CompanyGroupMember
{
    public int GroupId { get; set; }
    public CompanyGroup? Group { get; set; }
    public int CompanyId { get; set; }
    public Company? Company { get; set; }
}

public class Contract : Entity, IHasHistoryRoot
{
    public int CompanyId { get; set; }
    public Company? Company { get; set; }
    public string Number { get; set; } = "";
    public DateOnly Date { get; set; }
    public string? Subject { get; set; }
    public decimal? Amount { get; set; }
    public int? CurrencyId { get; set; }
    public Currency? Currency { get; set; }
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidUntil { get; set; }
    public int? StatusId { get; set; }
    public ReferenceItem? Status { get; set; }
    public string? FileName { get; set; }
    public string? FileContentType { get; set; }
    public long? FileSize { get; set; }
    /// <summary>The file body lives in its own row so lists of contracts never load it.</summary>
    public ContractFile? File { get; set; }

    public (string Type, string Id) HistoryRoot => (nameof(Company), CompanyId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

public class ContractFile
{
    public int ContractId { get; set; }
    public byte[] Content { get; set; } = [];
}
