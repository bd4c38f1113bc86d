using System.Text;
using FsCheck;
using FsCheck.Xunit;
using Neptune.Streams.Lambda.GraphEvents;

namespace Neptune.Streams.Lambda.Tests.GraphEvents;

/// <summary>Random valid Neptune op sequences assemble into exactly the events a model of them predicts.</summary>
public sealed class AssemblyProperties
{
    /// <summary>One commit's change to one element: what it does and how many properties it touches.</summary>
    private static (GraphEventKind Kind, List<string> Records) Commit(long commit, byte what, byte propertyCount)
    {
        var kind = (GraphEventKind)(what % 6);
        int props = propertyCount % 4;
        bool edge = kind is GraphEventKind.EdgeAdded or GraphEventKind.EdgeUpdated or GraphEventKind.EdgeDeleted;
        string id = $"{(edge ? "e" : "v")}{commit % 7}";
        string propType = edge ? "ep" : "vp";
        string labelType = edge ? "e" : "vl";
        string? from = edge ? "v1" : null;
        string? to = edge ? "v2" : null;
        var records = new List<string>();
        int op = 1;

        void Add(string type, string key, string value, string operation) =>
            records.Add(Batches.Pg(commit, op++, id, type, key, value, operation, from: type == labelType && edge ? from : null, to: type == labelType && edge ? to : null));

        switch (kind)
        {
            case GraphEventKind.VertexAdded or GraphEventKind.EdgeAdded:
                Add(labelType, "label", edge ? "follows" : "person", "ADD");
                for (int p = 0; p < props; p++)
                {
                    Add(propType, $"p{p}", $"value{p}", "ADD");
                }

                break;
            case GraphEventKind.VertexUpdated or GraphEventKind.EdgeUpdated:
                // An update touches at least one property: REMOVE of the old value, ADD of the new.
                for (int p = 0; p < Math.Max(1, props); p++)
                {
                    Add(propType, $"p{p}", "old", "REMOVE");
                    Add(propType, $"p{p}", "new", "ADD");
                }

                break;
            default:
                for (int p = 0; p < props; p++)
                {
                    Add(propType, $"p{p}", $"value{p}", "REMOVE");
                }

                Add(labelType, "label", edge ? "follows" : "person", "REMOVE");
                break;
        }

        records[^1] = records[^1][..^1] + ",\"isLastOp\":true}";
        return (kind, records);
    }

    [Property(MaxTest = 200)]
    public bool RandomCommits_AssembleIntoOneEventPerCommitInOrder((byte What, byte Props)[] commits, bool asPage)
    {
        var expected = new List<(GraphEventKind, long)>();
        var records = new List<string>();
        for (int i = 0; i < commits.Length; i++)
        {
            var (kind, commitRecords) = Commit(100 + i, commits[i].What, commits[i].Props);
            expected.Add((kind, 100 + i));
            records.AddRange(commitRecords);
        }

        var batch = asPage
            ? Batches.Of($"{{\"lastEventId\":{{\"commitNum\":1,\"opNum\":1}},\"records\":[{string.Join(',', records)}]}}")
            : Batches.Of([.. records]);
        var function = new RecordingFunction();
        var response = Run(function, batch);

        return response.BatchItemFailures.Count == 0
            && function.Recorder.Events.Select(e => (e.Kind, e.CommitNum)).SequenceEqual(expected);
    }

    [Property(MaxTest = 200)]
    public bool RandomUpdates_CarryOldAndNewValuesOfEveryProperty(byte propertyCount)
    {
        var (_, records) = Commit(5, (byte)GraphEventKind.VertexUpdated, propertyCount);
        var function = new RecordingFunction();
        Run(function, Batches.Of([.. records]));

        var update = function.Recorder.Events.Single();
        return update.Properties.Count == Math.Max(1, propertyCount % 4)
            && update.Properties.All(p => p.Kind == PropertyChangeKind.Changed && p.OldValue!.Value.Text == "old" && p.NewValue!.Value.Text == "new");
    }

    [Property(MaxTest = 300)]
    public bool RandomBytes_NeverCrashTheBatchAndGoodRecordsAroundThemAreHandled(byte[][] garbage)
    {
        garbage ??= [];
        var payloads = new List<byte[]>();
        int good = 0;
        foreach (byte[]? bytes in garbage)
        {
            payloads.Add(bytes ?? []);
            payloads.Add(Encoding.UTF8.GetBytes(Batches.Pg(1000 + good, 1, $"v{good}", "vl", "label", "person", last: true)));
            good++;
        }

        var sink = new CountingSink();
        var function = new RecordingFunction(b => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<DeadLetters.IDeadLetterSink>(b.Services, sink));
        var response = Run(function, Batches.OfBytes([.. payloads]));

        // Every good record is handled; every other one is either a record too (random bytes can be valid JSON
        // without Neptune records: an empty array) or reaches the dead-letter sink. Nothing is reported.
        return response.BatchItemFailures.Count == 0
            && function.Recorder.Events.Count == good
            && sink.Count <= garbage.Length;
    }

    [Property(MaxTest = 300)]
    public bool RandomBytes_WithoutSink_ReportOnlyARecordOfTheBatch(byte[][] garbage)
    {
        garbage ??= [];
        var batch = Batches.OfBytes([.. garbage.Select(g => g ?? [])]);
        var function = new RecordingFunction();
        var response = Run(function, batch);

        return response.BatchItemFailures.Count <= 1
            && response.BatchItemFailures.All(f => batch.Records.Any(r => r.Kinesis.SequenceNumber == f.ItemIdentifier));
    }

    // Properties run synchronously; the function is disposed after each case.
    private static Lambda.Kinesis.StreamsEventResponse Run(RecordingFunction function, Lambda.Kinesis.KinesisEvent batch)
    {
        try
        {
            return function.ProcessAsync(batch).GetAwaiter().GetResult();
        }
        finally
        {
            function.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private sealed class CountingSink : DeadLetters.IDeadLetterSink
    {
        public int Count { get; private set; }

        public ValueTask SendAsync(DeadLetters.PoisonRecord record, CancellationToken cancellationToken = default)
        {
            Count++;
            return ValueTask.CompletedTask;
        }
    }
}
