using System.Text.Json;
using FollowNotifications;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.Kinesis;

// dotnet run --project samples/FollowNotifications -- --event FILE   runs the function once on a Lambda Kinesis event (- = stdin)
//                                                          against NOTIFICATION_QUEUE_URL and NOTIFICATIONS_TABLE and prints the response.
// On Lambda (provided.al2023, Native AOT) this executable is the bootstrap: see docs/samples.md.
if (args is not ["--event", string path])
{
    Console.Error.WriteLine("usage: FollowNotifications --event FILE|-   (NOTIFICATION_QUEUE_URL, NOTIFICATIONS_TABLE)");
    return 2;
}

await using var function = new FollowNotificationsFunction();
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
