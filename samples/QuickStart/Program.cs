using System.Globalization;
using System.Text.Json;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.Hosting;
using Neptune.Streams.Lambda.Kinesis;
using QuickStart;

// In Lambda (provided.al2023, Native AOT): serve invocations from the Runtime API until shutdown.
if (Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API") is { Length: > 0 })
{
    return await LambdaBootstrap.RunAsync<QuickStartFunction>();
}

const string Usage = """
    usage: QuickStart                        the whole pipeline on embedded defaults: local Neptune endpoint with a
                                             social network being written -> pump -> Kinesis -> event source mapping
                                             -> this function, events shown as handled, then a summary
             [--mutations N]                 how many graph changes to write (default 200)
             [--quiet]                       summary only
             [--snapshot]                    the graph has 300 changes of history older than the stream's
                                             retention: the pump snapshots the graph (while the writer goes on),
                                             then streams from the snapshot's position
             [--kinesis-endpoint URL]        Kinesis on moto_server or AWS instead of in memory
             [--dynamodb-endpoint URL]       pump state and checkpoints in DynamoDB (moto_server or AWS)
             [--table NAME]                  the DynamoDB table (default neptune-streams; created if missing)
             [--neptune-endpoint URL]        pump from a real Neptune cluster instead of the local endpoint
           QuickStart --event FILE|-         run the function once on a Lambda Kinesis event: one JSON line per
                                             graph event, the response last
           QuickStart --replay-fixtures      run the function on every bundled event file and summarise
    """;

var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "-h" or "--help":
            Console.WriteLine(Usage);
            return 0;
        case "--quiet" or "--replay-fixtures" or "--snapshot":
            settings[args[i]] = "true";
            break;
        case "--event" or "--mutations" or "--kinesis-endpoint" or "--dynamodb-endpoint" or "--table" or "--neptune-endpoint" when i + 1 < args.Length:
            settings[args[i]] = args[++i];
            break;
        default:
            Console.Error.WriteLine($"unknown or incomplete argument '{args[i]}'\n{Usage}");
            return 2;
    }
}

using var stdout = Console.OpenStandardOutput();
var writer = new EventWriter(stdout);

if (settings.TryGetValue("--event", out string? eventPath))
{
    await using var function = new QuickStartFunction(writer, emitMetrics: false);
    KinesisEvent kinesisEvent;
    try
    {
        await using Stream input = eventPath == "-" ? Console.OpenStandardInput() : File.OpenRead(eventPath!);
        kinesisEvent = await NeptuneStreamFunction.ReadEventAsync(input);
    }
    catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
    {
        Console.Error.WriteLine($"cannot read the event: {ex.Message}");
        return 1;
    }

    StreamsEventResponse response = await function.ProcessAsync(kinesisEvent);
    await JsonSerializer.SerializeAsync(stdout, response, LambdaEventJsonContext.Default.StreamsEventResponse);
    stdout.WriteByte((byte)'\n');
    return 0;
}

if (settings.ContainsKey("--replay-fixtures"))
{
    await using var function = new QuickStartFunction(writer, emitMetrics: false);
    return await FixtureReplay.RunAsync(function, writer);
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
var pipeline = new PipelineRun(settings, writer);
try
{
    return await pipeline.RunAsync(cancel.Token);
}
catch (Exception ex) when (ex is HttpRequestException or Amazon.Runtime.AmazonServiceException or Neptune.Streams.Pump.Kinesis.KinesisException or UriFormatException or FormatException)
{
    Console.Error.WriteLine($"the pipeline could not run: {ex.Message}");
    return 1;
}
