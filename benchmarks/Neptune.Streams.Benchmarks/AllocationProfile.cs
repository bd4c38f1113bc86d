using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace Neptune.Streams.Benchmarks;

/// <summary>
/// Where the bytes per record go: the runtime's allocation-tick samples (one per ~100 KB allocated, naming the type
/// that crossed the mark) while an invocation of 1,000 records (or the size given) runs, scaled to bytes per record. A sampling profile,
/// good for ranking types, not for exact figures (quick mode's B/record is the exact one).
/// <c>dotnet run -c Release --project benchmarks/Neptune.Streams.Benchmarks -- allocations [--pump | records]</c> (the
/// pump's 30,000 stream records instead, or a batch of another size: a small one shows what each invocation costs).
/// </summary>
public static class AllocationProfile
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--pump"))
        {
            var (pump, records) = await PumpRun.CreateAsync();
            await using (pump)
            {
                return await ProfileAsync(pump.RunAsync, records, 20);
            }
        }

        int size = args.Length > 1 && int.TryParse(args[1], CultureInfo.InvariantCulture, out int n) && n > 0 ? n : 1000;
        var kinesisEvent = EventFactory.Create(size);
        byte[] payload = EventFactory.Payload(kinesisEvent);
        await using var function = new BenchmarkFunction();
        return await ProfileAsync(() => QuickMode.InvokeAsync(function, payload), kinesisEvent.Records.Count, Math.Max(200, 200_000 / size));
    }

    private static async Task<int> ProfileAsync(Func<Task> run, int items, int runs)
    {
        for (int i = 0; i < 5; i++)
        {
            await run();
        }

        using var listener = new AllocationListener();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < runs; i++)
        {
            await run();
        }

        long total = GC.GetTotalAllocatedBytes(precise: true) - before;
        double records = runs * (double)items;
        long sampled = listener.Bytes.Values.Sum();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"allocated: {total / records:N0} B/record in all; sampled types, scaled to it:"));
        foreach (var (type, bytes) in listener.Bytes.OrderByDescending(p => p.Value).Take(25))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {total * (bytes / (double)sampled) / records,8:N1} B/record  {type}"));
        }

        return 0;
    }

    private sealed class AllocationListener : EventListener
    {
        public ConcurrentDictionary<string, long> Bytes { get; } = new(StringComparer.Ordinal);

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.Payload is null)
            {
                return;
            }

            int type = eventData.PayloadNames!.IndexOf("TypeName");
            int amount = eventData.PayloadNames.IndexOf("AllocationAmount64");
            if (type < 0 || amount < 0)
            {
                return;
            }

            Bytes.AddOrUpdate((string)eventData.Payload[type]!, Convert.ToInt64(eventData.Payload[amount], CultureInfo.InvariantCulture), (_, v) => v + Convert.ToInt64(eventData.Payload[amount], CultureInfo.InvariantCulture));
        }
    }
}
