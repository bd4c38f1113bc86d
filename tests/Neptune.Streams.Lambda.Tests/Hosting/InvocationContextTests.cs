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
    public void RequestId_IsTheOneSetOrEmpty()
    {
        Assert.Equal("req-1", new InvocationContext { AwsRequestId = "req-1" }.AwsRequestId);
        Assert.Equal(string.Empty, new InvocationContext().AwsRequestId);
    }
}
