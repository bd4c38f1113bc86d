using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Time.Testing;
using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.Pump.Pumping;
using Neptune.Streams.Pump.State;
using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Pump.Tests.Pumping;

/// <summary>
/// Issue 11, "two pumps": a pump whose page write is slow (Kinesis throttles it) must never write after its lease may
/// have passed to another pump, or the stream gets commit N, N+1, then N again. Fake time; the lease's default 60 s.
/// </summary>
public sealed class TwoPumpsTests(MotoServer moto) : IClassFixture<MotoServer>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_pump_whose_lease_ran_out_during_a_slow_write_never_writes_after_another_took_over()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var kinesis = new InMemoryKinesis();
        var state = new InMemoryPumpStateStore(time);
        await using PumpHarness h = await PumpHarness.StartAsync(kinesis, state);

        await RaceAsync(h, time, state, state, takeOverAfter: TimeSpan.FromSeconds(61), timeB: time);
    }

    [Fact]
    public async Task Clock_skew_between_lease_writers_lets_the_other_pump_in_early_and_the_margin_still_keeps_the_first_from_writing()
    {
        // Proof that the skew is real: B's clock runs 10 s ahead, so B sees A's lease expired 10 s before A does.
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var clockB = new ShiftedTimeProvider(time) { Offset = TimeSpan.FromSeconds(10) };
        using var dynamo = new AmazonDynamoDBClient(MotoServer.Credentials, new AmazonDynamoDBConfig { ServiceURL = moto.Endpoint, AuthenticationRegion = MotoServer.Region });
        string table = await CreateTableAsync(dynamo);
        var stateA = new DynamoDbPumpStateStore(dynamo, table, time);
        var stateB = new DynamoDbPumpStateStore(dynamo, table, clockB);

        PumpLease held = (await stateA.TryAcquireLeaseAsync("skew", "A", TimeSpan.FromSeconds(60)))!;
        time.Advance(TimeSpan.FromSeconds(51));
        Assert.True(time.GetUtcNow() < held.ExpiresAt, "by A's clock the lease has 9 s left");
        Assert.NotNull(await stateB.TryAcquireLeaseAsync("skew", "B", TimeSpan.FromSeconds(60)));

        // With a pump: B takes over 51 s into A's lease (A's clock); A's slow write must have stopped before that.
        time.Advance(TimeSpan.FromMinutes(5));
        var kinesis = new InMemoryKinesis();
        await using PumpHarness h = await PumpHarness.StartAsync(kinesis, stateA);
        await RaceAsync(h, time, stateA, stateB, takeOverAfter: TimeSpan.FromSeconds(51), timeB: clockB);
    }

    /// <summary>
    /// Pump A reads commit 1 and stalls writing it; after <paramref name="takeOverAfter"/> pump B takes the lease and
    /// forwards commits 1 and 2; then Kinesis recovers. Element a's commits on the stream must be 1, 2 — never 1, 2, 1.
    /// </summary>
    private static async Task RaceAsync(PumpHarness h, FakeTimeProvider time, IPumpStateStore stateA, IPumpStateStore stateB, TimeSpan takeOverAfter, TimeProvider timeB)
    {
        h.Graph.AddVertex("a", ["person"]);
        var stalled = new StalledKinesis(h.Kinesis);
        var pumpA = new StreamPump(h.Options(o => o.Owner = "A"), h.Http, stalled, stateA, time);
        Task<PumpRunSummary> runA = pumpA.RunAsync();
        await stalled.Throttled.WaitAsync(Patience);

        time.Advance(takeOverAfter);
        h.Graph.SetProperty("a", "name", "Ann");
        PumpRunSummary runB = await new StreamPump(h.Options(o => o.Owner = "B"), h.Http, h.Kinesis, stateB, timeB).RunAsync();
        Assert.Equal(PumpStopReason.CaughtUp, runB.StopReason);

        stalled.Stalled = false;
        for (int i = 0; i < 100 && !runA.IsCompleted; i++)
        {
            // Let A's pending retry (at most 10 s of backoff) come due, if A still has one.
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(runA, Task.Delay(20));
        }

        PumpRunSummary a = await runA.WaitAsync(Patience);
        long[] commitsOfA = [.. (await h.ReadAllAsync()).Where(w => w.PartitionKey == "a").Select(w => w.Envelope.GetProperty("commitNum").GetInt64())];
        Assert.Equal([1L, 2L], commitsOfA);
        Assert.Equal(PumpStopReason.LeaseLost, a.StopReason);
    }

    private static async Task<string> CreateTableAsync(AmazonDynamoDBClient dynamo)
    {
        string table = "two-pumps-" + Guid.NewGuid().ToString("N")[..8];
        await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = table,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("sk", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH), new("sk", KeyType.RANGE)],
        });
        return table;
    }
}
