using System.Text.Json.Serialization;
using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Benchmarks;

[JsonSerializable(typeof(KinesisEventRecord))]
[JsonSerializable(typeof(KinesisEvent))]
[JsonSerializable(typeof(PersonProperties))]
[JsonSerializable(typeof(StreamsEventResponse))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
