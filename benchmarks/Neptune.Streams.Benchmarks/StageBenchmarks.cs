using BenchmarkDotNet.Attributes;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.ChangeRecords;
using Neptune.Streams.Lambda.GraphEvents;
using Neptune.Streams.Lambda.Kinesis;

namespace Neptune.Streams.Benchmarks;

/// <summary>
/// Each stage of the data path on the same 1,000-record event, with the memory diagnoser: read the event from the
/// payload bytes (one pass into values, as invocations do; and into KinesisEvent objects, for comparison), decode (which
/// includes the one-pass read), parse, assemble, then the batch from the event (decode to dispatch; dispatch is what it costs
/// beyond the three stages before it), then the whole invocation from the payload bytes to the response bytes.
/// </summary>
[MemoryDiagnoser]
public class StageBenchmarks
{
    private KinesisEvent _event = null!;
    private byte[] _payload = null!;
    private byte[][] _payloads = null!;
    private List<ChangeRecord> _records = null!;
    private BenchmarkFunction _function = null!;

    [Params(1000)]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _event = EventFactory.Create(Records);
        _payload = EventFactory.Payload(_event);
        _payloads = _event.Records.Select(r => Convert.FromBase64String(r.Kinesis.Data)).ToArray();
        _records = [];
        foreach (byte[] payload in _payloads)
        {
            ChangeRecordParser.Parse(payload, _records);
        }

        _function = new BenchmarkFunction();
    }

    [GlobalCleanup]
    public void Cleanup() => _function.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Description = "read event (payload bytes to record values, one pass: the invocation path)")]
    public int ReadEvent()
    {
        KinesisBatchReader.TryRead(_payload, out KinesisBatch? batch);
        using (batch)
        {
            return batch!.Count;
        }
    }

    [Benchmark(Description = "read event (payload bytes to KinesisEvent objects, ReadEventAsync: for tools)")]
    public async Task<int> ReadEventObjects()
    {
        using var input = new MemoryStream(_payload, writable: false);
        KinesisEvent read = await NeptuneStreamFunction.ReadEventAsync(input);
        return read.Records.Count;
    }

    [Benchmark(Description = "decode (base64 from the payload into pooled buffers)")]
    public int Decode()
    {
        KinesisBatchReader.TryRead(_payload, out KinesisBatch? batch);
        using (batch)
        using (var decoder = new KinesisPayloadDecoder(new DecodingOptions()))
        {
            int bytes = 0;
            for (int i = 0; i < batch!.Count; i++)
            {
                decoder.Decode(batch, i, out _);
                bytes += decoder.Payloads[0].Data.Length;
            }

            return bytes;
        }
    }

    [Benchmark(Description = "parse (PG_JSON change records)")]
    public int Parse()
    {
        var output = new List<ChangeRecord>(_payloads.Length);
        foreach (byte[] payload in _payloads)
        {
            ChangeRecordParser.Parse(payload, output);
        }

        return output.Count;
    }

    [Benchmark(Description = "assemble (graph events)")]
    public int Assemble()
    {
        var assembler = new GraphEventAssembler();
        var position = new KinesisPosition("shardId-000000000000", "1", -1, "pk");
        int events = 0;
        foreach (var record in _records)
        {
            if (assembler.HasOpenGroup && !assembler.Continues(record))
            {
                assembler.Close();
                events++;
            }

            if (assembler.Append(record, position))
            {
                assembler.Close();
                events++;
            }
        }

        return events;
    }

    [Benchmark(Description = "batch from the event (decode, parse, assemble, dispatch to a typed and two plain handlers)")]
    public Task<StreamsEventResponse> Dispatch() => _function.ProcessAsync(_event);

    [Benchmark(Description = "invocation (payload bytes to response bytes, FunctionHandler(Stream))")]
    public Task Invocation() => QuickMode.InvokeAsync(_function, _payload);
}
