using BenchmarkDotNet.Running;
using Neptune.Streams.Benchmarks;

// dotnet run -c Release --project benchmarks/Neptune.Streams.Benchmarks -- quick [--no-process]   one run, ratios against baselines
// dotnet run -c Release --project benchmarks/Neptune.Streams.Benchmarks -- sizes   one process's figures per batch size, as quick mode reads them
// dotnet run -c Release --project benchmarks/Neptune.Streams.Benchmarks -- allocations [--pump | records]   which types the bytes per record are
// dotnet run -c Release --project benchmarks/Neptune.Streams.Benchmarks -- loop [100|1000|6mb|pump|pump-floor] [seconds]   the payload path (or the pump) in a loop, for a profiler
// dotnet run -c Release --project benchmarks/Neptune.Streams.Benchmarks -- function   only the 6 MB batch through the AOT and JIT function processes
// dotnet run -c Release --project benchmarks/Neptune.Streams.Benchmarks -- pump   only the pump's figures against its floor
// dotnet run -c Release --project benchmarks/Neptune.Streams.Benchmarks            the BenchmarkDotNet suite
if (args.Length > 0 && args[0] == "quick")
{
    return await QuickMode.RunAsync(args);
}

if (args.Length > 0 && args[0] == "sizes")
{
    return await QuickMode.MeasureSizesAsync();
}

if (args.Length > 0 && args[0] == "allocations")
{
    return await AllocationProfile.RunAsync(args);
}

if (args.Length > 0 && args[0] == "function")
{
    await FunctionProcessRun.PrintAsync();
    return 0;
}

if (args.Length > 0 && args[0] == "pump")
{
    await PumpRun.PrintAsync();
    return 0;
}

if (args.Length > 0 && args[0] == "loop")
{
    return await LoopMode.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(StageBenchmarks).Assembly).Run(args);
return 0;
