using CacheSync.Handlers;
using CacheSync.Redis;
using Microsoft.Extensions.DependencyInjection;
using Neptune.Streams.Lambda;
using Neptune.Streams.Lambda.GraphEvents;
using StackExchange.Redis;

namespace CacheSync;

/// <summary>Keeps a Redis hash per vertex (<c>graph:vertex:{id}</c>) in step with the graph, newest commit wins.</summary>
/// <remarks>
/// Lambda creates it with its one constructor; <see cref="Configure"/> registers the options (from the environment) as
/// a factory, resolved on first use, and the multiplexer from the options resolved. Tests replace the options with
/// <see cref="NeptuneStreamFunction.Override"/>: <c>function.Override(b =&gt; b.Services.AddSingleton(options))</c>.
/// </remarks>
public sealed class CacheSyncFunction : NeptuneStreamFunction
{
    /// <inheritdoc />
    protected override void Configure(NeptuneStreamBuilder builder)
    {
        builder.Services.AddSingleton(_ => CacheSyncOptions.FromEnvironment());
        // One multiplexer for the function's life (Lambda's init phase); the service provider disposes it.
        builder.Services.AddSingleton<IConnectionMultiplexer>(
            sp => ConnectionMultiplexer.Connect(sp.GetRequiredService<CacheSyncOptions>().Redis));
        builder.Services.AddSingleton<VertexCache>();
        builder
            .On<VertexCached>(GraphEventKind.VertexAdded).IncludeSnapshot() // a cache fills from a snapshot too
            .On<VertexCached>(GraphEventKind.VertexUpdated)
            .On<VertexEvicted>(GraphEventKind.VertexDeleted);
    }
}
