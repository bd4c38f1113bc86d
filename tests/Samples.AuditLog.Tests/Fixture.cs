using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.Kinesis;

namespace Samples.AuditLog.Tests;

/// <summary>The real-format inputs linked from tests/fixtures, the folder every test project shares.</summary>
internal static class Fixture
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", name);

    public static KinesisEvent Event(string name)
    {
        using var stream = File.OpenRead(PathOf(name));
        return NeptuneStreamFunction.ReadEventAsync(stream).AsTask().GetAwaiter().GetResult();
    }
}
