using System.Diagnostics;

namespace Neptune.Streams.Benchmarks;

/// <summary>Best-of-a-window timing and allocation counting, shared by every quick-mode figure.</summary>
public static class Measure
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(800);

    /// <summary>Best items/second over repeated runs within the window (at least five), after three warm-up runs.</summary>
    public static Task<double> BestRateAsync(int items, Func<Task> run) => BestRateAsync(items, run, Window);

    private static async Task<double> BestRateAsync(int items, Func<Task> run, TimeSpan length)
    {
        for (int i = 0; i < 3; i++)
        {
            await run();
        }

        double best = 0;
        var window = Stopwatch.StartNew();
        int rounds = 0;
        while (window.Elapsed < length || rounds < 5)
        {
            long start = Stopwatch.GetTimestamp();
            await run();
            best = Math.Max(best, items / Stopwatch.GetElapsedTime(start).TotalSeconds);
            rounds++;
        }

        return best;
    }

    /// <summary>
    /// The best items/second of each of <paramref name="runs"/>, measured in turns (<paramref name="turns"/> windows
    /// each, one run after the other): on a shared machine a slow spell then falls on every run's windows alike instead
    /// of on the one measured during it, which would skew the ratios between them.
    /// </summary>
    public static async Task<double[]> BestRatesInTurnsAsync(int items, IReadOnlyList<Func<Task>> runs, int turns = 4)
    {
        var best = new double[runs.Count];
        for (int turn = 0; turn < turns; turn++)
        {
            for (int r = 0; r < runs.Count; r++)
            {
                best[r] = Math.Max(best[r], await BestRateAsync(items, runs[r], Window / turns));
            }
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
