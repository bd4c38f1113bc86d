using Microsoft.Extensions.Hosting;

namespace Neptune.Streams.Local.Http;

/// <summary>A host's lifetime inside someone else's process: no signal handlers, no console messages.</summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
