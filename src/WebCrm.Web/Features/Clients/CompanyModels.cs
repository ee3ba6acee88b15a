using WebCrm.Domain.Clients;
using WebCrm.Web.Features.Clients.Filtering;

namespace WebCrm.Web.Features.Clients;

/// <summary>The list page's query string: quick search, filter conditions, sort and page.</summary>
public sealed class CompanyListQuery : IFilterQuery, Shared.IPagedQuery
{
    public const int PageSize = 50;

    public string? Q { get; set; }
    public List<FilterConditionInput> C { get; set; } = [];
    public List<string?> G { get; set; } = [];
    public string? J { get; set; }
    public string? Fb { get; set; }
    public string? Sort { get; set; }
    public bool Desc { get; set; }
    public int Page { get; set; } = 1;
    /// <summary>Rows per page: one of <see cref="Shared.PageSizes.Offered"/>, else the default.</summary>
    public int? Size { get; set; }
    public int Take => Shared.PageSizes.Of(Size);
    public int? Saved { get; set; }
    /// <summary>The saved filter's own "Apply" button was pressed.</summary>
    [Microsoft.AspNetCore.Mvc.ModelBinder(Name = "apply-saved")]
    public bool ApplySaved { get; set; }
}

public sealed record CompanyRow(int Id, string Name, string? Inn, string? City, string? Region, string? Type,
    string? ResponsibleName, string? Phone, DateTime CreatedAtUtc, decimal? Debt = null);

public sealed record SavedFilterOption(int Id, string Name, bool IsShared, bool IsMine);

public sealed class CompanyListViewModel
{
    public required CompanyListQuery Query { get; init; }
    public required IReadOnlyList<CompanyRow> Rows { get; init; }
    public required int Total { get; init; }
    public required FilterBuilderModel Filter { get; init; }
    public required IReadOnlyList<SavedFilterOption> SavedFilters { get; init; }
    public bool CanCreate { get; init; }
    public bool CanExport { get; init; }
    public bool CanShareFilters { get; init; }
    /// <summary>The user sees deals, so the list shows (and sorts on) each company's total debt.</summary>
    public bool ShowDebt { get; init; }
    /// <summary>The currency of the debt column (the base currency).</summary>
    public string? BaseCurrencyCode { get; init; }
    /// <summary>More companies match than <see cref="CompanyList.CountCap"/>; <see cref="Total"/> is the cap.</summary>
    public bool TotalIsCapped { get; init; }

    /// <summary>Known pages, plus the next one while a capped list still fills its pages.</summary>
    public int Pages
    {
        get
        {
            var counted = Math.Max(1, (Total + Query.Take - 1) / Query.Take);
            return TotalIsCapped ? Math.Max(counted, Query.Page + (Rows.Count == Query.Take ? 1 : 0)) : counted;
        }
    }
}

/// <summary>The main data of a company as the edit form posts it.</summary>
public sealed class CompanyInput
{
    public string? Name { get; set; }
    public string? LegalName { get; set; }
    public int? TypeId { get; set; }
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
    public int? IndustryId { get; set; }
    public int? SourceId { get; set; }
    public string? ResponsibleId { get; set; }
    public string? Notes { get; set; }
    public Guid ConcurrencyStamp { get; set; }
    /// <summary>Custom field values keyed by definition id, as text from the form.</summary>
    public Dictionary<int, string?> Custom { get; set; } = [];
    /// <summary>Only when creating: the company's first contact person, saved with it when a name is given.</summary>
    public FirstContactInput FirstContact { get; set; } = new();
}

/// <summary>The first contact person offered on the new-company form.</summary>
public sealed class FirstContactInput
{
    public string? FullName { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(FullName) && string.IsNullOrWhiteSpace(Phone) && string.IsNullOrWhiteSpace(Email);
}



public sealed class CompanyFormViewModel
{
    public int? Id { get; init; }
    public required CompanyInput Input { get; init; }
    public required IReadOnlyList<Option> Types { get; init; }
    public required IReadOnlyList<Option> Regions { get; init; }
    public required IReadOnlyList<Option> Industries { get; init; }
    public required IReadOnlyList<Option> Sources { get; init; }
    public required IReadOnlyList<Option> Users { get; init; }
    public required IReadOnlyList<CustomFieldEditor> CustomFields { get; init; }
    public bool CanReassign { get; init; }
    public IReadOnlyList<ConflictField> Conflict { get; init; } = [];
}

public sealed record ContactRow(int Id, string FullName, string? Position, string? Phone, string? MobilePhone, string? Email, DateOnly? Birthday, string? Notes);

public sealed record BankAccountRow(int Id, string BankName, string Bik, string? CorrespondentAccount, string AccountNumber);

public sealed record GroupRow(int Id, string Name, bool IsShared, bool IsMember);

public sealed record ContractRow(int Id, string Number, DateOnly Date, string? Subject, decimal? Amount, string? Currency,
    DateOnly? ValidFrom, DateOnly? ValidUntil, string? Status, string? FileName, long? FileSize);



public sealed class CompanyCardViewModel
{
    public required int Id { get; init; }
    public required string Name { get; init; }
    public string? LegalName { get; init; }
    public string? Type { get; init; }
    public string? Inn { get; init; }
    public string? Kpp { get; init; }
    public string? Ogrn { get; init; }
    public string? LegalAddress { get; init; }
    public string? PostalAddress { get; init; }
    public string? City { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public string? Website { get; init; }
    public string? Region { get; init; }
    public string? Industry { get; init; }
    public string? Source { get; init; }
    public string? ResponsibleName { get; init; }
    public string? Notes { get; init; }
    public DateTime CreatedAtUtc { get; init; }
    public string? CreatedBy { get; init; }
    public DateTime UpdatedAtUtc { get; init; }
    public string? UpdatedBy { get; init; }
    public IReadOnlyList<ContactRow> Contacts { get; set; } = [];
    public IReadOnlyList<BankAccountRow> BankAccounts { get; set; } = [];
    public IReadOnlyList<GroupRow> Groups { get; set; } = [];
    public IReadOnlyList<ContractRow> Contracts { get; set; } = [];
    public IReadOnlyList<CustomFieldDisplay> CustomFields { get; set; } = [];
    /// <summary>Custom field values of each contact person, by contact id (only the filled ones).</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<CustomFieldDisplay>> ContactCustomFields { get; set; } = new Dictionary<int, IReadOnlyList<CustomFieldDisplay>>();
    public IReadOnlyList<HistoryRow> History { get; set; } = [];
    public WebCrm.Web.Features.Deals.CompanyDealsSection Deals { get; set; } = new();
    /// <summary>How many rows the products-bought tab has (null without a right to see deals).</summary>
    public int? ProductCount { get; set; }
    public bool CanEdit { get; set; }
    public bool CanDelete { get; set; }
}
