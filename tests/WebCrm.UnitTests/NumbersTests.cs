using WebCrm.Web.Features.Shared;

namespace WebCrm.UnitTests;

/// <summary>The one number parser: what people type, read as a Russian user means it; what cannot be read is refused.</summary>
public sealed class NumbersTests
{
    public static TheoryData<string, decimal> Readable => new()
    {
        { "1 000,50", 1000.50m },
        { "1000,50", 1000.50m },
        { "1000.50", 1000.50m },
        { "1 000", 1000m },
        { "1\u00A0000,50", 1000.50m },
        { "1\u202F000,50", 1000.50m },
        { "1\u2009000", 1000m },
        { "100000,50", 100000.50m },
        { "100 000", 100000m },
        { "1 000 000", 1000000m },
        { "  12  ", 12m },
        { "0,5", 0.5m },
        { ",5", 0.5m },
        { "-1 000,5", -1000.5m },
        { "\u22121000", -1000m },
        { "+7", 7m },
        { "1,000.50", 1000.50m },
        { "1.000,50", 1000.50m },
        { "1,000,000", 1000000m },
        { "1.000.000", 1000000m },
        { "1,5", 1.5m },
        { "1.5", 1.5m },
        { "007", 7m },
    };

    [Theory]
    [MemberData(nameof(Readable))]
    public void Reads_what_people_type(string text, decimal expected)
    {
        Assert.True(Numbers.TryParseDecimal(text, out var value), text);
        Assert.Equal(expected, value);
        Assert.Equal(expected, Numbers.Parse(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abc")]
    [InlineData("12abc")]
    [InlineData("1,000,50")]
    [InlineData("1.000.50")]
    [InlineData("1,2.3,4")]
    [InlineData("10 00")]
    [InlineData("1 0000")]
    [InlineData("1000,")]
    [InlineData("1000.")]
    [InlineData(" 1 000 ,5")]
    [InlineData("1000,5 0")]
    [InlineData("1e5")]
    [InlineData("--5")]
    [InlineData("-")]
    [InlineData("١٢٣")]
    [InlineData("99999999999999999999999999999999")]
    [InlineData("1,000.000,5")]
    public void Refuses_what_is_not_a_number(string? text)
    {
        Assert.False(Numbers.TryParseDecimal(text, out _), text);
        Assert.Null(Numbers.Parse(text));
    }
}
