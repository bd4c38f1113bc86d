using System.Text.Json;
using CacheSync;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.Hosting;
using Neptune.Streams.Lambda.Kinesis;

// In Lambda (provided.al2023, Native AOT): serve invocations from the Runtime API until shutdown.
if (Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API") is { Length: > 0 })
{
    return await LambdaBootstrap.RunAsync<CacheSyncFunction>();
}

// dotnet run --project samples/CacheSync -- --event FILE   runs the function once on a Lambda Kinesis event (- = stdin)
//                                                          against REDIS_CONFIGURATION and prints the response.
if (args is not ["--event", string path])
{
    Console.Error.WriteLine("usage: CacheSync --event FILE|-   (Redis from REDIS_CONFIGURATION, default localhost:6379)");
    return 2;
}

await using var function = new CacheSyncFunction();
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
