using System.Text.Json.Serialization;
using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Benchmarks;

[JsonSerializable(typeof(KinesisEventRecord))]
[JsonSerializable(typeof(KinesisEvent))]
[JsonSerializable(typeof(PersonProperties))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;

/// <summary>What the typed person handler binds.</summary>
public sealed record PersonProperties(string? Name, DateTimeOffset? BirthDate);
