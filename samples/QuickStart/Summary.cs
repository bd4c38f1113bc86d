namespace QuickStart;

/// <summary>Prints what a run handled.</summary>
internal static class Summary
{
    public static void PrintCounts(EventWriter writer)
    {
        Console.WriteLine("graph events by kind:");
        foreach (var (kind, count) in writer.Counts.OrderBy(c => c.Key))
        {
            Console.WriteLine($"  {kind,-14} {count,6}");
        }

        Console.WriteLine($"  {"total",-14} {writer.Counts.Values.Sum(),6}");
    }
}
