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

// dotnet run --project samples/QuickStart                  replays the bundled events and prints a summary
// dotnet run --project samples/QuickStart -- --event FILE  runs the function once on a Lambda Kinesis event (- = stdin):
//                                                          one JSON line per graph event, the response JSON last
string? eventPath = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--event" when i + 1 < args.Length:
            eventPath = args[++i];
            break;
        case "-h" or "--help":
            Console.WriteLine("usage: QuickStart [--event FILE|-]");
            return 0;
        default:
            Console.Error.WriteLine($"unknown argument '{args[i]}'; usage: QuickStart [--event FILE|-]");
            return 2;
    }
}

using var stdout = Console.OpenStandardOutput();
var writer = new EventWriter(stdout);
await using var function = new QuickStartFunction(writer, emitMetrics: false);

if (eventPath is not null)
{
    KinesisEvent kinesisEvent;
    try
    {
        await using Stream input = eventPath == "-" ? Console.OpenStandardInput() : File.OpenRead(eventPath);
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

// Without an event: replay every bundled event and summarise.
writer.Enabled = false;
string events = Path.Combine(AppContext.BaseDirectory, "events");
Console.WriteLine("Neptune.Streams.Lambda QuickStart: replaying the bundled Lambda Kinesis events");
Console.WriteLine();
Console.WriteLine($"{"event file",-30} {"records",7} {"graph events",12}  response");
int failures = 0;
foreach (string file in Directory.GetFiles(events, "*.json").Order(StringComparer.Ordinal))
{
    int before = writer.Counts.Values.Sum();
    KinesisEvent kinesisEvent;
    await using (var input = File.OpenRead(file))
    {
        kinesisEvent = await NeptuneStreamFunction.ReadEventAsync(input);
    }

    StreamsEventResponse response = await function.ProcessAsync(kinesisEvent);
    string outcome = response.BatchItemFailures.Count == 0
        ? "all handled"
        : $"retry from {response.BatchItemFailures[0].ItemIdentifier[..12]}… (poison, no dead-letter sink here)";
    failures += response.BatchItemFailures.Count;
    Console.WriteLine($"{Path.GetFileName(file),-30} {kinesisEvent.Records.Count,7} {writer.Counts.Values.Sum() - before,12}  {outcome}");
}

Console.WriteLine();
Console.WriteLine("graph events by kind:");
foreach (var (kind, count) in writer.Counts.OrderBy(c => c.Key))
{
    Console.WriteLine($"  {kind,-14} {count,5}");
}

Console.WriteLine($"batches reporting a failure: {failures}");
return 0;
