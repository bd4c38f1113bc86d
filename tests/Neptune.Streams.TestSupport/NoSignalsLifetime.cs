using Microsoft.Extensions.Hosting;

namespace Neptune.Streams.TestSupport;

/// <summary>A host's lifetime inside a test process: it leaves Ctrl+C and SIGTERM to the test runner.</summary>
internal sealed class NoSignalsLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
