using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda.DeadLetters;
using Neptune.Streams.Lambda.Kinesis;
using static Neptune.Streams.Lambda.Tests.Kinesis.KinesisPayloadDecoderTests;

namespace Neptune.Streams.Lambda.Tests.Processing;

/// <summary>
/// Inflation is bounded per Kinesis record and per batch, not only per gzip payload, under the default limits: a KPL
/// aggregate of gzip sub-records cannot inflate to a gigabyte, and a batch stops (for redelivery) when its budget is spent.
/// </summary>
public sealed class InflateLimitTests
{
    private const int TwentyMiB = 20 * 1024 * 1024;

    [Fact]
    public async Task KplAggregateOfGzipSubRecords_PastThePerRecordTotal_TheExcessSubRecordsArePoisonOneByOne()
    {
        // Eight 20 MiB sub-records (160 MiB in all) in a record of a few hundred KB; 64 MiB per record by default.
        var subRecords = Enumerable.Range(0, 8)
            .Select(i => (0, Gzip(Padded(TwentyMiB, Batches.Pg(1, i + 1, $"v{i}", "vl", "label", "person", last: true)))))
            .ToArray();
        var sink = new DeadLetterRecorder();
        await using var function = new RecordingFunction(b => b.Services.AddSingleton<IDeadLetterSink>(sink));

        var response = await function.ProcessAsync(Batches.OfBytes(KplBytes(["k"], subRecords)));

        Assert.Empty(response.BatchItemFailures);
        Assert.Equal(["v0", "v1", "v2"], function.Recorder.Events.Select(e => e.Id));
        Assert.Equal([3, 4, 5, 6, 7], sink.Records.Select(r => r.Position.SubSequenceNumber));
        Assert.All(sink.Records, r => Assert.Contains("MaxInflatedBytesPerRecord", r.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task BatchPastItsInflateBudget_StopsBeforeTheRecordThatWouldCrossIt_AndTheRedeliveryHandlesIt()
    {
        // Fourteen records of 20 MiB each; 256 MiB per batch by default: twelve fit, the thirteenth is reported.
        byte[][] payloads = Enumerable.Range(0, 14)
            .Select(i => Gzip(Padded(TwentyMiB, Batches.Pg(i + 1, 1, $"v{i}", "vl", "label", "person", last: true))))
            .ToArray();
        var batch = Batches.OfBytes(payloads);
        var sink = new DeadLetterRecorder();
        await using var function = new RecordingFunction(b => b.Services.AddSingleton<IDeadLetterSink>(sink));

        var response = await function.ProcessAsync(batch);

        Assert.Equal(Batches.Sequence(12), Assert.Single(response.BatchItemFailures).ItemIdentifier);
        Assert.Equal(12, function.Recorder.Events.Count);
        Assert.Empty(sink.Records);

        // Lambda redelivers from the reported record, in a fresh invocation with a fresh budget.
        var redelivery = new KinesisEvent();
        foreach (var record in batch.Records.Skip(12))
        {
            redelivery.Records.Add(record);
        }

        Assert.Empty((await function.ProcessAsync(redelivery)).BatchItemFailures);
        Assert.Equal(14, function.Recorder.Events.Count);
    }

    [Fact]
    public void PerBatchLimit_IsNeverBelowThePerRecordLimit()
    {
        var options = new DecodingOptions { MaxInflatedBytesPerBatch = 1024, MaxInflatedBytesPerRecord = 4096 };

        Assert.Equal(4096, options.MaxInflatedBytesPerBatch);
        Assert.Equal(DecodingOptions.DefaultMaxInflatedBytesPerRecord, new DecodingOptions().MaxInflatedBytesPerRecord);
        Assert.Equal(DecodingOptions.DefaultMaxInflatedBytesPerBatch, new DecodingOptions().MaxInflatedBytesPerBatch);
    }
}
