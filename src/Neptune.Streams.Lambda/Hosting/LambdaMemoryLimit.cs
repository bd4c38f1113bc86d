using System.Globalization;

namespace Neptune.Streams.Lambda.Hosting;

/// <summary>
/// Tells the GC how much memory the function has. .NET does not see the limit Lambda places on an execution
/// environment, so without this a 128 MB function's GC sizes its heap for the host's memory and the environment is
/// killed for running out of memory before the GC feels any pressure. Lambda's own .NET runtime
/// (<c>Amazon.Lambda.RuntimeSupport</c>, <c>LambdaBootstrap.AdjustMemorySettings</c>) does the same at start: the heap
/// hard limit becomes <c>AWS_LAMBDA_FUNCTION_MEMORY_SIZE</c> megabytes, unless
/// <c>AWS_LAMBDA_DOTNET_DISABLE_MEMORY_LIMIT_CHECK=true</c> or a lower limit is already configured
/// (<c>DOTNET_GCHeapHardLimit</c>, <c>System.GC.HeapHardLimit</c>).
/// </summary>
internal static class LambdaMemoryLimit
{
    /// <summary>The function's memory in MB, set by Lambda.</summary>
    public const string MemorySizeVariable = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE";

    /// <summary>The opt-out, with the name Lambda's .NET runtime uses.</summary>
    public const string DisableVariable = "AWS_LAMBDA_DOTNET_DISABLE_MEMORY_LIMIT_CHECK";

    private const ulong OneMegabyte = 1024 * 1024;

    /// <summary>Applies the function's memory size as the GC heap hard limit, when Lambda gives one.</summary>
    /// <returns>What was done, for the start-up log line.</returns>
    public static Outcome Apply(ILambdaEnvironment environment)
    {
        try
        {
            Decision decision = Decide(environment, (ulong)GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
            if (decision.LimitBytes is not { } limit)
            {
                return new Outcome(null, decision.Reason, Refused: false);
            }

            AppContext.SetData("GCHeapHardLimit", limit);
            GC.RefreshMemoryLimit();
            return new Outcome((ulong)GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, decision.Reason, Refused: false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The GC refused (a limit below what is already committed, say): run on, as Lambda's runtime does, and say so.
            return new Outcome(null, $"the GC refused the limit ({ex.GetType().Name}: {ex.Message})", Refused: true);
        }
    }

    /// <summary>The limit to apply given the environment and the memory the GC sees now, and why.</summary>
    internal static Decision Decide(ILambdaEnvironment environment, ulong availableBytes)
    {
        if (string.Equals(environment.Get(DisableVariable), "true", StringComparison.OrdinalIgnoreCase))
        {
            return new Decision(null, $"{DisableVariable}=true");
        }

        if (!ulong.TryParse(environment.Get(MemorySizeVariable), NumberStyles.None, CultureInfo.InvariantCulture, out ulong megabytes)
            || megabytes == 0 || megabytes > ulong.MaxValue / OneMegabyte)
        {
            return new Decision(null, $"{MemorySizeVariable} is not set, or not a number of megabytes");
        }

        ulong bytes = megabytes * OneMegabyte;
        return availableBytes < bytes
            ? new Decision(null, $"the GC already has less memory ({availableBytes / OneMegabyte} MB) than {MemorySizeVariable}={megabytes}")
            : new Decision(bytes, $"{MemorySizeVariable}={megabytes}");
    }

    /// <summary>The limit to set (null: none) and why.</summary>
    internal readonly record struct Decision(ulong? LimitBytes, string Reason);

    /// <summary>
    /// The heap limit in effect after <see cref="Apply"/> (null: left as it was), why, and whether the GC refused one
    /// (logged as a warning: the function then runs without the limit).
    /// </summary>
    internal readonly record struct Outcome(ulong? HeapHardLimitBytes, string Reason, bool Refused);
}
