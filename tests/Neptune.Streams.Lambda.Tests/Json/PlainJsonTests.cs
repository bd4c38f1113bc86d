using Neptune.Streams.Lambda.Json;

namespace Neptune.Streams.Lambda.Tests.Json;

/// <summary>The plain readers' own pieces: the vectorized search for a string's end, and the expected-name shortcut.</summary>
public sealed class PlainJsonTests
{
    private static readonly byte[] Stops = [(byte)'"', (byte)'\\', 0x00, 0x01, 0x0A, 0x1F];

    [Fact]
    public void IndexOfStringStop_FindsTheFirstStop_AtEveryPositionAndLength()
    {
        // Lengths around both vector widths, the stop at every position (the overlapping last vector included).
        var random = new Random(20261203);
        for (int length = 0; length <= 100; length++)
        {
            for (int at = -1; at < length; at++)
            {
                foreach (byte stop in Stops)
                {
                    byte[] text = PlainText(random, length);
                    if (at >= 0)
                    {
                        text[at] = stop;
                    }

                    Assert.Equal(at, PlainJson.IndexOfStringStop(text));
                }
            }
        }
    }

    [Fact]
    public void IndexOfStringStop_AgreesWithAScalarSearch_OnRandomBytes()
    {
        var random = new Random(20261204);
        for (int n = 0; n < 20_000; n++)
        {
            byte[] text = new byte[random.Next(0, 200)];
            random.NextBytes(text);
            for (int k = 0; k < text.Length; k++)
            {
                // Mostly bytes a string may hold, so that stops fall anywhere, not only near the start.
                if (text[k] is < 0x20 or (byte)'"' or (byte)'\\' && random.Next(8) != 0)
                {
                    text[k] = (byte)'A';
                }
            }

            int offset = text.Length == 0 ? 0 : random.Next(text.Length);
            Assert.Equal(ScalarStop(text.AsSpan(offset)), PlainJson.IndexOfStringStop(text.AsSpan(offset)));
        }
    }

    [Fact]
    public void IndexOfStringStop_PassesTheBytesAStringMayHold()
    {
        byte[] text = [.. Enumerable.Range(0x20, 0xE0).Select(b => (byte)b).Where(b => b is not (byte)'"' and not (byte)'\\')];

        Assert.Equal(-1, PlainJson.IndexOfStringStop(text));
    }

    [Theory]
    [InlineData("\"data\":\"x\"", true, 7)]
    [InlineData("\"data\": \n \"x\"", true, 10)]
    [InlineData("\"data\" :\"x\"", false, 0)]
    [InlineData("\"datas\":\"x\"", false, 0)]
    [InlineData("\"dat\\u0061\":\"x\"", false, 0)]
    [InlineData("\"data\"", false, 0)]
    [InlineData("", false, 0)]
    public void ExpectedName_TakesOnlyTheNameAsWritten_AndLeavesTheRestToTheNameReader(string json, bool taken, int valueAt)
    {
        int i = 0;

        bool read = PlainJson.ExpectedName(System.Text.Encoding.UTF8.GetBytes(json), ref i, "\"data\":"u8);

        Assert.Equal((taken, valueAt), (read, i));
    }

    private static byte[] PlainText(Random random, int length)
    {
        var text = new byte[length];
        for (int k = 0; k < length; k++)
        {
            int b = random.Next(0x20, 0x100);
            text[k] = b is '"' or '\\' ? (byte)'a' : (byte)b;
        }

        return text;
    }

    private static int ScalarStop(ReadOnlySpan<byte> text)
    {
        for (int k = 0; k < text.Length; k++)
        {
            if (text[k] is (byte)'"' or (byte)'\\' or < 0x20)
            {
                return k;
            }
        }

        return -1;
    }
}
