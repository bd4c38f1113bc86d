using System.Globalization;
using Neptune.Streams.Local.EventSourceMapping;
using Neptune.Streams.Local.NeptuneEndpoint;
using Neptune.Streams.Local.Pipeline;
using Neptune.Streams.Pump.Redrive;
using Neptune.Streams.Pump.Snapshot;
using Neptune.Streams.Pump.State;
using QuickStart.View;

namespace Neptune.Streams.Chaos;

/// <summary>
/// The snapshot variant of the chaos run (issue 15): a graph whose history is older than the stream's retention, a
/// pump that starts with <c>PumpStartPosition.Snapshot</c> and is killed during the snapshot (and after), a writer
/// that keeps changing the graph meanwhile, and the same consumer faults as <see cref="ChaosRun"/> (crashes, timeouts,
/// AWS and label faults, poison records). At the end the consumer's view — QuickStart's materialized view of the
/// effects applied at the sink — must equal the graph, with no effect applied twice.
/// </summary>
/// <remarks>
/// Left out, because they are about the stream and not the snapshot and are proven by <see cref="ChaosRun"/>: permanent
/// failures and the redrive, raw split commits and KPL aggregates, kills while holding a claim (each stalls a shard
/// for the template's 60 s) and lease steals.
/// </remarks>
public static class SnapshotChaosRun
{
    /// <summary>Turns <paramref name="options"/> into the snapshot variant's settings (see the remarks of the type).</summary>
    public static ChaosOptions Configure(ChaosOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Snapshot = true;
        options.PermanentFailureRate = 0;
        options.SplitCommits = 0;
        options.KplAggregates = 0;
        options.ClaimKillRate = 0;
        options.LeaseSteals = 0;

        // A snapshot of a CI-sized graph is a few dozen writes: 15 % kills make one inside it all but certain.
        options.PumpKillRate = Math.Max(options.PumpKillRate, 0.15);
        return options;
    }

    /// <summary>Runs until the view equals the graph (and things settled) or nothing moves any more, then audits.</summary>
    /// <param name="options">Size and fault rates; <see cref="Configure"/> is applied.</param>
    /// <param name="awsEndpoint">A running moto_server for DynamoDB and SQS.</param>
    /// <param name="kinesisEndpoint">A running moto_server for Kinesis.</param>
    /// <param name="progress">Where to write progress lines; null for none.</param>
    /// <param name="cancellationToken">Ends the run early.</param>
    public static async Task<SnapshotChaosSummary> RunAsync(
        ChaosOptions options, string awsEndpoint, string kinesisEndpoint, TextWriter? progress = null, CancellationToken cancellationToken = default)
    {
        Configure(options);
        long started = TimeProvider.System.GetTimestamp();

        // The history: written eight days ago, so the stream no longer has any of it — only a snapshot can bring it.
        var clock = new ShiftableClock { Offset = -TimeSpan.FromDays(8) };
        var graph = new LocalGraph(clock);
        var writer = new SocialNetworkWriter(graph, options.Seed);
        int history = options.Operations / 2;
        for (int i = 0; i < history; i++)
        {
            writer.WriteOne();
        }

        clock.Offset = TimeSpan.Zero;

        await using ChaosStack stack = await ChaosStack.CreateAsync("snapchaos", options, graph, awsEndpoint, kinesisEndpoint, cancellationToken).ConfigureAwait(false);
        ChaosWorld world = stack.World;
        KinesisEventSourceMapping mapping = stack.Mapping;
        DynamoDbPumpStateStore pumpState = stack.PumpState;
        PumpSupervisor supervisor = stack.NewPumpHost("chaos-pump-host", slowWrites: false);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.MaxDuration);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        Task pumping = supervisor.RunAsync(stop.Token);
        Task consuming = mapping.RunAsync(stop.Token);
        var poison = new Dictionary<string, bool>(StringComparer.Ordinal);
        bool failing = true;
        bool stoppedAtCap = false;
        int unexpectedDeadLetters = 0;
        int live = 0;
        bool snapshotDone = false;
        int duringSnapshot = -1;
        try
        {
            // The graph keeps changing while the pump reads it page by page (and is killed), and after.
            for (; live < options.Operations - history; live++)
            {
                writer.WriteOne();

                // Paced, so the writes span the snapshot (and go on after it).
                await Task.Delay(TimeSpan.FromMilliseconds(10), deadline.Token).ConfigureAwait(false);
                if (live % 25 == 0 && !snapshotDone
                    && await pumpState.GetSnapshotAsync(PumpSupervisor.PumpId, deadline.Token).ConfigureAwait(false) is { Phase: SnapshotPhase.Done })
                {
                    snapshotDone = true;
                    duringSnapshot = live;
                }

                if (live == (options.Operations - history) / 2)
                {
                    await stack.PutPoisonAsync(poison, deadline.Token).ConfigureAwait(false);
                }
            }

            if (options.Operations - history < 1)
            {
                await stack.PutPoisonAsync(poison, deadline.Token).ConfigureAwait(false);
            }

            if (duringSnapshot < 0)
            {
                duringSnapshot = live;
            }

            snapshotDone = await WaitUntilEqualOrQuietAsync(stack, graph, started, progress, deadline.Token).ConfigureAwait(false);

            (List<DeadLetter> others, int unreadable) = await stack.ReceiveDeadLettersAsync(poison, deletePoison: false, deadline.Token).ConfigureAwait(false);
            unexpectedDeadLetters += others.Count + unreadable;
            failing = false;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            progress?.WriteLine("stopped before the view caught up: the summary shows the differences");
            stoppedAtCap = true;
            failing = false;
        }
        finally
        {
            await ChaosStack.StopAsync(stop, failing, consuming, pumping).ConfigureAwait(false);
        }

