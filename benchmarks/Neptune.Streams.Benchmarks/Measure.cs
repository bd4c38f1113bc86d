using System.Diagnostics;

namespace Neptune.Streams.Benchmarks;

/// <summary>Best-of-a-window timing and allocation counting, shared by every quick-mode figure.</summary>
public static class Measure
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(800);

    /// <summary>Best items/second over repeated runs within the window (at least five), after three warm-up runs.</summary>
    public static async Task<double> BestRateAsync(int items, Func<Task> run)
    {
        for (int i = 0; i < 3; i++)
        {
            await run();
        }

        double best = 0;
        var window = Stopwatch.StartNew();
        int rounds = 0;
        while (window.Elapsed < Window || rounds < 5)
        {
            long start = Stopwatch.GetTimestamp();
            await run();
            best = Math.Max(best, items / Stopwatch.GetElapsedTime(start).TotalSeconds);
            rounds++;
        }

        return best;
    }

    /// <summary>Bytes allocated by this process per item during one warm run.</summary>
    public static async Task<double> AllocatedPerItemAsync(int items, Func<Task> run)
    {
        await run();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        await run();
        return (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)items;
    }
}
