using System.Text.Json.Serialization;
#if !BENCHMARK_FUNCTION_PROCESS
using Neptune.Streams.Lambda.Kinesis;
#endif

namespace Neptune.Streams.Benchmarks;

// The function process (Function/) binds only PersonProperties; the Lambda event types stay in the benchmark itself,
// whose InternalsVisibleTo lets the generator reach KinesisEvent's internal state converter.
#if !BENCHMARK_FUNCTION_PROCESS
[JsonSerializable(typeof(KinesisEventRecord))]
[JsonSerializable(typeof(KinesisEvent))]
[JsonSerializable(typeof(StreamsEventResponse))]
#endif
[JsonSerializable(typeof(PersonProperties))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
