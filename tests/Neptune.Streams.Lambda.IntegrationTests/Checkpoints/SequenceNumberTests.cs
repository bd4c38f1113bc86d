using System.Globalization;
using System.Numerics;
using Neptune.Streams.Lambda.Checkpoints;

namespace Neptune.Streams.Lambda.IntegrationTests.Checkpoints;

/// <summary>Sequence numbers compare as numbers, and their padded form sorts as text the same way.</summary>
public sealed class SequenceNumberTests
{
    [Theory]
    [InlineData("9", "10", -1)]
    [InlineData("10", "9", 1)]
    [InlineData("49651234567890", "49651234567890", 0)]
    [InlineData("007", "7", 0)]
    [InlineData("0", "000", 0)]
    [InlineData("49590338271490256608559692538361571095921575989136588898", "49590338271490256608559692540925702759324208523137515618", -1)]
    public void Compare_OrdersAsNumbers(string left, string right, int expected)
    {
        Assert.Equal(expected, SequenceNumber.Compare(left, right));
    }

    [Fact]
    public void Compare_AndPaddedTextOrder_AgreeWithBigIntegerOnRandomNumbersUpTo128Digits()
    {
        var random = new Random(128);
        for (int i = 0; i < 2000; i++)
        {
            string a = RandomNumber(random);
            string b = random.Next(10) == 0 ? a : RandomNumber(random);
            int expected = BigInteger.Parse(a, CultureInfo.InvariantCulture).CompareTo(BigInteger.Parse(b, CultureInfo.InvariantCulture));

            Assert.Equal(Math.Sign(expected), SequenceNumber.Compare(a, b));
            Assert.Equal(Math.Sign(expected), Math.Sign(string.CompareOrdinal(SequenceNumber.Pad(a), SequenceNumber.Pad(b))));
        }
    }

    [Fact]
    public void Pad_MakesEveryNumber128DigitsAndUnpadRestoresIt()
    {
        string padded = SequenceNumber.Pad("4711");

        Assert.Equal(SequenceNumber.StoredLength, padded.Length);
        Assert.EndsWith("4711", padded, StringComparison.Ordinal);
        Assert.Equal("4711", SequenceNumber.Unpad(padded));
        Assert.Equal("0", SequenceNumber.Unpad(new string('0', 128)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12a")]
    [InlineData("-5")]
    [InlineData(" 5")]
    public void Invalid_IsRejectedWithAClearError(string value)
    {
        Assert.False(SequenceNumber.IsValid(value));
        var ex = Assert.Throws<ArgumentException>(() => SequenceNumber.Pad(value));
        Assert.Contains("decimal digits", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TooLong_IsRejected()
    {
        Assert.False(SequenceNumber.IsValid(new string('1', 129)));
        Assert.Throws<ArgumentException>(() => SequenceNumber.Compare(new string('1', 129), "1"));
    }

    private static string RandomNumber(Random random)
    {
        int length = random.Next(1, 129);
        var digits = new char[length];
        for (int i = 0; i < length; i++)
        {
            digits[i] = (char)('0' + random.Next(i == 0 && length > 1 ? 1 : 0, 10));
        }

        return new string(digits);
    }
}
