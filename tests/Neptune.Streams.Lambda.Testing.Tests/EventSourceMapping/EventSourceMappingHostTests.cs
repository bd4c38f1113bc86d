using Microsoft.Extensions.Time.Testing;
using Neptune.Streams.Lambda.Kinesis;
using Neptune.Streams.Lambda.Testing;
using Neptune.Streams.Lambda.Testing.Tests.Support;

namespace Neptune.Streams.Lambda.Testing.Tests.EventSourceMapping;

public sealed class EventSourceMappingHostTests
{
    private static List<KinesisEventRecord> Records(int count)
    {
        var builder = new KinesisEventBuilder();
        for (int i = 0; i < count; i++)
        {
            builder.AddRecord($"{{\"n\":{i}}}");
        }

        return [.. builder.BuildRecords()];
    }

    private static string Seq(int index) => KinesisEventBuilder.SequenceNumberAt(index);

    private static Task<StreamsEventResponse> Success() => Task.FromResult(new StreamsEventResponse());

    [Fact]
    public async Task Records_are_invoked_in_order_in_batches_of_BatchSize()
    {
        var host = new EventSourceMappingHost((_, _) => Success(), new EventSourceMappingHostOptions { BatchSize = 100 });

        EventSourceMappingResult result = await host.RunAsync(Records(250));

        Assert.Equal([100, 100, 50], result.Invocations.Select(i => i.Event.Records.Count));
        Assert.Equal(Seq(100), result.Invocations[1].SequenceNumbers[0]);
        Assert.Equal(250, result.SucceededRecords.Count);
        Assert.True(result.AllSucceeded);
        Assert.Equal(0, result.Retries);
        Assert.Equal(0, result.Redeliveries);
    }

    [Fact]
    public async Task A_partial_batch_response_is_retried_from_the_first_failed_record()
    {
        int calls = 0;
        var host = new EventSourceMappingHost((e, _) =>
        {
            var response = new StreamsEventResponse();
            if (calls++ == 0)
            {
                // Reported out of order: the mapping resumes from the lowest.
                response.BatchItemFailures.Add(new BatchItemFailure { ItemIdentifier = Seq(6) });
                response.BatchItemFailures.Add(new BatchItemFailure { ItemIdentifier = Seq(3) });
            }

            return Task.FromResult(response);
        });

        EventSourceMappingResult result = await host.RunAsync(Records(10));

        Assert.Equal(2, result.Invocations.Count);
        Assert.Equal([Seq(3), Seq(4), Seq(5), Seq(6), Seq(7), Seq(8), Seq(9)], result.Invocations[1].SequenceNumbers);
        Assert.Equal(1, result.Invocations[1].RetryAttempt);
        Assert.Equal(1, result.Retries);
        Assert.Equal(Enumerable.Range(0, 10).Select(Seq), result.SucceededRecords.Select(r => r.Kinesis.SequenceNumber));
    }

    [Fact]
    public async Task A_function_error_bisects_the_batch_down_to_the_poison_record_which_is_retried_then_given_up()
    {
        string poison = Seq(5);
        var host = new EventSourceMappingHost((e, _) => e.Records.Any(r => r.Kinesis.SequenceNumber == poison)
            ? throw new InvalidOperationException("poison")
            : Success());

        EventSourceMappingResult result = await host.RunAsync(Records(8));

        // [0..8) throws → [0..4) ok, [4..8) throws → [4..6) throws → [4] ok, [5] throws 1 + 10 retries → given up, [6..8) ok.
        Assert.Equal(
            [8, 4, 4, 2, 1, .. Enumerable.Repeat(1, 11), 2],
            result.Invocations.Select(i => i.Event.Records.Count));
        Assert.Equal(10, result.Retries);
        Assert.Equal(14, result.FunctionErrors);
        // Every delivery after a record's first: 8 + 4 + 4 + 2 + 1 + 11 + 2 = 32 deliveries of 8 records.
        Assert.Equal(24, result.Redeliveries);
        OnFailureBatch givenUp = Assert.Single(result.OnFailure);
        Assert.Equal((OnFailureReason.RetryAttemptsExhausted, 11, "Unhandled", 1), (givenUp.Reason, givenUp.ApproximateInvokeCount, givenUp.FunctionError, givenUp.BatchSize));
        Assert.Equal((poison, poison), (givenUp.StartSequenceNumber, givenUp.EndSequenceNumber));
        Assert.Equal(KinesisEventBuilder.DefaultShardId, givenUp.ShardId);
        Assert.Equal(Enumerable.Range(0, 8).Where(i => i != 5).Select(Seq), result.SucceededRecords.Select(r => r.Kinesis.SequenceNumber));
    }

    [Fact]
    public async Task Without_bisect_a_failing_batch_is_retried_whole_and_given_up_whole()
    {
        var host = new EventSourceMappingHost(
            (_, _) => throw new InvalidOperationException("down"),
            new EventSourceMappingHostOptions { BisectBatchOnFunctionError = false, MaximumRetryAttempts = 2 });

        EventSourceMappingResult result = await host.RunAsync(Records(4));

        Assert.Equal([4, 4, 4], result.Invocations.Select(i => i.Event.Records.Count));
        Assert.All(result.Invocations, i => Assert.IsType<InvalidOperationException>(i.Error));
        Assert.Equal(4, Assert.Single(result.OnFailure).BatchSize);
        Assert.Empty(result.SucceededRecords);
    }

