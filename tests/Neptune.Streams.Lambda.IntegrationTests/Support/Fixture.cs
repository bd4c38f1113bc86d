using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Lambda.IntegrationTests.Support;

/// <summary>The real-format inputs linked from the unit tests' fixtures.</summary>
internal static class Fixture
{
    public static KinesisEvent Event(string name)
    {
        using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "fixtures", name));
        return NeptuneStreamFunction.ReadEventAsync(stream).AsTask().GetAwaiter().GetResult();
    }
}
