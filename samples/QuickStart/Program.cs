using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda.Hosting;
using QuickStart;

// In Lambda (provided.al2023, Native AOT) the Runtime API, and `--event FILE|-` (one JSON line per graph event, the
// response last): the library's one entry point, as in every function. The rest of this file is the local pipeline.
if (Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API") is { Length: > 0 } || args is ["--event", ..])
{
    return await LambdaBootstrap.RunAsync<QuickStartFunction>(args);
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
        case "--mutations" or "--kinesis-endpoint" or "--dynamodb-endpoint" or "--table" or "--neptune-endpoint" when i + 1 < args.Length:
            settings[args[i]] = args[++i];
            break;
        default:
            Console.Error.WriteLine($"unknown or incomplete argument '{args[i]}'\n{Usage}");
            return 2;
    }
}

using var stdout = Console.OpenStandardOutput();
var writer = new EventWriter(stdout);

if (settings.ContainsKey("--replay-fixtures"))
{
    await using var function = new QuickStartFunction();
    function.Override(builder =>
    {
        builder.Services.AddSingleton(writer);
        builder.Options.Metrics.Enabled = false;
    });
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
