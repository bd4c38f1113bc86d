using System.Text.Json;
using SearchSync;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.Hosting;
using Neptune.Streams.Lambda.Kinesis;

// In Lambda (provided.al2023, Native AOT): serve invocations from the Runtime API until shutdown.
if (Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API") is { Length: > 0 })
{
    return await LambdaBootstrap.RunAsync<SearchSyncFunction>();
}

// dotnet run --project samples/SearchSync -- --event FILE   runs the function once on a Lambda Kinesis event (- = stdin)
//                                                          against ELASTICSEARCH_URL and prints the response.
if (args is not ["--event", string path])
{
    Console.Error.WriteLine("usage: SearchSync --event FILE|-   (ELASTICSEARCH_URL, ELASTICSEARCH_INDEX, INDEXED_LABELS)");
    return 2;
}

await using var function = new SearchSyncFunction();
KinesisEvent kinesisEvent;
try
{
    await using Stream input = path == "-" ? Console.OpenStandardInput() : File.OpenRead(path);
    kinesisEvent = await NeptuneStreamFunction.ReadEventAsync(input);
}
catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"cannot read the event: {ex.Message}");
    return 1;
}

StreamsEventResponse response = await function.ProcessAsync(kinesisEvent);
Console.WriteLine(JsonSerializer.Serialize(response, LambdaEventJsonContext.Default.StreamsEventResponse));
return 0;
