namespace WebCrm.Domain.Clients;

/// <summary>
/// Format and checksum rules of Russian registration and bank numbers (ИНН, КПП, ОГРН/ОГРНИП, БИК, расчётный
/// и корреспондентский счёт), plus generators of valid numbers for demo data and tests.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>INN of a legal entity (10 digits): digit 10 = (Σ d[i]·w[i] mod 11) mod 10, w = 2 4 10 3 5 9 4 6 8.</item>
/// <item>INN of an individual (12 digits): digit 11 from the first 10 with w = 7 2 4 10 3 5 9 4 6 8, digit 12 from
/// the first 11 with w = 3 7 2 4 10 3 5 9 4 6 8; both mod 11 then mod 10.</item>
/// <item>KPP (9 characters): 4 digits (tax office), 2 digits or capital Latin letters (reason), 3 digits.</item>
/// <item>OGRN (13 digits): digit 13 = (first 12 as a number mod 11) mod 10; OGRNIP (15 digits): digit 15 =
/// (first 14 mod 13) mod 10.</item>
/// <item>BIK: 9 digits.</item>
/// <item>Accounts (20 digits): the 23 digits "last 3 of the BIK" + account (settlement) or "0" + BIK digits 5–6 +
/// account (correspondent, which starts with 301) weighted 7 1 3 7 1 3 … sum to a multiple of 10.</item>
/// </list>
/// Every check returns false for null, empty or badly formed input; callers trim first.
/// </remarks>
public static class RussianTaxNumbers
{
    private static readonly int[] Inn10Weights = [2, 4, 10, 3, 5, 9, 4, 6, 8];
    private static readonly int[] Inn12Weights1 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
    private static readonly int[] Inn12Weights2 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
    private static readonly int[] AccountWeights = [7, 1, 3];

    /// <summary>Either form of INN: 10 digits (legal entity) or 12 digits (individual).</summary>
    public static bool IsValidInn(string? inn) => IsValidLegalEntityInn(inn) || IsValidIndividualInn(inn);

    public static bool IsValidLegalEntityInn(string? inn) =>
        IsDigits(inn, 10) && inn![9] - '0' == WeightedCheck(inn, Inn10Weights);

    public static bool IsValidIndividualInn(string? inn) =>
        IsDigits(inn, 12)
        && inn![10] - '0' == WeightedCheck(inn, Inn12Weights1)
        && inn[11] - '0' == WeightedCheck(inn, Inn12Weights2);

