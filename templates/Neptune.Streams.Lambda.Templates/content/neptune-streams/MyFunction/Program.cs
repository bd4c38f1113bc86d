using System.Text.Json;
using MyFunction;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.Hosting;
using Neptune.Streams.Lambda.Kinesis;

// In Lambda (provided.al2023): serve invocations from the Lambda Runtime API until the environment shuts down.
if (Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API") is not null)
{
    return await LambdaBootstrap.RunAsync<Function>();
}

// Locally: run the function once on a Lambda Kinesis event and print the partial-batch response.
//   dotnet run --project MyFunction -- --event MyFunction/events/sample-event.json
if (args is not ["--event", var eventPath])
{
    Console.Error.WriteLine("usage: MyFunction --event FILE   run once on a Lambda Kinesis event (FILE, or - for standard input)");
    return 2;
}

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

await using var function = new Function();
StreamsEventResponse response = await function.ProcessAsync(kinesisEvent);
Console.WriteLine(JsonSerializer.Serialize(response, LambdaEventJsonContext.Default.StreamsEventResponse));
return response.BatchItemFailures.Count == 0 ? 0 : 3;
