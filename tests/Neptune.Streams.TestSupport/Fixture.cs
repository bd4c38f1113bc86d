using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.TestSupport;

/// <summary>
/// The real-format inputs of tests/fixtures, which every test project links into its output as <c>fixtures/</c>
/// (tests/fixtures/README.md says what each holds).
/// </summary>
public static class Fixture
{
    /// <summary>The path of a fixture in the test's output, e.g. <c>pg-json-records-event.json</c> or <c>neptune/pg-json-page.json</c>.</summary>
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", name);

    /// <summary>A fixture Lambda Kinesis event, read as the function reads its input.</summary>
    public static KinesisEvent Event(string name)
    {
        using var stream = File.OpenRead(PathOf(name));
        return NeptuneStreamFunction.ReadEventAsync(stream).AsTask().GetAwaiter().GetResult();
    }
}
