using Neptune.Streams.Lambda.Hosting;

namespace Neptune.Streams.Lambda.Tests.Hosting;

public sealed class InvocationContextTests
{
    [Fact]
    public void Local_RequestIdIsOneGuidForEveryReader()
    {
        var invocation = InvocationContext.Local("consumer");

        string first = invocation.AwsRequestId;

        Assert.True(Guid.TryParse(first, out _), first);
        Assert.Same(first, invocation.AwsRequestId);
        Assert.NotEqual(first, InvocationContext.Local("consumer").AwsRequestId);
    }

    [Fact]
    public async Task Local_RequestIdIsTheSameOnEveryThread()
    {
        var invocation = InvocationContext.Local("consumer");

        string[] seen = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => invocation.AwsRequestId)));

        Assert.Single(seen.Distinct(StringComparer.Ordinal));
    }

    [Fact]
    public void RequestId_IsTheOneSetOrEmpty()
    {
        Assert.Equal("req-1", new InvocationContext { AwsRequestId = "req-1" }.AwsRequestId);
        Assert.Equal(string.Empty, new InvocationContext().AwsRequestId);
    }
}
