using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using Neptune.Streams.Lambda.DeadLetters;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Local.EventSourceMapping;
using Neptune.Streams.Local.NeptuneEndpoint;
using Neptune.Streams.Local.Pipeline;
using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.Pump.State;
using Neptune.Streams.TestSupport;

namespace Neptune.Streams.Chaos;

/// <summary>
/// The whole local pipeline under injected faults: random graph mutations on the local Neptune endpoint → a pump that
/// gets killed → Kinesis on moto_server → the event-source-mapping emulator → <see cref="ChaosFunction"/> instances that
/// crash and time out, with checkpoints, idempotency and dead letters on moto behind a faulty HTTP layer.
/// </summary>
public static class ChaosRun
{
    /// <summary>Runs until every expected event was applied and every poison record dead-lettered, or until <see cref="ChaosOptions.MaxDuration"/>.</summary>
    /// <param name="options">Size and fault rates.</param>
    /// <param name="awsEndpoint">A running moto_server for DynamoDB and SQS.</param>
    /// <param name="kinesisEndpoint">A running moto_server for Kinesis (a second one spreads the load over two processes).</param>
    /// <param name="progress">Where to write progress lines; null for none.</param>
    /// <param name="cancellationToken">Ends the run early; the summary then shows what is missing.</param>
    public static async Task<ChaosSummary> RunAsync(
        ChaosOptions options, string awsEndpoint, string kinesisEndpoint, TextWriter? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        long started = TimeProvider.System.GetTimestamp();
        string name = "chaos-" + Guid.NewGuid().ToString("N")[..8];
        using var dynamo = new AmazonDynamoDBClient(MotoServer.Credentials, new AmazonDynamoDBConfig { ServiceURL = awsEndpoint, AuthenticationRegion = MotoServer.Region });
        using var sqs = new AmazonSQSClient(MotoServer.Credentials, new AmazonSQSConfig { ServiceURL = awsEndpoint, AuthenticationRegion = MotoServer.Region });
        using KinesisHttpClient kinesis = KinesisHttpClient.Create(new Uri(kinesisEndpoint), MotoServer.Credentials, MotoServer.Region);
        await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("sk", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH), new("sk", KeyType.RANGE)],
        }, cancellationToken).ConfigureAwait(false);
        string queueUrl = (await sqs.CreateQueueAsync(name + "-dlq", cancellationToken).ConfigureAwait(false)).QueueUrl;
        await kinesis.CreateStreamAsync(name, options.Shards, cancellationToken).ConfigureAwait(false);

        var graph = new LocalGraph();
        await using LocalNeptuneEndpoint endpoint = LocalNeptuneEndpoint.Start(graph);
        var world = new ChaosWorld(options, awsEndpoint, name, queueUrl);
        await using var invoker = new ChaosInvoker(world);
        long givenUp = 0;
        var mapping = new KinesisEventSourceMapping(kinesis, invoker.InvokeAsync, new EventSourceMappingOptions
        {
            StreamName = name,
            BatchSize = 100,
            MaximumRetryAttempts = -1,
            BisectBatchOnFunctionError = true,
            PollInterval = TimeSpan.FromMilliseconds(50),
            RetryDelay = TimeSpan.FromMilliseconds(10),
            OnFailure = (record, _) => { Interlocked.Add(ref givenUp, record.BatchSize); return Task.CompletedTask; },
        });
        var supervisor = new PumpSupervisor(world, endpoint.Endpoint, kinesis, new DynamoDbPumpStateStore(dynamo, name), name);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.MaxDuration);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        Task pumping = supervisor.RunAsync(stop.Token);
        Task consuming = mapping.RunAsync(stop.Token);
        var poison = new Dictionary<string, bool>(StringComparer.Ordinal);
        int unexpectedDeadLetters = 0;
        int written = 0;
        Dictionary<string, List<long>> expected = [];
        try
        {
            var writer = new SocialNetworkWriter(graph, options.Seed);
            for (; written < options.Operations; written++)
            {
                writer.WriteOne();
                if (written % 200 == 199)
                {
                    // Keep writing while the pump reads: the stream grows under it, as Neptune's does.
                    await Task.Delay(TimeSpan.FromMilliseconds(5), deadline.Token).ConfigureAwait(false);
                }

                if (written == options.Operations / 2)
                {
                    await PutPoisonAsync(kinesis, name, options.PoisonRecords, world.Random, poison, deadline.Token).ConfigureAwait(false);
                }
            }

            if (options.Operations < 2)
            {
                await PutPoisonAsync(kinesis, name, options.PoisonRecords, world.Random, poison, deadline.Token).ConfigureAwait(false);
            }

            expected = ExpectedEvents(graph);
            int total = expected.Values.Sum(c => c.Count);
            while (true)
            {
                unexpectedDeadLetters += await DrainDeadLettersAsync(sqs, queueUrl, poison, deadline.Token).ConfigureAwait(false);
                int missing = world.Sink.CountMissing(expected);
                int poisonFound = poison.Count(p => p.Value);
                progress?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{TimeProvider.System.GetElapsedTime(started).TotalSeconds:F0}s applied {total - missing}/{total} poison {poisonFound}/{poison.Count} invocations {mapping.Stats.Invocations} crashes {world.Counters.Crashes} pump kills {world.Counters.PumpKills} AWS faults {world.Counters.AwsFaults}"));
                if (missing == 0 && poisonFound == poison.Count)
                {
                    break;
                }

                await Task.Delay(TimeSpan.FromSeconds(1), deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            progress?.WriteLine("stopped before everything arrived: the summary shows what is missing");
            if (expected.Count == 0)
            {
                expected = ExpectedEvents(graph);
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await pumping.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await consuming.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (consuming.IsFaulted)
        {
            await consuming.ConfigureAwait(false);
        }

        ChaosSummary summary = Audit(world.Sink, expected) with
        {
            Operations = written,
            Poison = poison.Count(p => p.Value),
            PoisonInjected = poison.Count,
            UnexpectedDeadLetters = unexpectedDeadLetters,
            Elapsed = TimeProvider.System.GetElapsedTime(started),
            Faults = string.Create(CultureInfo.InvariantCulture,
                $"function crashes={world.Counters.Crashes} pump kills={world.Counters.PumpKills} pump starts={supervisor.Starts} AWS faults={world.Counters.AwsFaults} timeouts={world.Counters.Timeouts} invocations={mapping.Stats.Invocations} function errors={mapping.Stats.FunctionErrors} partial failures={mapping.Stats.PartialFailures} given up={Interlocked.Read(ref givenUp)}"),
        };
        return summary;
    }

    /// <summary>The events the change log implies: per element, its commits in commit order (one event per commit and element).</summary>
    private static Dictionary<string, List<long>> ExpectedEvents(LocalGraph graph)
    {
        StreamReadResult log = graph.Log.Read(false, StreamIteratorType.TrimHorizon, 0, 0, int.MaxValue);
        var expected = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        foreach (ChangeLogEntry entry in log.Entries)
        {
            if (!expected.TryGetValue(entry.Id!, out List<long>? commits))
            {
                expected[entry.Id!] = commits = [];
            }

            if (commits.Count == 0 || commits[^1] != entry.CommitNum)
            {
                commits.Add(entry.CommitNum);
            }
        }

        return expected;
    }

    private static ChaosSummary Audit(EffectSink sink, Dictionary<string, List<long>> expected)
    {
        int orderViolations = 0;
        int duplicates = 0;
        foreach ((string _, List<NeptuneEventId> applied) in sink.Effects)
        {
            lock (applied)
            {
                var seen = new HashSet<NeptuneEventId>();
                NeptuneEventId? highest = null;
                foreach (NeptuneEventId id in applied)
                {
                    if (!seen.Add(id))
                    {
                        duplicates++;
                        continue;
                    }

                    if (highest is { } h && id < h)
                    {
                        orderViolations++;
                    }

                    highest = highest is { } m && m > id ? m : id;
                }
            }
        }

        return new ChaosSummary
        {
            Events = expected.Values.Sum(c => c.Count),
            Lost = sink.CountMissing(expected),
            OrderViolations = orderViolations,
            DuplicateEffects = duplicates,
            Redelivered = sink.Deliveries.Count(d => d > 1),
        };
    }

    private static async Task PutPoisonAsync(
        KinesisHttpClient kinesis, string stream, int count, LockedRandom random, Dictionary<string, bool> poison, CancellationToken cancellationToken)
    {
        var entries = new List<KinesisPutEntry>();
        for (int i = 0; i < count; i++)
        {
            // Not JSON, not gzip, not KPL: no parser accepts it, so it must be dead-lettered, not dropped and not fatal.
            byte[] garbage = new byte[64];
            random.NextBytes(garbage);
            byte[] data = [.. "poison:"u8, .. garbage];
            entries.Add(new KinesisPutEntry($"poison-{i}", data));
            poison[Convert.ToBase64String(data)] = false;
        }

        KinesisPutResult result = await kinesis.PutRecordsAsync(stream, entries, cancellationToken).ConfigureAwait(false);
        if (result.FailedCount > 0)
        {
            throw new InvalidOperationException($"{result.FailedCount} poison records were not accepted by Kinesis");
        }
    }

    /// <summary>Reads and deletes the dead letters so far; returns how many were not injected poison.</summary>
    private static async Task<int> DrainDeadLettersAsync(AmazonSQSClient sqs, string queueUrl, Dictionary<string, bool> poison, CancellationToken cancellationToken)
    {
        int unexpected = 0;
        while (true)
        {
            ReceiveMessageResponse received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10 }, cancellationToken).ConfigureAwait(false);
            if (received.Messages is not { Count: > 0 })
            {
                return unexpected;
            }

            foreach (Message message in received.Messages)
            {
                DeadLetterMessage letter = DeadLetterMessage.Parse(message.Body);
                if (letter.Data is { } data && poison.ContainsKey(data))
                {
                    poison[data] = true;
                }
                else
                {
                    unexpected++;
                }

                await sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
