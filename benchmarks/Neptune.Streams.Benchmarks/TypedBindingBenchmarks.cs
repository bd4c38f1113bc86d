using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BenchmarkDotNet.Attributes;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.ChangeRecords;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;
using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Benchmarks;

/// <summary>
/// Typed binding of the benchmark batch's person vertices to <see cref="PersonProperties"/>: the binder the package's
/// generator writes (what handlers use) against the JSON round trip it replaced (the event's values written as JSON
/// once per event, then deserialized through the same case-insensitive metadata).
/// </summary>
[MemoryDiagnoser]
public class TypedBindingBenchmarks
{
    private GraphEvent[] _events = null!;
    private JsonTypeInfo<PersonProperties> _json = null!;
    private GeneratedPropertyBinder<PersonProperties> _generated = null!;

    [GlobalSetup]
    public void Setup()
    {
        KinesisEvent kinesisEvent = EventFactory.Create(1000);
        var records = new List<ChangeRecord>();
        foreach (KinesisEventRecord record in kinesisEvent.Records)
        {
            ChangeRecordParser.Parse(Convert.FromBase64String(record.Kinesis.Data), records);
        }

        var assembler = new GraphEventAssembler();
        var position = new KinesisPosition("shardId-000000000000", "1", -1, "pk");
        var events = new List<GraphEvent>();
        foreach (ChangeRecord record in records)
        {
            if (assembler.HasOpenGroup && !assembler.Continues(record))
            {
                events.Add(assembler.Close());
            }

            if (assembler.Append(record, position))
            {
                events.Add(assembler.Close());
            }
        }

        _events = [.. events.Where(e => e.Kind == GraphEventKind.VertexAdded && e.Properties.Count > 0)];
        _json = (JsonTypeInfo<PersonProperties>)new JsonSerializerOptions(BenchJsonContext.Default.Options) { PropertyNameCaseInsensitive = true }
            .GetTypeInfo(typeof(PersonProperties));
        _generated = GeneratedPropertyBinders.For<PersonProperties>()
            ?? throw new InvalidOperationException("The generator wrote no binder for PersonProperties.");
    }

    [Benchmark(Baseline = true, Description = "bind through a JSON round trip (before)")]
    public int JsonRoundTrip()
    {
        int named = 0;
        foreach (GraphEvent graphEvent in _events)
        {
            named += JsonSerializer.Deserialize(EventPropertyJson.Of(graphEvent), _json)!.Name is null ? 0 : 1;
        }

        return named;
    }

    [Benchmark(Description = "bind through the generated binder")]
    public int Generated()
    {
        int named = 0;
        foreach (GraphEvent graphEvent in _events)
        {
            named += _generated.Bind(graphEvent).Name is null ? 0 : 1;
        }

        return named;
    }
}