    public static bool IsValidKpp(string? kpp)
    {
        if (kpp is not { Length: 9 })
        {
            return false;
        }
        for (var i = 0; i < 9; i++)
        {
            var c = kpp[i];
            var ok = i is 4 or 5 ? IsAsciiDigit(c) || c is >= 'A' and <= 'Z' : IsAsciiDigit(c);
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Either form: OGRN of a legal entity (13 digits) or OGRNIP of an individual entrepreneur (15 digits).</summary>
    public static bool IsValidOgrnOrOgrnip(string? number) => IsValidOgrn(number) || IsValidOgrnip(number);

    public static bool IsValidOgrn(string? ogrn) => IsDigits(ogrn, 13) && ogrn![12] - '0' == Remainder(ogrn.AsSpan(0, 12), 11) % 10;

    public static bool IsValidOgrnip(string? ogrnip) => IsDigits(ogrnip, 15) && ogrnip![14] - '0' == Remainder(ogrnip.AsSpan(0, 14), 13) % 10;

    public static bool IsValidBik(string? bik) => IsDigits(bik, 9);

    /// <summary>A settlement (current) account checked against the BIK of its bank.</summary>
    public static bool IsValidAccount(string? account, string? bik) =>
        IsValidBik(bik) && IsDigits(account, 20) && AccountKeySum(bik![6..], account!) % 10 == 0;

    /// <summary>A correspondent account (starts with 301) checked against the BIK of its bank.</summary>
    public static bool IsValidCorrespondentAccount(string? account, string? bik) =>
        IsValidBik(bik) && IsDigits(account, 20) && account!.StartsWith("301", StringComparison.Ordinal)
        && AccountKeySum("0" + bik![4..6], account) % 10 == 0;

    // ---- generators ----

    /// <summary>An INN of a legal entity; <paramref name="region"/> (1–99) sets its first two digits, random otherwise.</summary>
    public static string NewInn10(Random random, int? region = null)
    {
        // The first two digits are a region code, the next two the tax office.
        var digits = new char[10];
        WriteRegionCode(digits, random, region);
        FillDigits(digits, 2, 9, random);
        digits[9] = (char)('0' + WeightedCheck(digits, Inn10Weights));
        return new string(digits);
    }

    /// <summary>An INN of an individual; <paramref name="region"/> (1–99) sets its first two digits, random otherwise.</summary>
    public static string NewInn12(Random random, int? region = null)
    {
        var digits = new char[12];
        WriteRegionCode(digits, random, region);
        FillDigits(digits, 2, 10, random);
        digits[10] = (char)('0' + WeightedCheck(digits, Inn12Weights1));
        digits[11] = (char)('0' + WeightedCheck(digits, Inn12Weights2));
        return new string(digits);
    }

    /// <summary>An OGRN of a legal entity: sign 1 or 5, a registration year (02–25), a region and a record number.</summary>
    public static string NewOgrn(Random random, int? region = null)
    {
        var digits = new char[13];
        digits[0] = random.Next(2) == 0 ? '1' : '5';
        var year = random.Next(2, 26);
        digits[1] = (char)('0' + year / 10);
        digits[2] = (char)('0' + year % 10);
        var regionDigits = new char[2];
        WriteRegionCode(regionDigits, random, region);
        digits[3] = regionDigits[0];
        digits[4] = regionDigits[1];
        FillDigits(digits, 5, 12, random);
        digits[12] = (char)('0' + Remainder(digits.AsSpan(0, 12), 11) % 10);
        return new string(digits);
    }

    /// <summary>An OGRNIP of an individual entrepreneur: sign 3, then 13 digits and the check digit.</summary>
    public static string NewOgrnip(Random random, int? region = null)
    {
        var digits = new char[15];
        digits[0] = '3';
        var year = random.Next(4, 26);
        digits[1] = (char)('0' + year / 10);
        digits[2] = (char)('0' + year % 10);
        var regionDigits = new char[2];
        WriteRegionCode(regionDigits, random, region);
        digits[3] = regionDigits[0];
        digits[4] = regionDigits[1];
        FillDigits(digits, 5, 14, random);
        digits[14] = (char)('0' + Remainder(digits.AsSpan(0, 14), 13) % 10);
        return new string(digits);
    }

    /// <summary>A KPP; most companies register for the ordinary reason "01".</summary>
    public static string NewKpp(Random random, string? inn = null)
    {
        // The tax office code of the KPP usually equals the first four digits of the INN.
        var office = inn is { Length: >= 4 } && IsDigits(inn[..4], 4) ? inn[..4] : random.Next(100, 10000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
        var reason = random.Next(10) switch { < 7 => "01", 7 => "43", 8 => "45", _ => "AA" };
        return office + reason + "001";
    }

    /// <summary>A BIK of a Russian bank: 04, a region code, a division and a bank number of 050 or more (those have correspondent accounts).</summary>
    public static string NewBik(Random random)
    {
        var region = random.Next(1, 100);
        var division = random.Next(0, 100);
        var bank = random.Next(50, 1000);
        return FormattableString.Invariant($"04{region:D2}{division:D2}{bank:D3}");
    }

    /// <summary>A settlement account of a legal entity in roubles (40702 810) at the bank with this BIK.</summary>
    public static string NewAccount(string bik, Random random)
    {
        if (!IsValidBik(bik))
        {
            throw new ArgumentException("Not a BIK.", nameof(bik));
        }
        var digits = new char[20];
        "40702810".CopyTo(digits);
        digits[8] = '0';
        FillDigits(digits, 9, 20, random);
        digits[8] = KeyDigit(bik[6..], digits);
        return new string(digits);
    }

    /// <summary>The correspondent account of the bank with this BIK at the Bank of Russia: 30101 810 K 00000000 + last 3 of the BIK.</summary>
    public static string NewCorrespondentAccount(string bik)
    {
        if (!IsValidBik(bik))
        {
            throw new ArgumentException("Not a BIK.", nameof(bik));
        }
        var digits = ("301018100" + "00000000" + bik[6..]).ToCharArray();
        digits[8] = KeyDigit("0" + bik[4..6], digits);
        return new string(digits);
    }

    // ---- helpers ----

    private static bool IsAsciiDigit(char c) => c is >= '0' and <= '9';

    private static bool IsDigits(string? value, int length)
    {
        if (value is null || value.Length != length)
        {
            return false;
        }
        foreach (var c in value)
        {
            if (!IsAsciiDigit(c))
            {
                return false;
            }
        }
        return true;
    }

    private static int WeightedCheck(ReadOnlySpan<char> digits, int[] weights)
    {
        var sum = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += (digits[i] - '0') * weights[i];
        }
        return sum % 11 % 10;
    }

    private static int WeightedCheck(string digits, int[] weights) => WeightedCheck(digits.AsSpan(), weights);

    /// <summary>The remainder of a long decimal number, digit by digit so no overflow can happen.</summary>
    private static int Remainder(ReadOnlySpan<char> digits, int divisor)
    {
        var remainder = 0;
        foreach (var c in digits)
        {
            remainder = (remainder * 10 + (c - '0')) % divisor;
        }
        return remainder;
    }

    private static int AccountKeySum(string prefix, ReadOnlySpan<char> account)
    {
        var sum = 0;
        var i = 0;
        foreach (var c in prefix)
        {
            sum += (c - '0') * AccountWeights[i++ % 3];
        }
        foreach (var c in account)
        {
            sum += (c - '0') * AccountWeights[i++ % 3];
        }
        return sum;
    }

    /// <summary>The control key (9th digit of an account) that makes the weighted sum a multiple of 10.</summary>
    private static char KeyDigit(string prefix, char[] account)
    {
        for (var k = '0'; k <= '9'; k++)
        {
            account[8] = k;
            if (AccountKeySum(prefix, account) % 10 == 0)
            {
                return k;
            }
        }
        throw new InvalidOperationException("No control key fits."); // unreachable: the key's weight (3) is coprime with 10
    }

    private static void WriteRegionCode(char[] digits, Random random, int? fixedRegion)
    {
        var region = fixedRegion is >= 1 and <= 99 ? fixedRegion.Value : random.Next(1, 100);
        digits[0] = (char)('0' + region / 10);
        digits[1] = (char)('0' + region % 10);
    }

    private static void FillDigits(char[] digits, int from, int to, Random random)
    {
        for (var i = from; i < to; i++)
        {
            digits[i] = (char)('0' + random.Next(10));
        }
    }
}
