using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.SQS;
using Neptune.Streams.Lambda.Idempotency;
using Neptune.Streams.Local.EventSourceMapping;
using Neptune.Streams.Local.NeptuneEndpoint;
using Neptune.Streams.Local.Pipeline;
using Neptune.Streams.Pump.Kinesis;
using Neptune.Streams.Pump.Redrive;
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
    /// <summary>
    /// Runs until every expected event was applied or nothing moves any more; then deploys the "fix" for the permanent
    /// failures, redrives the dead-letter queue and the on-failure queue, waits again and audits. Stops at
    /// <see cref="ChaosOptions.MaxDuration"/> at the latest.
    /// </summary>
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
        // The pump's state gets a table of its own: moto answers TransactWriteItems (the pump's fenced position write)
        // by deep-copying every table the transaction names and, when a condition fails, putting the copies back — so a
        // checkpoint or idempotency record written meanwhile in the same table would vanish (an effect applied twice),
        // and a copy taken while another request writes fails with a 500. DynamoDB itself does neither.
        string pumpTable = name + "-pump";
        foreach (string table in new[] { name, pumpTable })
        {
            await dynamo.CreateTableAsync(new CreateTableRequest
            {
                TableName = table,
                BillingMode = BillingMode.PAY_PER_REQUEST,
                AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("sk", ScalarAttributeType.S)],
                KeySchema = [new("pk", KeyType.HASH), new("sk", KeyType.RANGE)],
            }, cancellationToken).ConfigureAwait(false);
        }
        string queueUrl = (await sqs.CreateQueueAsync(name + "-dlq", cancellationToken).ConfigureAwait(false)).QueueUrl;
        string onFailureUrl = (await sqs.CreateQueueAsync(name + "-on-failure", cancellationToken).ConfigureAwait(false)).QueueUrl;
        await kinesis.CreateStreamAsync(name, options.Shards, cancellationToken).ConfigureAwait(false);

        var graph = new LocalGraph();
        await using LocalNeptuneEndpoint endpoint = LocalNeptuneEndpoint.Start(graph);
        var world = new ChaosWorld(options, awsEndpoint, name, queueUrl);
        await using var invoker = new ChaosInvoker(world);
        var mapping = new KinesisEventSourceMapping(kinesis, invoker.InvokeAsync, new EventSourceMappingOptions
        {
            StreamName = name,
            BatchSize = options.BatchSize,
            MaximumBatchingWindow = options.MaximumBatchingWindow,
            MaximumRetryAttempts = options.MaximumRetryAttempts,
            MaximumRecordAge = options.MaximumRecordAge,
            BisectBatchOnFunctionError = options.BisectBatchOnFunctionError,
            ParallelizationFactor = options.ParallelizationFactor,
            PollInterval = TimeSpan.FromMilliseconds(50),
            RetryDelay = TimeSpan.FromMilliseconds(10),
            OnFailure = SqsOnFailureDestination.Create(sqs, onFailureUrl),
        });
        var pumpState = new DynamoDbPumpStateStore(dynamo, pumpTable);
        var supervisor = new PumpSupervisor(world, endpoint.Endpoint, kinesis, pumpState, name, "chaos-pump-host", slowWrites: options.LeaseSteals > 0);
        PumpSupervisor? rival = null;
        if (options.LeaseSteals > 0)
        {
            // A second pump host (another scheduled run, a redeploy) that takes the lease whenever it expires.
            rival = new PumpSupervisor(world, endpoint.Endpoint, kinesis, pumpState, name, "chaos-pump-host-2", slowWrites: true) { Rival = supervisor };
            supervisor.Rival = rival;
        }

        var raw = new RawProducer(kinesis, name, world.Random);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.MaxDuration);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        Task pumping = supervisor.RunAsync(stop.Token);
        Task rivalPumping = rival?.RunAsync(stop.Token) ?? Task.CompletedTask;
        Task consuming = mapping.RunAsync(stop.Token);
        var poison = new Dictionary<string, bool>(StringComparer.Ordinal);
        int unexpectedDeadLetters = 0;
        int deadLettered = 0;
        int redriven = 0;
        int lostBeforeRedrive = -1;
        int written = 0;
        Dictionary<string, List<long>> expected = [];
        try
        {
            var writer = new SocialNetworkWriter(graph, options.Seed);
            int splitEvery = options.SplitCommits > 0 ? Math.Max(1, options.Operations / options.SplitCommits) : int.MaxValue;
            int splits = 0;
            for (; written < options.Operations; written++)
            {
                writer.WriteOne();
                if (written % 200 == 199)
                {
                    // Keep writing while the pump reads: the stream grows under it, as Neptune's does.
                    await Task.Delay(TimeSpan.FromMilliseconds(5), deadline.Token).ConfigureAwait(false);
                }

                if (written % splitEvery == splitEvery / 2 && splits < options.SplitCommits)
                {
                    await raw.PutSplitCommitAsync(splits++, deadline.Token).ConfigureAwait(false);
                }

                if (written == options.Operations / 2)
                {
                    await PutRawFaultsAsync(kinesis, name, options, raw, world.Random, poison, deadline.Token).ConfigureAwait(false);
                }
            }

            while (splits < options.SplitCommits)
            {
                await raw.PutSplitCommitAsync(splits++, deadline.Token).ConfigureAwait(false);
            }

            if (options.Operations < 2)
            {
                await PutRawFaultsAsync(kinesis, name, options, raw, world.Random, poison, deadline.Token).ConfigureAwait(false);
            }

            expected = ExpectedEvents(graph, raw);
            await WaitUntilDoneOrQuietAsync("before redrive", world, mapping, expected, raw, options, started, progress, deadline.Token).ConfigureAwait(false);
            lostBeforeRedrive = world.Sink.CountMissing(expected, raw.SplitOperations);

            // The operator's part: deploy the fix for what failed permanently, then redrive both queues.
            world.PermanentFixed = true;
            world.Sink.StartRedrive();
            var toRedrive = new List<DeadLetter>();
            var deadLetters = new SqsDeadLetterSource(sqs, null, queueUrl);
            foreach (DeadLetter letter in await deadLetters.ReceiveAllAsync(deadline.Token).ConfigureAwait(false))
            {
                string data = Convert.ToBase64String(letter.Data.Span);
                if (poison.ContainsKey(data))
                {
                    // Poison stays poison: no fix makes it readable, so it is not redriven.
                    poison[data] = true;
                    await letter.DeleteAsync(deadline.Token).ConfigureAwait(false);
                }
                else
                {
                    deadLettered++;
                    toRedrive.Add(letter);
                }
            }

            unexpectedDeadLetters += deadLetters.Skipped;
            var onFailure = new OnFailureQueueSource(sqs, onFailureUrl, kinesis, name);
            toRedrive.AddRange(await onFailure.ReceiveAllAsync(deadline.Token).ConfigureAwait(false));
            redriven = await DeadLetterRedrive.RedriveAsync(toRedrive, kinesis, name, cancellationToken: deadline.Token).ConfigureAwait(false);
            progress?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"redrive: {deadLettered} dead letters and {onFailure.Messages} on-failure messages; {redriven} records put back"));
            await WaitUntilDoneOrQuietAsync("after redrive", world, mapping, expected, raw, options, started, progress, deadline.Token).ConfigureAwait(false);

            // What is on the dead-letter queue now must be poison only.
            var after = new SqsDeadLetterSource(sqs, null, queueUrl);
            foreach (DeadLetter letter in await after.ReceiveAllAsync(deadline.Token).ConfigureAwait(false))
            {
                string data = Convert.ToBase64String(letter.Data.Span);
                if (poison.ContainsKey(data))
                {
                    poison[data] = true;
                }
                else
                {
                    unexpectedDeadLetters++;
                }
            }

            unexpectedDeadLetters += after.Skipped;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            progress?.WriteLine("stopped before everything arrived: the summary shows what is missing");
            if (expected.Count == 0)
            {
                expected = ExpectedEvents(graph, raw);
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await pumping.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await rivalPumping.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await consuming.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        // A pump host or the mapping that failed (not one that was stopped) is the run's failure, not a quiet stall.
        foreach (Task task in (Task[])[consuming, pumping, rivalPumping])
        {
            if (task.IsFaulted)
            {
                await task.ConfigureAwait(false);
            }
        }

        ChaosSummary summary = Audit(world.Sink, expected, raw, progress) with
        {
            Operations = written,
            Poison = poison.Count(p => p.Value),
            PoisonInjected = poison.Count,
            UnexpectedDeadLetters = unexpectedDeadLetters,
            LostBeforeRedrive = lostBeforeRedrive < 0 ? world.Sink.CountMissing(expected, raw.SplitOperations) : lostBeforeRedrive,
            GivenUp = mapping.Stats.RecordsSentToOnFailure,
            DeadLettered = deadLettered,
            Redriven = redriven,
            Options = options,
            ClaimExpiry = string.Create(CultureInfo.InvariantCulture, $"deadline+{new IdempotencyOptions().ClaimMarginAfterDeadline.TotalSeconds:0.#}"),
            Permanent = world.Counters.Permanent,
            LabelFaults = world.Counters.LabelFaults,
            ClaimKills = world.Counters.ClaimKills,
            LeaseSteals = world.Counters.LeaseSteals,
            Elapsed = TimeProvider.System.GetElapsedTime(started),
            Faults = string.Create(CultureInfo.InvariantCulture,
                $"function crashes={world.Counters.Crashes} (holding a claim {world.Counters.ClaimKills}) pump kills={world.Counters.PumpKills} pump starts={supervisor.Starts}+{rival?.Starts ?? 0} slow pump writes={world.Counters.SlowWrites} AWS faults={world.Counters.AwsFaults} label faults={world.Counters.LabelFaults} timeouts={world.Counters.Timeouts} invocations={mapping.Stats.Invocations} function errors={mapping.Stats.FunctionErrors} partial failures={mapping.Stats.PartialFailures} given up={mapping.Stats.RecordsSentToOnFailure}"),
        };
        return summary;
    }

    /// <summary>Waits until every expected event was applied (and things settled), or nothing moved for <see cref="ChaosOptions.QuietPeriod"/>.</summary>
    private static async Task WaitUntilDoneOrQuietAsync(
        string phase, ChaosWorld world, KinesisEventSourceMapping mapping, Dictionary<string, List<long>> expected, RawProducer raw, ChaosOptions options,
        long started, TextWriter? progress, CancellationToken cancellationToken)
    {
        int total = expected.Values.Sum(c => c.Count);
        (long, long, long) last = default;
        long lastMoved = TimeProvider.System.GetTimestamp();
        int rounds = 0;
        while (true)
        {
            int missing = world.Sink.CountMissing(expected, raw.SplitOperations);
            (long, long, long) now = (world.Sink.Applied, mapping.Stats.RecordsSentToOnFailure, mapping.Stats.RecordsSucceeded);
            if (now != last)
            {
                last = now;
                lastMoved = TimeProvider.System.GetTimestamp();
            }

            // A kill while holding a claim stalls its shard, by design, until the dead invocation's claim expires (at the
            // latest the function timeout plus the claim margin): that wait is not "nothing moves any more".
            long claimKill = world.Counters.LastClaimKill;
            TimeSpan quiet = TimeProvider.System.GetElapsedTime(lastMoved);
            if (claimKill != 0)
            {
                TimeSpan claimStall = TimeProvider.System.GetElapsedTime(claimKill) - options.FunctionTimeout - new IdempotencyOptions().ClaimMarginAfterDeadline;
                quiet = claimStall < quiet ? claimStall : quiet;
            }

            if (++rounds % 10 == 1)
            {
                progress?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{TimeProvider.System.GetElapsedTime(started).TotalSeconds:F0}s {phase}: applied {total - missing}/{total} invocations {mapping.Stats.Invocations} given up {mapping.Stats.RecordsSentToOnFailure} crashes {world.Counters.Crashes} pump kills {world.Counters.PumpKills} AWS faults {world.Counters.AwsFaults}"));
            }

            if ((missing == 0 && quiet >= TimeSpan.FromSeconds(2)) || quiet >= options.QuietPeriod)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The events the change log implies — per element, its commits in commit order (one event per commit and element) —
    /// and those of the raw producer.
    /// </summary>
    private static Dictionary<string, List<long>> ExpectedEvents(LocalGraph graph, RawProducer raw)
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

        foreach ((string id, List<long> commits) in raw.Expected)
        {
            expected[id] = commits;
        }

        return expected;
    }

    private static ChaosSummary Audit(EffectSink sink, Dictionary<string, List<long>> expected, RawProducer raw, TextWriter? progress)
    {
        int orderViolations = 0;
        int redriveReordered = 0;
        int duplicates = 0;
        int shown = 0;
        var unlabelled = new HashSet<(string, long)>();
        var labelsUnknown = new HashSet<(string, long)>();
        foreach ((string id, List<AppliedEffect> applied) in sink.Effects)
        {
            lock (applied)
            {
                var seen = new Dictionary<long, List<(long First, long Last)>>();
                long highest = long.MinValue;
                foreach (AppliedEffect effect in applied)
                {
                    long commit = effect.First.CommitNum;
                    if (effect.LabelsUnknown && !raw.Expected.ContainsKey(id))
                    {
                        labelsUnknown.Add((id, commit));
                    }

                    if (effect.Unlabelled && !raw.Expected.ContainsKey(id) && unlabelled.Add((id, commit)) && unlabelled.Count <= 5)
                    {
                        progress?.WriteLine($"unlabelled: {effect.Kind} {id} commit {commit}");
                    }

                    (long First, long Last) ops = effect.Last.CommitNum == commit ? (effect.First.OpNum, effect.Last.OpNum) : (effect.First.OpNum, long.MaxValue);
                    if (seen.TryGetValue(commit, out List<(long First, long Last)>? before) && !before.Exists(b => b.First <= ops.Last && ops.First <= b.Last))
                    {
                        // The rest of a commit an earlier batch ended inside: a different change, not a duplicate.
                        before.Add(ops);
                        continue;
                    }

                    if (before is not null)
                    {
                        if (++shown <= 5)
                        {
                            progress?.WriteLine($"duplicate: {id} commit {commit}: " + string.Join(", ", applied.Select(e => $"{e.Kind} {e.First}..{e.Last}{(e.Redriven ? " (redriven)" : "")}")));
                        }

                        // A change of the commit applied a second time is a duplicate, whatever event id
                        // the batch boundaries gave it.
                        duplicates++;
                        continue;
                    }

                    seen[commit] = [ops];
                    if (commit < highest)
                    {
                        if (effect.Redriven)
                        {
                            redriveReordered++;
                        }
                        else
                        {
                            orderViolations++;
                        }
                    }

                    highest = Math.Max(highest, commit);
                }
            }
        }

        return new ChaosSummary
        {
            Events = expected.Values.Sum(c => c.Count),
            Lost = sink.CountMissing(expected, raw.SplitOperations),
            OrderViolations = orderViolations,
            RedriveReordered = redriveReordered,
            DuplicateEffects = duplicates,
            Unlabelled = unlabelled.Count,
            LabelsUnknown = labelsUnknown.Count,
            Redelivered = sink.Deliveries.Count(d => d > 1),
        };
    }

    /// <summary>Poison records, then the KPL aggregates (each with a poison sub-record), straight onto the stream.</summary>
    private static async Task PutRawFaultsAsync(
        KinesisHttpClient kinesis, string stream, ChaosOptions options, RawProducer raw, LockedRandom random, Dictionary<string, bool> poison, CancellationToken cancellationToken)
    {
        var entries = new List<KinesisPutEntry>();
        for (int i = 0; i < options.PoisonRecords; i++)
        {
            // Not JSON, not gzip, not KPL: no parser accepts it, so it must be dead-lettered, not dropped and not fatal.
            byte[] garbage = new byte[64];
            random.NextBytes(garbage);
            byte[] data = [.. "poison:"u8, .. garbage];
            entries.Add(new KinesisPutEntry($"poison-{i}", data));
            poison[Convert.ToBase64String(data)] = false;
        }

        if (entries.Count > 0)
        {
            KinesisPutResult result = await kinesis.PutRecordsAsync(stream, entries, cancellationToken).ConfigureAwait(false);
            if (result.FailedCount > 0)
            {
                throw new InvalidOperationException($"{result.FailedCount} poison records were not accepted by Kinesis");
            }
        }

        for (int i = 0; i < options.KplAggregates; i++)
        {
            await raw.PutKplAggregateAsync(i, options.KplSubRecords, cancellationToken).ConfigureAwait(false);
        }

        foreach (string subRecord in raw.PoisonSubRecords)
        {
            poison[subRecord] = false;
        }
    }
}
