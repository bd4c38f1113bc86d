using System.Globalization;
using Neptune.Streams.Lambda.Idempotency;
using Neptune.Streams.Local.EventSourceMapping;
using Neptune.Streams.Local.NeptuneEndpoint;
using Neptune.Streams.Local.Pipeline;
using Neptune.Streams.Pump.Redrive;

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
        var graph = new LocalGraph();
        await using ChaosStack stack = await ChaosStack.CreateAsync("chaos", options, graph, awsEndpoint, kinesisEndpoint, cancellationToken).ConfigureAwait(false);
        ChaosWorld world = stack.World;
        KinesisEventSourceMapping mapping = stack.Mapping;
        PumpSupervisor supervisor = stack.NewPumpHost("chaos-pump-host", slowWrites: options.LeaseSteals > 0);
        PumpSupervisor? rival = null;
        if (options.LeaseSteals > 0)
        {
            // A second pump host (another scheduled run, a redeploy) that takes the lease whenever it expires.
            rival = stack.NewPumpHost("chaos-pump-host-2", slowWrites: true);
            rival.Rival = supervisor;
            supervisor.Rival = rival;
        }

        var raw = new RawProducer(stack.Kinesis, stack.Name, world.Random);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.MaxDuration);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        Task pumping = supervisor.RunAsync(stop.Token);
        Task rivalPumping = rival?.RunAsync(stop.Token) ?? Task.CompletedTask;
        Task consuming = mapping.RunAsync(stop.Token);
        var poison = new Dictionary<string, bool>(StringComparer.Ordinal);
        bool failing = true;
        bool stoppedAtCap = false;
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
                    await PutRawFaultsAsync(stack, raw, poison, deadline.Token).ConfigureAwait(false);
                }
            }

            while (splits < options.SplitCommits)
            {
                await raw.PutSplitCommitAsync(splits++, deadline.Token).ConfigureAwait(false);
            }

            if (options.Operations < 2)
            {
                await PutRawFaultsAsync(stack, raw, poison, deadline.Token).ConfigureAwait(false);
            }

            expected = ExpectedEvents(graph, raw);
            await WaitUntilDoneOrQuietAsync("before redrive", stack, expected, raw, started, progress, deadline.Token).ConfigureAwait(false);
            lostBeforeRedrive = world.Sink.CountMissing(expected, raw.SplitOperations);

            // The operator's part: deploy the fix for what failed permanently, then redrive both queues.
            world.PermanentFixed = true;
            world.Sink.StartRedrive();
            // Poison stays poison: no fix makes it readable, so it is not redriven.
            (List<DeadLetter> toRedrive, int unreadable) = await stack.ReceiveDeadLettersAsync(poison, deletePoison: true, deadline.Token).ConfigureAwait(false);
            deadLettered = toRedrive.Count;
            unexpectedDeadLetters += unreadable;
            var onFailure = new OnFailureQueueSource(stack.Sqs, stack.OnFailureQueueUrl, stack.Kinesis, stack.Name);
            toRedrive.AddRange(await onFailure.ReceiveAllAsync(deadline.Token).ConfigureAwait(false));
            redriven = await DeadLetterRedrive.RedriveAsync(toRedrive, stack.Kinesis, stack.Name, cancellationToken: deadline.Token).ConfigureAwait(false);
            progress?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"redrive: {deadLettered} dead letters and {onFailure.Messages} on-failure messages; {redriven} records put back"));
            await WaitUntilDoneOrQuietAsync("after redrive", stack, expected, raw, started, progress, deadline.Token).ConfigureAwait(false);

            // What is on the dead-letter queue now must be poison only.
            (List<DeadLetter> after, int unreadableAfter) = await stack.ReceiveDeadLettersAsync(poison, deletePoison: false, deadline.Token).ConfigureAwait(false);
            unexpectedDeadLetters += after.Count + unreadableAfter;
            failing = false;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            progress?.WriteLine("stopped before everything arrived: the summary shows what is missing");
            stoppedAtCap = true;
            if (expected.Count == 0)
            {
                expected = ExpectedEvents(graph, raw);
            }

            failing = false;
        }
        finally
        {
            // A pump host or the mapping that failed (not one that was stopped) is the run's failure, not a quiet stall.
            await ChaosStack.StopAsync(stop, failing, consuming, pumping, rivalPumping).ConfigureAwait(false);
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
            StoppedAtCap = stoppedAtCap,
            Elapsed = TimeProvider.System.GetElapsedTime(started),
            Faults = stack.FaultLine($"{supervisor.Starts}+{rival?.Starts ?? 0}"),
        };
        return summary;
    }

    /// <summary>Waits until every expected event was applied (and things settled), or nothing moved for <see cref="ChaosOptions.QuietPeriod"/>.</summary>
    private static async Task WaitUntilDoneOrQuietAsync(
        string phase, ChaosStack stack, Dictionary<string, List<long>> expected, RawProducer raw, long started, TextWriter? progress, CancellationToken cancellationToken)
    {
        ChaosWorld world = stack.World;
        int total = expected.Values.Sum(c => c.Count);
        QuietWatch watch = stack.NewQuietWatch();
        int rounds = 0;
        while (true)
        {
            int missing = world.Sink.CountMissing(expected, raw.SplitOperations);
            TimeSpan quiet = watch.Quiet();
            if (++rounds % 10 == 1)
            {
                progress?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{TimeProvider.System.GetElapsedTime(started).TotalSeconds:F0}s {phase}: applied {total - missing}/{total} invocations {stack.Mapping.Stats.Invocations} given up {stack.Mapping.Stats.RecordsSentToOnFailure} crashes {world.Counters.Crashes} pump kills {world.Counters.PumpKills} AWS faults {world.Counters.AwsFaults}"));
            }

            // A pump write held up on its way must land, and what it carries be consumed, before a phase is done.
            bool landed = world.LateWritesPending == 0;
            if (landed && ((missing == 0 && quiet >= TimeSpan.FromSeconds(2)) || quiet >= world.Options.QuietPeriod))
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

        List<string> lost = sink.Missing(expected, raw.SplitOperations);
        foreach (string line in lost.Take(10))
        {
            progress?.WriteLine("lost: " + line);
        }

        return new ChaosSummary
        {
            Events = expected.Values.Sum(c => c.Count),
            Lost = lost.Count,
            OrderViolations = orderViolations,
            RedriveReordered = redriveReordered,
            DuplicateEffects = duplicates,
            Unlabelled = unlabelled.Count,
            LabelsUnknown = labelsUnknown.Count,
            Redelivered = sink.Deliveries.Count(d => d > 1),
        };
    }

    /// <summary>Poison records, then the KPL aggregates (each with a poison sub-record), straight onto the stream.</summary>
    private static async Task PutRawFaultsAsync(ChaosStack stack, RawProducer raw, Dictionary<string, bool> poison, CancellationToken cancellationToken)
    {
        await stack.PutPoisonAsync(poison, cancellationToken).ConfigureAwait(false);
        for (int i = 0; i < stack.World.Options.KplAggregates; i++)
        {
            await raw.PutKplAggregateAsync(i, stack.World.Options.KplSubRecords, cancellationToken).ConfigureAwait(false);
        }

        foreach (string subRecord in raw.PoisonSubRecords)
        {
            poison[subRecord] = false;
        }
    }
}