        (int vertices, int edges, IReadOnlyList<string> differences) = world.Sink.View.CompareWith(graph, int.MaxValue);
        foreach (string difference in differences.Take(5))
        {
            progress?.WriteLine("view: " + difference);
        }

        return new SnapshotChaosSummary
        {
            HistoryOperations = history,
            LiveOperations = live,
            OperationsDuringSnapshot = Math.Max(0, duringSnapshot),
            Vertices = vertices,
            Edges = edges,
            ViewDifferences = differences.Count,
            FirstDifferences = [.. differences.Take(5)],
            SnapshotEffects = world.Sink.Effects.Values.Sum(list => { lock (list) { return list.Count(e => e.Snapshot); } }),
            DuplicateEffects = CountDuplicates(world.Sink, progress),
            SnapshotKills = world.Counters.SnapshotKills,
            PumpKills = world.Counters.PumpKills,
            SnapshotDone = snapshotDone,
            Poison = poison.Count(p => p.Value),
            PoisonInjected = poison.Count,
            UnexpectedDeadLetters = unexpectedDeadLetters,
            GivenUp = mapping.Stats.RecordsSentToOnFailure,
            Redelivered = world.Sink.Deliveries.Count(d => d > 1),
            Options = options,
            StoppedAtCap = stoppedAtCap,
            Elapsed = TimeProvider.System.GetElapsedTime(started),
            Faults = stack.FaultLine(supervisor.Starts.ToString(CultureInfo.InvariantCulture)),
        };
    }

    /// <summary>
    /// Waits until the snapshot is done and the view equals the graph (for 2 s without anything new applied), or nothing
    /// moved for <see cref="ChaosOptions.QuietPeriod"/>. Returns whether the snapshot is done.
    /// </summary>
    private static async Task<bool> WaitUntilEqualOrQuietAsync(
        ChaosStack stack, LocalGraph graph, long started, TextWriter? progress, CancellationToken cancellationToken)
    {
        ChaosWorld world = stack.World;
        QuietWatch watch = stack.NewQuietWatch();
        int rounds = 0;
        while (true)
        {
            bool done = await stack.PumpState.GetSnapshotAsync(PumpSupervisor.PumpId, cancellationToken).ConfigureAwait(false) is { Phase: SnapshotPhase.Done };
            (int _, int _, IReadOnlyList<string> differences) = world.Sink.View.CompareWith(graph, 1);
            TimeSpan quiet = watch.Quiet();
            if (++rounds % 10 == 1)
            {
                progress?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{TimeProvider.System.GetElapsedTime(started).TotalSeconds:F0}s snapshot {(done ? "done" : "running")}: applied {world.Sink.Applied} view {(differences.Count == 0 ? "equals the graph" : "differs: " + differences[0])} pump kills {world.Counters.PumpKills} (in the snapshot {world.Counters.SnapshotKills}) crashes {world.Counters.Crashes}"));
            }

            if ((done && differences.Count == 0 && quiet >= TimeSpan.FromSeconds(2)) || quiet >= world.Options.QuietPeriod)
            {
                return done;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Effects that applied a change of an element (of its snapshot event, or of a commit from the stream) already applied.</summary>
    private static int CountDuplicates(EffectSink sink, TextWriter? progress)
    {
        int duplicates = 0;
        foreach ((string id, List<AppliedEffect> applied) in sink.Effects)
        {
            lock (applied)
            {
                // Per change (snapshot or not, commit, operation): the chaos handler applies what no earlier delivery
                // of the event applied (ApplyOnceAsync), so one event may arrive in parts, but no change twice.
                var seen = new HashSet<(bool, long, long)>();
                foreach (AppliedEffect effect in applied)
                {
                    bool again = false;
                    for (long op = effect.First.OpNum; op <= effect.Last.OpNum || effect.First.CommitNum != effect.Last.CommitNum; op++)
                    {
                        again |= !seen.Add((effect.Snapshot, effect.First.CommitNum, op));
                        if (effect.First.CommitNum != effect.Last.CommitNum)
                        {
                            break;
                        }
                    }

                    if (again && ++duplicates <= 5)
                    {
                        progress?.WriteLine($"duplicate: {id}: " + string.Join(", ", applied.Select(e => $"{(e.Snapshot ? "snapshot " : "")}{e.Kind} {e.First}..{e.Last}")));
                    }
                }
            }
        }

        return duplicates;
    }
}
