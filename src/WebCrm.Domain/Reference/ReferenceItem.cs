using WebCrm.Domain.Common;

namespace WebCrm.Domain.Reference;

/// <summary>Every configurable list the program uses. Values are never deleted once used: they are deactivated.</summary>
public enum ReferenceListKind
{
    Region = 1,
    Industry = 2,
    ClientSource = 3,
    ClientType = 4,
    ContactPosition = 5,
    LossReason = 6,
    DealStage = 7,
    ActivityType = 8,
    ProductGroup = 9,
    Unit = 10,
    AccountingDocumentType = 11,
    ContractStatus = 12,
}

/// <summary>One value of a reference list, named in both UI languages.</summary>
public class ReferenceItem : Entity
{
    public ReferenceListKind Kind { get; set; }
    public string NameEn { get; set; } = "";
    public string NameRu { get; set; } = "";
    /// <summary>Stable code for values the program itself relies on (e.g. the seeded deal stages); null for user-added ones.</summary>
    public string? Code { get; set; }
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;
    /// <summary>
    /// Only for <see cref="ReferenceListKind.AccountingDocumentType"/>: documents of this type count as a shipment
    /// (waybill, act, universal transfer document) in a deal's receivable; false for every other kind.
    /// </summary>
    public bool CountsAsShipment { get; set; }
    /// <summary>
    /// Only for <see cref="ReferenceListKind.DealStage"/>: the stage is not in the default set proposed for a new deal
    /// (the administrator's choice; every active stage is proposed unless this is set).
    /// </summary>
    public bool NotProposedForNewDeals { get; set; }

    public string Name(string language) => language == "ru" ? NameRu : NameEn;
}

/// <summary>A currency; names are renameable, the code is ISO 4217.</summary>
public class Currency : Entity
{
    public string Code { get; set; } = "";
    public string NameEn { get; set; } = "";
    public string NameRu { get; set; } = "";
    public string Symbol { get; set; } = "";
    /// <summary>Digits after the decimal point of the currency's minor unit (2 for kopecks and cents).</summary>
    public int MinorUnits { get; set; } = 2;
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;

    public string Name(string language) => language == "ru" ? NameRu : NameEn;
}