    [Fact]
    public async Task A_record_reported_failed_every_time_is_given_up_with_the_rest_of_its_batch_and_the_next_batch_goes_on()
    {
        var host = new EventSourceMappingHost(
            (e, _) =>
            {
                var response = new StreamsEventResponse();
                if (e.Records.Any(r => r.Kinesis.SequenceNumber == Seq(2)))
                {
                    response.BatchItemFailures.Add(new BatchItemFailure { ItemIdentifier = Seq(2) });
                }

                return Task.FromResult(response);
            },
            new EventSourceMappingHostOptions { BatchSize = 4 });

        EventSourceMappingResult result = await host.RunAsync(Records(6));

        OnFailureBatch givenUp = Assert.Single(result.OnFailure);
        Assert.Equal([Seq(2), Seq(3)], givenUp.Records.Select(r => r.Kinesis.SequenceNumber));
        Assert.Equal((11, (string?)null), (givenUp.ApproximateInvokeCount, givenUp.FunctionError));
        Assert.Equal([Seq(0), Seq(1), Seq(4), Seq(5)], result.SucceededRecords.Select(r => r.Kinesis.SequenceNumber));
        Assert.Equal(12, result.Invocations.Count);
    }

    [Fact]
    public async Task A_library_function_whose_handler_rejects_an_event_is_redelivered_until_the_retries_run_out()
    {
        var log = new EventLog { FailFor = { "bob" } };
        await using var function = new RecordingFunction(log);
        var changes = new NeptuneChangeBuilder()
            .Commit().AddVertex("alice", "person")
            .Commit().AddVertex("bob", "person")
            .Commit().AddVertex("carol", "person");

        EventSourceMappingResult result = await EventSourceMappingHost.For(function).RunAsync(new KinesisEventBuilder().AddChanges(changes).BuildRecords());

        // No dead-letter sink: the rejected event stops the batch, Lambda retries from it 10 times (the template's
        // MaximumRetryAttempts), then sends it and everything after it in the batch to the on-failure destination.
        Assert.Equal(11, result.Invocations.Count);
        Assert.Equal(["alice"], log.Events.Select(e => e.Id));
        Assert.Equal([Seq(1), Seq(2)], Assert.Single(result.OnFailure).Records.Select(r => r.Kinesis.SequenceNumber));
    }

    [Fact]
    public async Task Records_older_than_MaximumRecordAge_are_given_up_without_being_invoked()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1718011200) + TimeSpan.FromSeconds(90));
        var host = new EventSourceMappingHost(
            (_, _) => Success(),
            new EventSourceMappingHostOptions { MaximumRecordAge = TimeSpan.FromSeconds(88), TimeProvider = clock });

        // Arrivals are 1 s apart from 1718011200: records 0 and 1 are older than 88 s.
        EventSourceMappingResult result = await host.RunAsync(Records(4));

        OnFailureBatch tooOld = Assert.Single(result.OnFailure);
        Assert.Equal(OnFailureReason.RecordAgeExceeded, tooOld.Reason);
        Assert.Equal([Seq(0), Seq(1)], tooOld.Records.Select(r => r.Kinesis.SequenceNumber));
        Assert.Equal([Seq(2), Seq(3)], Assert.Single(result.Invocations).SequenceNumbers);
    }

    [Fact]
    public async Task Without_ReportBatchItemFailures_a_partial_response_counts_as_success()
    {
        var host = new EventSourceMappingHost(
            (e, _) => Task.FromResult(new StreamsEventResponse { BatchItemFailures = { new BatchItemFailure { ItemIdentifier = Seq(0) } } }),
            new EventSourceMappingHostOptions { ReportBatchItemFailures = false });

        EventSourceMappingResult result = await host.RunAsync(Records(3));

        Assert.Single(result.Invocations);
        Assert.Equal(3, result.SucceededRecords.Count);
    }

    [Fact]
    public async Task Each_shard_is_run_separately_in_the_order_given()
    {
        var records = new KinesisEventBuilder(shardId: "shardId-000000000001").AddRecord("{}").AddRecord("{}").BuildRecords()
            .Concat(new KinesisEventBuilder(shardId: "shardId-000000000002").AddRecord("{}").BuildRecords());
        var host = new EventSourceMappingHost((_, _) => Success());

        EventSourceMappingResult result = await host.RunAsync(records);

        Assert.Equal(
            ["shardId-000000000001", "shardId-000000000002"],
            result.Invocations.Select(i => i.Event.Records.Select(r => r.ShardId).Distinct().Single()));
    }

    [Fact]
    public async Task A_bisected_batch_redelivers_its_records_without_counting_a_retry()
    {
        int calls = 0;
        var host = new EventSourceMappingHost((_, _) => calls++ == 0 ? throw new InvalidOperationException("once") : Success());

        EventSourceMappingResult result = await host.RunAsync(Records(2));

        Assert.Equal([2, 1, 1], result.Invocations.Select(i => i.Event.Records.Count));
        Assert.True(result.AllSucceeded);
        Assert.Equal(0, result.Retries);
        Assert.Equal(2, result.Redeliveries);
    }
}
