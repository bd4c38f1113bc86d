using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Lambda.IntegrationTests.Support;

/// <summary>The real-format inputs linked from tests/fixtures, the folder every test project shares.</summary>
internal static class Fixture
{
    public static KinesisEvent Event(string name)
    {
        using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "fixtures", name));
        return NeptuneStreamFunction.ReadEventAsync(stream).AsTask().GetAwaiter().GetResult();
    }
}
