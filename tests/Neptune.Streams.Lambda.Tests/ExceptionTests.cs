using Neptune.Streams.Lambda.Checkpoints;

namespace Neptune.Streams.Lambda.Tests;

/// <summary>The library's own exceptions share one base, so a caller tells them from others with one catch.</summary>
public sealed class ExceptionTests
{
    [Fact]
    public void EveryPublicExceptionOfTheLibrary_DerivesFromNeptuneStreamsException()
    {
        Type[] exceptions = [.. typeof(NeptuneStreamFunction).Assembly.GetExportedTypes()
            .Where(t => typeof(Exception).IsAssignableFrom(t) && t != typeof(NeptuneStreamsException))];

        Assert.NotEmpty(exceptions);
        Assert.All(exceptions, t => Assert.True(t.IsSubclassOf(typeof(NeptuneStreamsException)), t.FullName));
    }

    [Fact]
    public void AStoreFailure_IsCaughtAsNeptuneStreamsException()
    {
        var cause = new TimeoutException("slow");

        Action fail = () => throw new CheckpointStoreException("The checkpoint table could not be read.", cause);

        NeptuneStreamsException caught = Assert.ThrowsAny<NeptuneStreamsException>(fail);

        Assert.Same(cause, caught.InnerException);
    }
}
