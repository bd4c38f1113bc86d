using System.Text;
using Neptune.Streams.Lambda.ChangeRecords;

namespace Neptune.Streams.Lambda.Tests.ChangeRecords;

/// <summary>The batch's string cache: the same instance for the same bytes, and always the text of the bytes asked for.</summary>
public sealed class Utf8StringCacheTests
{
    [Fact]
    public void SameBytes_GiveTheSameInstance()
    {
        var cache = new Utf8StringCache();

        string first = cache.Get("person-1234"u8);

        Assert.Same(first, cache.Get("person-1234"u8));
        Assert.Equal("person-1234", first);
    }

    [Fact]
    public void TokensThatDifferOnlyInTheMiddle_ShareASlot_AndEachComesBackAsItsOwnText()
    {
        var cache = new Utf8StringCache();
        string[] tokens = [.. Enumerable.Range(0, 50).Select(i => $"prefix00-{i:D3}-suffix00")];

        for (int round = 0; round < 3; round++)
        {
            foreach (string token in tokens)
            {
                Assert.Equal(token, cache.Get(Encoding.UTF8.GetBytes(token)));
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("vl")]
    [InlineData("1234567")]
    [InlineData("12345678")]
    [InlineData("123456789")]
    [InlineData("héllo wörld, not ASCII")]
    public void AnyLength_AndTextThatIsNotAscii_ComeBackAsTheirText(string token)
    {
        var cache = new Utf8StringCache();

        Assert.Equal(token, cache.Get(Encoding.UTF8.GetBytes(token)));
        Assert.Equal(token, cache.Get(Encoding.UTF8.GetBytes(token)));
    }

    [Fact]
    public void ManyDistinctIds_ComeBackAsTheirText()
    {
        var cache = new Utf8StringCache();
        for (int i = 0; i < 5000; i++)
        {
            string id = $"v-{i}";
            Assert.Equal(id, cache.Get(Encoding.UTF8.GetBytes(id)));
        }
    }
}
