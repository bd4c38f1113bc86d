using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Neptune.Streams.Lambda.Kinesis;
using Neptune.Streams.Local.EventSourceMapping;
using Neptune.Streams.Pump.Kinesis;

namespace Neptune.Streams.Local.Tests.EventSourceMapping;

public sealed class EventSourceMappingTests
{
    private static async Task<InMemoryKinesis> StreamWithAsync(IEnumerable<(string Key, string Data)> records, int shards = 1, TimeProvider? time = null)
    {
        var kinesis = new InMemoryKinesis(time);
        await kinesis.CreateStreamAsync("s", shards);
        foreach (var chunk in records.Chunk(500))
        {
            await kinesis.PutRecordsAsync("s", [.. chunk.Select(r => new KinesisPutEntry(r.Key, Encoding.UTF8.GetBytes(r.Data)))]);
        }

        return kinesis;
    }

    private static EventSourceMappingOptions Options(Action<EventSourceMappingOptions>? configure = null)
    {
        var options = new EventSourceMappingOptions { StreamName = "s", StopWhenIdle = true, PollInterval = TimeSpan.FromMilliseconds(5), RetryDelay = TimeSpan.Zero };
        configure?.Invoke(options);
        return options;
    }

    private static string Data(KinesisEventRecord record) => Encoding.UTF8.GetString(Convert.FromBase64String(record.Kinesis.Data));

    private static StreamsEventResponse Success() => new();

    private static StreamsEventResponse FailAt(string sequenceNumber) => new() { BatchItemFailures = [new BatchItemFailure { ItemIdentifier = sequenceNumber }] };

    [Fact]
    public async Task Batches_respect_the_batch_size_and_carry_Lambdas_event_fields()
    {
        InMemoryKinesis kinesis = await StreamWithAsync(Enumerable.Range(0, 250).Select(i => ("k", $"r{i}")));
        var batches = new List<KinesisEvent>();
        var esm = new KinesisEventSourceMapping(kinesis, (e, _) => { batches.Add(e); return Task.FromResult(Success()); }, Options());

        await esm.RunAsync();

        Assert.All(batches, b => Assert.InRange(b.Records.Count, 1, 100));
        KinesisEventRecord[] all = [.. batches.SelectMany(b => b.Records)];
        Assert.Equal(Enumerable.Range(0, 250).Select(i => $"r{i}"), all.Select(Data));
        KinesisEventRecord first = all[0];
        Assert.Equal($"shardId-000000000000:{first.Kinesis.SequenceNumber}", first.EventId);
        Assert.Equal(("aws:kinesis", "aws:kinesis:record", "1.0", "1.0"), (first.EventSource, first.EventName, first.EventVersion, first.Kinesis.KinesisSchemaVersion));
        Assert.Equal(kinesis.StreamArn("s"), first.EventSourceArn);
        Assert.Equal("us-east-1", first.AwsRegion);
        Assert.True(first.Kinesis.ApproximateArrivalTimestamp > 1_600_000_000);
        Assert.Equal(250, esm.Stats.RecordsSucceeded);
    }

