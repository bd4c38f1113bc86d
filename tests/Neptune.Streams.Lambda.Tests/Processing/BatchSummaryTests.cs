using Microsoft.Extensions.Time.Testing;
using Neptune.Streams.Lambda.Processing;

namespace Neptune.Streams.Lambda.Tests.Processing;

/// <summary>The lag metrics: measured to the clock readings the batch takes anyway, never to a reading per record.</summary>
public sealed class BatchSummaryTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void KinesisLag_BeforeAnyReading_IsMeasuredToTheBatchStart()
    {
        var time = new FakeTimeProvider(Start);
        var summary = new BatchSummary(time);
        time.Advance(TimeSpan.FromSeconds(5)); // not read by anyone: the lag stays measured to the start

        summary.NoteKinesisArrival(Start.AddSeconds(-2).ToUnixTimeMilliseconds() / 1000.0);

        Assert.Equal(TimeSpan.FromSeconds(2), summary.MaxKinesisLag);
    }

    [Fact]
    public void KinesisLag_IsMeasuredToTheLatestReading_AndKeepsTheLargest()
    {
        var time = new FakeTimeProvider(Start);
        var summary = new BatchSummary(time);
        time.Advance(TimeSpan.FromSeconds(3));
        summary.Timestamp(); // a handler call ends

        summary.NoteKinesisArrival(Start.AddSeconds(-1).ToUnixTimeMilliseconds() / 1000.0);
        summary.NoteKinesisArrival(Start.ToUnixTimeMilliseconds() / 1000.0);

        Assert.Equal(TimeSpan.FromSeconds(4), summary.MaxKinesisLag);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(1e300)]
    public void KinesisLag_IgnoresArrivalTimesKinesisCouldNotHaveWritten(double arrival)
    {
        var summary = new BatchSummary(new FakeTimeProvider(Start));

        summary.NoteKinesisArrival(arrival);

        Assert.Null(summary.MaxKinesisLag);
    }
}
