using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.Kinesis;

namespace QuickStart;

/// <summary>Runs the function on every bundled Lambda Kinesis event and prints a table.</summary>
internal static class FixtureReplay
{
    public static async Task<int> RunAsync(QuickStartFunction function, EventWriter writer)
    {
        writer.Format = EventFormat.None;
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
        Summary.PrintCounts(writer);
        Console.WriteLine($"batches reporting a failure: {failures}");
        return 0;
    }
}
