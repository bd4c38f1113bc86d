namespace Neptune.Streams.Lambda.IntegrationTests.Support;

/// <summary>A function configured by the test.</summary>
internal sealed class TestFunction(Action<NeptuneStreamBuilder> configure) : NeptuneStreamFunction
{
    protected override void Configure(NeptuneStreamBuilder builder) => configure(builder);
}
