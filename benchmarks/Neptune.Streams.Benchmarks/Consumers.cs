using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Handlers;
using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Benchmarks;

/// <summary>The framework doing all its work: decode, parse, assemble, dispatch to typed handlers.</summary>
public sealed class BenchmarkFunction : NeptuneStreamFunction
{
    public Counter Counter { get; } = new();

    protected override void Configure(NeptuneStreamBuilder builder)
    {
        builder.Services.AddSingleton(Counter);
        builder.Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        builder
            .On<PersonAdded>(GraphEventKind.VertexAdded, "person")
            .On<FollowAdded>(GraphEventKind.EdgeAdded, "follows")
            .On<VertexUpdated>(GraphEventKind.VertexUpdated);
    }
}

public sealed class Counter
{
    public long Events { get; set; }
}

public sealed class PersonAdded(Counter counter) : GraphEventHandler<PersonProperties>(BenchJsonContext.Default.PersonProperties)
{
    protected override ValueTask HandleAsync(GraphEvent graphEvent, PersonProperties properties, GraphEventContext context, CancellationToken cancellationToken)
    {
        counter.Events += properties.Name is null ? 0 : 1;
        return ValueTask.CompletedTask;
    }
}

public sealed class FollowAdded(Counter counter) : IGraphEventHandler
{
    public ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
    {
        counter.Events += graphEvent.From is null ? 0 : 1;
        return ValueTask.CompletedTask;
    }
}

public sealed class VertexUpdated(Counter counter) : IGraphEventHandler
{
    public ValueTask HandleAsync(GraphEvent graphEvent, GraphEventContext context, CancellationToken cancellationToken)
    {
        counter.Events += graphEvent.Properties.Count;
        return ValueTask.CompletedTask;
    }
}

/// <summary>No consumer can be faster: base64 into a pooled buffer and one Utf8JsonReader pass, nothing else.</summary>
public static class ParseFloor
{
    public static long Run(KinesisEvent kinesisEvent)
    {
        long tokens = 0;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        foreach (var record in kinesisEvent.Records)
        {
            string data = record.Kinesis.Data;
            if (!Convert.TryFromBase64String(data, buffer, out int length))
            {
                throw new InvalidDataException();
            }

            var reader = new Utf8JsonReader(buffer.AsSpan(0, length));
            while (reader.Read())
            {
                tokens++;
            }
        }

        ArrayPool<byte>.Shared.Return(buffer);
        return tokens;
    }
}

/// <summary>What a user writes without the library: JsonNode.Parse per record and a dictionary dispatch.</summary>
public sealed class NaiveConsumer
{
    private readonly Dictionary<string, Action<JsonNode>> _handlers;
    private long _count;

    public NaiveConsumer()
    {
        _handlers = new Dictionary<string, Action<JsonNode>>(StringComparer.Ordinal)
        {
            ["vl:ADD"] = node => _count += node["data"]!["value"]!["value"]!.GetValue<string>().Length > 0 ? 1 : 0,
            ["vl:REMOVE"] = _ => _count++,
            ["vp:ADD"] = node => _count += node["data"]!["key"]!.GetValue<string>().Length > 0 ? 1 : 0,
            ["vp:REMOVE"] = _ => _count++,
            ["e:ADD"] = node => _count += node["data"]!["from"]!.GetValue<string>().Length > 0 ? 1 : 0,
            ["e:REMOVE"] = _ => _count++,
            ["ep:ADD"] = _ => _count++,
            ["ep:REMOVE"] = _ => _count++,
        };
    }

    public long Run(KinesisEvent kinesisEvent)
    {
        foreach (var record in kinesisEvent.Records)
        {
            byte[] bytes = Convert.FromBase64String(record.Kinesis.Data);
            JsonNode node = JsonNode.Parse(bytes)!;
            string key = $"{node["data"]!["type"]!.GetValue<string>()}:{node["op"]!.GetValue<string>()}";
            if (_handlers.TryGetValue(key, out var handler))
            {
                handler(node);
            }
        }

        return _count;
    }
}
