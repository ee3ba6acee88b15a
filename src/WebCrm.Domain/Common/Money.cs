namespace WebCrm.Domain.Common;

/// <summary>Precision conventions shared by every money column.</summary>
public static class MoneyPrecision
{
    /// <summary>Enough for 10^13 of any currency with four decimals for rates and intermediate results.</summary>
    public const int Precision = 18;
    public const int Scale = 4;
}