    [Fact]
    public async Task A_reported_failure_resumes_from_the_lowest_sequence_number_and_keeps_what_succeeded()
    {
        InMemoryKinesis kinesis = await StreamWithAsync(Enumerable.Range(0, 10).Select(i => ("k", $"r{i}")));
        var delivered = new List<string[]>();
        var esm = new KinesisEventSourceMapping(kinesis, (e, _) =>
        {
            delivered.Add([.. e.Records.Select(Data)]);
            // First call: records 7 and 4 fail; the lowest (4) is where Lambda resumes.
            return Task.FromResult(delivered.Count == 1 ? new StreamsEventResponse
            {
                BatchItemFailures = [new BatchItemFailure { ItemIdentifier = e.Records[7].Kinesis.SequenceNumber }, new BatchItemFailure { ItemIdentifier = e.Records[4].Kinesis.SequenceNumber }],
            } : Success());
        }, Options());

        await esm.RunAsync();

        Assert.Equal(2, delivered.Count);
        Assert.Equal(["r4", "r5", "r6", "r7", "r8", "r9"], delivered[1]);
        Assert.Equal((1L, 10L), (esm.Stats.PartialFailures, esm.Stats.RecordsSucceeded));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-sequence-number")]
    public async Task An_empty_or_unknown_identifier_fails_the_whole_batch(string identifier)
    {
        InMemoryKinesis kinesis = await StreamWithAsync(Enumerable.Range(0, 5).Select(i => ("k", $"r{i}")));
        var delivered = new List<int>();
        var esm = new KinesisEventSourceMapping(kinesis, (e, _) =>
        {
            delivered.Add(e.Records.Count);
            return Task.FromResult(delivered.Count == 1 ? FailAt(identifier) : Success());
        }, Options());

        await esm.RunAsync();

        Assert.Equal([5, 5], delivered);
    }

    [Fact]
    public async Task Bisect_isolates_a_poison_record_and_sends_only_it_to_the_on_failure_destination()
    {
        InMemoryKinesis kinesis = await StreamWithAsync(Enumerable.Range(0, 16).Select(i => ("k", i == 11 ? "poison" : $"r{i}")));
        var handled = new List<string>();
        var failures = new ConcurrentQueue<OnFailureRecord>();
        var esm = new KinesisEventSourceMapping(kinesis, (e, _) =>
        {
            if (e.Records.Any(r => Data(r) == "poison"))
            {
                throw new InvalidOperationException("poison");
            }

            handled.AddRange(e.Records.Select(Data));
            return Task.FromResult(Success());
        }, Options(o =>
        {
            o.BisectBatchOnFunctionError = true;
            o.MaximumRetryAttempts = 1;
            o.OnFailure = (f, _) => { failures.Enqueue(f); return Task.CompletedTask; };
        }));

        await esm.RunAsync();

        Assert.Equal(Enumerable.Range(0, 16).Where(i => i != 11).Select(i => $"r{i}"), handled);
        OnFailureRecord failure = Assert.Single(failures);
        Assert.Equal((1, OnFailureCondition.RetryAttemptsExhausted, 2), (failure.BatchSize, failure.Condition, failure.ApproximateInvokeCount));
        Assert.Equal(failure.StartSequenceNumber, failure.EndSequenceNumber);
        Assert.Contains("\"KinesisBatchInfo\":{\"shardId\":\"shardId-000000000000\"", failure.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exhausted_retries_send_the_batch_info_on_and_move_past_it()
    {
        InMemoryKinesis kinesis = await StreamWithAsync(Enumerable.Range(0, 3).Select(i => ("k", $"r{i}")));
        int calls = 0;
        OnFailureRecord? failure = null;
        var esm = new KinesisEventSourceMapping(kinesis, (_, _) =>
        {
            calls++;
            throw new InvalidOperationException("always");
        }, Options(o =>
        {
            o.MaximumRetryAttempts = 2;
            o.OnFailure = (f, _) => { failure = f; return Task.CompletedTask; };
        }));

        await esm.RunAsync();

        Assert.Equal(3, calls);
        Assert.NotNull(failure);
        Assert.Equal((3, "Unhandled", 3), (failure.BatchSize, failure.FunctionError, failure.ApproximateInvokeCount));
        Assert.Equal(3, esm.Stats.RecordsSentToOnFailure);
    }

    [Fact]
    public async Task Records_older_than_the_maximum_age_are_not_invoked()
    {
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-2));
        InMemoryKinesis kinesis = await StreamWithAsync([("k", "old")], time: past);
        past.Advance(TimeSpan.FromHours(2));
        await kinesis.PutRecordsAsync("s", [new KinesisPutEntry("k", "new"u8.ToArray())]);
        var handled = new List<string>();
        OnFailureRecord? failure = null;
        var esm = new KinesisEventSourceMapping(kinesis, (e, _) => { handled.AddRange(e.Records.Select(Data)); return Task.FromResult(Success()); }, Options(o =>
        {
            o.MaximumRecordAge = TimeSpan.FromHours(1);
            o.OnFailure = (f, _) => { failure = f; return Task.CompletedTask; };
        }));

        await esm.RunAsync();

        Assert.Equal(["new"], handled);
        Assert.Equal(OnFailureCondition.RecordAgeExceeded, failure!.Condition);
    }

    [Fact]
    public async Task Parallelization_keeps_the_order_of_each_partition_key()
    {
        InMemoryKinesis kinesis = await StreamWithAsync(Enumerable.Range(0, 400).Select(i => ($"key{i % 20}", $"{i}")), shards: 2);
        var seen = new ConcurrentQueue<(string Key, int Value)>();
        var esm = new KinesisEventSourceMapping(kinesis, async (e, ct) =>
        {
            await Task.Yield();
            foreach (KinesisEventRecord r in e.Records)
            {
                seen.Enqueue((r.Kinesis.PartitionKey, int.Parse(Data(r), System.Globalization.CultureInfo.InvariantCulture)));
            }

            return Success();
        }, Options(o => { o.ParallelizationFactor = 4; o.BatchSize = 7; }));

        await esm.RunAsync();

        Assert.Equal(400, seen.Count);
        foreach (var key in seen.GroupBy(s => s.Key))
        {
            int[] values = [.. key.Select(k => k.Value)];
            Assert.Equal(values.Order(), values);
        }
    }

    [Fact]
    public async Task Without_ReportBatchItemFailures_the_response_is_ignored()
    {
        InMemoryKinesis kinesis = await StreamWithAsync([("k", "a"), ("k", "b")]);
        int calls = 0;
        var esm = new KinesisEventSourceMapping(kinesis, (e, _) => { calls++; return Task.FromResult(FailAt(e.Records[0].Kinesis.SequenceNumber)); },
            Options(o => o.ReportBatchItemFailures = false));

        await esm.RunAsync();

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task A_batching_window_gathers_records_that_arrive_later_into_one_batch()
    {
        InMemoryKinesis kinesis = await StreamWithAsync([("k", "first")]);
        var batches = new ConcurrentQueue<string[]>();
        using var stop = new CancellationTokenSource();
        var esm = new KinesisEventSourceMapping(kinesis, (e, _) =>
        {
            batches.Enqueue([.. e.Records.Select(Data)]);
            if (batches.Sum(b => b.Length) == 3)
            {
                stop.Cancel();
            }

            return Task.FromResult(Success());
        }, Options(o => { o.StopWhenIdle = false; o.MaximumBatchingWindow = TimeSpan.FromSeconds(30); o.BatchSize = 3; }));

        Task running = esm.RunAsync(stop.Token);
        await kinesis.PutRecordsAsync("s", [new KinesisPutEntry("k", "second"u8.ToArray())]);
        await kinesis.PutRecordsAsync("s", [new KinesisPutEntry("k", "third"u8.ToArray())]);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        // The batch filled up (3 records) before the 30 s window closed: one invocation, not three.
        Assert.Equal(["first", "second", "third"], Assert.Single(batches));
    }

    [Fact]
    public async Task An_on_failure_destination_that_throws_stops_the_mapping_with_its_error()
    {
        InMemoryKinesis kinesis = await StreamWithAsync(Enumerable.Range(0, 300).Select(i => ("k", $"r{i}")));
        var esm = new KinesisEventSourceMapping(kinesis, (_, _) => throw new InvalidOperationException("broken"), Options(o =>
        {
            o.MaximumRetryAttempts = 0;
            o.BatchSize = 10;
            o.OnFailure = (_, _) => throw new IOException("destination unreachable");
        }));

        using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var error = await Assert.ThrowsAsync<IOException>(() => esm.RunAsync(hang.Token));

        Assert.Equal("destination unreachable", error.Message);
    }
}
