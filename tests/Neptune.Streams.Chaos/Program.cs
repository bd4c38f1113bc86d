using System.Globalization;
using Neptune.Streams.Chaos;
using Neptune.Streams.TestSupport;

// dotnet run -c Release --project tests/Neptune.Streams.Chaos -- --ops 100000 [--seed N] [--shards N] [--pf N] [--minutes M] [--quiet]
//   [--retries N] [--claim-expiry-s S] [--max-claim-kills N] [--without permanent|split|kpl|labels|claim-kills|lease-steals] ...
//   [--snapshot]   the snapshot variant: history older than retention, the pump starts with a snapshot (docs/chaos.md)
// The cap only guards against a hang (a run ends on its own): 100,000 operations took over 100 minutes on a loaded 2-core machine.
var options = new ChaosOptions { Operations = 100_000, MaxDuration = TimeSpan.FromMinutes(240) };
bool quiet = false;
bool snapshot = false;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--ops": options.Operations = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--seed": options.Seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--minutes": options.MaxDuration = TimeSpan.FromMinutes(double.Parse(args[++i], CultureInfo.InvariantCulture)); break;
        case "--shards": options.Shards = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--pf": options.ParallelizationFactor = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--retries": options.MaximumRetryAttempts = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--max-claim-kills": options.MaxClaimKills = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--claim-expiry-s": options.ClaimExpiry = TimeSpan.FromSeconds(double.Parse(args[++i], CultureInfo.InvariantCulture)); break;
        case "--without":
            switch (args[++i])
            {
                case "permanent": options.PermanentFailureRate = 0; break;
                case "split": options.SplitCommits = 0; break;
                case "kpl": options.KplAggregates = 0; break;
                case "labels": options.LabelFaultRate = 0; break;
                case "claim-kills": options.ClaimKillRate = 0; break;
                case "lease-steals": options.LeaseSteals = 0; break;
                default: Console.Error.WriteLine($"unknown fault {args[i]}"); return 2;
            }

            break;
        case "--quiet": quiet = true; break;
        case "--snapshot": snapshot = true; break;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]}; usage: --ops N [--seed N] [--shards N] [--pf N] [--minutes M] [--retries N] [--claim-expiry-s S] [--max-claim-kills N] [--without FAULT]... [--snapshot] [--quiet]");
            return 2;
    }
}

await using var moto = new MotoServer();
await using var motoKinesis = new MotoServer();
if (snapshot)
{
    SnapshotChaosSummary snapshotSummary = await SnapshotChaosRun.RunAsync(options, moto.Endpoint, motoKinesis.Endpoint, quiet ? null : Console.Error);
    Console.Error.WriteLine($"{snapshotSummary.Faults}; {snapshotSummary.Elapsed.TotalSeconds:F0} s");
    Console.WriteLine(snapshotSummary);
    return snapshotSummary.Passed ? 0 : 1;
}

ChaosSummary summary = await ChaosRun.RunAsync(options, moto.Endpoint, motoKinesis.Endpoint, quiet ? null : Console.Error);
Console.Error.WriteLine($"{summary.Faults}; {summary.Elapsed.TotalSeconds:F0} s");
Console.WriteLine(summary);
return summary.Passed ? 0 : 1;
